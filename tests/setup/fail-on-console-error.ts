import { afterEach, vi } from 'vitest';

const errors: unknown[][] = [];
vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
  errors.push(args);
});

afterEach(() => {
  if (errors.length === 0) return;
  const printed = errors.map((a) => a.map(String).join(' ')).join('\n');
  errors.length = 0;
  throw new Error(`The test wrote to console.error, which hides failures:\n${printed}`);
});
