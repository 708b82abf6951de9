import { afterEach, beforeEach, vi } from 'vitest';

const errors: unknown[][] = [];
const record = (...args: unknown[]) => {
  errors.push(args);
};
// Armed before every test, not once per file: a test's vi.restoreAllMocks() would otherwise
// disarm it for the rest of the file.
const arm = () => {
  if (!vi.isMockFunction(console.error)) vi.spyOn(console, 'error').mockImplementation(record);
};
arm();
beforeEach(arm);

afterEach(() => {
  if (errors.length === 0) return;
  const printed = errors.map((a) => a.map(String).join(' ')).join('\n');
  errors.length = 0;
  throw new Error(`The test wrote to console.error, which hides failures:\n${printed}`);
});
