/**
 * `pnpm bench`: figures, not assertions. Each measurement runs beside its baseline in the
 * same run, on the same machine, and prints both with their ratio.
 */
import path from 'node:path';
import { repoRoot } from '@peer-support/stack/livekit';
import { freePort, httpOk, startProcess, waitFor } from '@peer-support/stack/processes';
import autocannon from 'autocannon';
import { launchChromium } from '../support/chromium.ts';
import { startStack } from '../support/stack.ts';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 8);
const CONNECTIONS = 20;
const JOINS = Number(process.env.BENCH_JOINS ?? 5);

interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(url: string): Promise<Load> {
  // Warm up so JIT and connection set-up do not count.
  await autocannon({ url, connections: CONNECTIONS, duration: 1 });
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

function table(title: string, header: string[], rows: string[][]) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
  console.log(`\n${title}\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of rows) console.log(line(r));
}

async function httpThroughput(stacks: { label: string; baseUrl: string }[]) {
  const port = await freePort();
  const bare = await startProcess({
    name: 'bare-fastify',
    command: path.join(repoRoot, 'node_modules/.bin/tsx'),
    args: [path.join(repoRoot, 'tests/bench/bare-fastify.ts')],
    env: { ...process.env, PORT: String(port) },
    output: 'inherit',
  });
  try {
    const bareUrl = `http://127.0.0.1:${port}/health`;
    await waitFor('bare Fastify', () => httpOk(bareUrl), 20_000, bare.child);
    const baseline = await load(bareUrl);
    const measured: [string, Load][] = [];
    for (const stack of stacks) {
      measured.push([
        `API on ${stack.label}: GET /api/health (DB + LiveKit check)`,
        await load(`${stack.baseUrl}/api/health`),
      ]);
      measured.push([
        `API on ${stack.label}: GET /api/sessions (DB query)`,
        await load(`${stack.baseUrl}/api/sessions`),
      ]);
    }
    const row = (name: string, l: Load) => [
      name,
      fmt(l.rps),
      fmt(l.p50, 1),
      fmt(l.p99, 1),
      String(l.errors),
      `${fmt(l.rps / baseline.rps, 3)}x`,
    ];
    table(
      `HTTP throughput (${CONNECTIONS} connections, ${DURATION_S} s each)`,
      ['route', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'vs bare'],
      [row('bare Fastify GET /health (baseline)', baseline), ...measured.map(([name, l]) => row(name, l))],
    );
  } finally {
    await bare.stop();
  }
}

/** Time from the API issuing a token to the first decoded frame of the other person's video. */
async function tokenToFirstFrame(stack: { baseUrl: string }) {
  const browser = await launchChromium();
  try {
    const join = async (name: string) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(stack.baseUrl);
      await page
        .getByRole('link', { name: /^Join / })
        .first()
        .click();
      await page.getByLabel('Your name in the call').fill(name);
      await page.getByRole('button', { name: 'Join' }).click();
      return page;
    };
    const host = await join('Host');
    await host.getByLabel('Video of Host').waitFor();
    const samples: number[] = [];
    for (let i = 0; i < JOINS; i++) {
      const guest = await join(`Guest ${i}`);
      // A string, not a function: the TypeScript loader's helpers do not exist in the page.
      const ms = await guest.evaluate<number>(`new Promise((resolve, reject) => {
        const deadline = performance.now() + 30000;
        const tick = () => {
          const video = document.querySelector('figure[data-remote="true"] video');
          const mark = performance.getEntriesByName('token-issued')[0];
          if (video && mark && video.readyState >= 2 && video.videoWidth > 0) resolve(performance.now() - mark.startTime);
          else if (performance.now() > deadline) reject(new Error('no remote frame within 30 s'));
          else requestAnimationFrame(tick);
        };
        tick();
      })`);
      samples.push(ms);
      await guest.context().close();
    }
    table(
      `Chromium: token issued → first remote video frame (${JOINS} joins)`,
      ['measure', 'median ms', 'min ms', 'max ms'],
      [['join the demo call', fmt(median(samples)), fmt(Math.min(...samples)), fmt(Math.max(...samples))]],
    );
  } finally {
    await browser.close();
  }
}

const pglite = await startStack({ database: 'pglite' });
const pg = await startStack({ database: 'postgres' });
try {
  console.log(`Benchmarks on ${process.platform}/${process.arch}, Node ${process.version}`);
  await httpThroughput([
    { label: 'PGlite', baseUrl: pglite.baseUrl },
    { label: 'PostgreSQL', baseUrl: pg.baseUrl },
  ]);
  await tokenToFirstFrame(pglite);
} finally {
  await pg.stop();
  await pglite.stop();
}
