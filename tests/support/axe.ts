import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const axeSource = createRequire(import.meta.url).resolve('axe-core');

/**
 * Runs axe-core on the page as it is now and returns one line per violation (rule, help,
 * and the offending elements), so a failing assertion says what to fix. The script goes in
 * once per document; client-side navigation keeps it. Strings, not functions, are evaluated:
 * tsx would wrap a function with a helper that does not exist in the page.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.addScriptTag({ path: axeSource });
  return (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) =>
    r.violations.map((v) => v.id + ': ' + v.help + ' [' + v.nodes.map((n) => n.target.join(' ')).join(', ') + ']'))`)) as string[];
}

/** Fails with the list of violations, if axe finds any. */
export async function expectNoAxeViolations(page: Page) {
  expect(await axeViolations(page)).toEqual([]);
}
