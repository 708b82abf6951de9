/**
 * `pnpm test`: every check, in order, stopping at the first failure. Ends with one plain
 * line, "N passed, N failed", counted from Vitest's own JSON report.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const reportDir = path.join(root, '.test-results');
mkdirSync(reportDir, { recursive: true });

function step(title: string, command: string, args: string[]) {
  console.log(`\n\x1b[1m==> ${title}\x1b[0m`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, TZ: 'UTC' } });
  console.log(`    (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return result.status ?? 1;
}

function counts(file: string) {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
    };
    return report;
  } catch {
    return undefined;
  }
}

const checks: [string, string, string[]][] = [
  ['lint (biome)', 'pnpm', ['exec', 'biome', 'ci', '.']],
  ['typecheck', 'pnpm', ['typecheck']],
  ['build the web client', 'pnpm', ['build']],
];
for (const [title, cmd, args] of checks) {
  if (step(title, cmd, args) !== 0) {
    console.log(`\n0 passed, 1 failed: ${title}`);
    process.exit(1);
  }
}

const report = path.join(reportDir, 'vitest.json');
const status = step('tests: unit, api-pglite, api-postgres, e2e', 'pnpm', [
  'exec',
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
]);
const r = counts(report);
if (!r) {
  console.log('\n0 passed, 1 failed: Vitest wrote no report');
  process.exit(1);
}
const skipped = r.numPendingTests + r.numTodoTests;
console.log(`\n${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
// A skipped test proves nothing: treat one as a failure.
process.exit(status !== 0 || r.numFailedTests > 0 || skipped > 0 || r.numPassedTests === 0 ? 1 : 0);
