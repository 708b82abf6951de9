import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromium } from './chromium.ts';

export interface BrowserPerFile {
  /**
   * A new page in its own browser context (its own cookies and storage): one per person.
   * `timezoneId` puts this one person on another clock than the file's (a member abroad).
   */
  newPage(options?: { timezoneId?: string }): Promise<Page>;
  /** Uncaught exceptions from every page so far: a page that threw has failed, whatever it shows. */
  pageErrors: string[];
}

/**
 * One Chromium for the whole test file, launched before its tests and closed after them.
 * Call it at the top of the file. `timezoneId` puts every page on that clock (the schedule
 * tests read times in the group's own zone).
 */
export function browserPerFile(options: { timezoneId?: string } = {}): BrowserPerFile {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  // The pages the current test opened: when it fails, what each showed is printed, since a
  // CI run leaves no screenshots to look at.
  let pagesOfTest: Page[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterEach(async ({ task }) => {
    const pages = pagesOfTest;
    pagesOfTest = [];
    if (task.result?.state === 'fail') {
      for (const [i, page] of pages.entries()) {
        const shown = await page
          .locator('body')
          .ariaSnapshot({ timeout: 2000 })
          .catch((e: Error) => `(could not read the page: ${e.message})`);
        process.stdout.write(`\n--- page ${i + 1} of "${task.name}" at ${page.url()}\n${shown.slice(0, 4000)}\n`);
      }
    }
    // Each test's people leave when it ends: calls left running (camera, LiveKit) would load
    // the two cores for every later test in the file, which then ran several times slower.
    for (const page of pages)
      await page
        .context()
        .close()
        .catch(() => {});
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
  });

  return {
    pageErrors,
    async newPage(own = {}) {
      if (!browser) throw new Error('newPage() was called before the browser started: call it inside a test.');
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options, ...own });
      contexts.push(context);
      const page = await context.newPage();
      pagesOfTest.push(page);
      page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
      return page;
    },
  };
}

/** The page's main heading with this name. */
export const h1 = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });
