import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, startLivekit } from '@peer-support/stack/livekit';
import { freePort, httpOk, startProcess, waitFor } from '@peer-support/stack/processes';
import postgres from 'postgres';

const adminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface Stack {
  baseUrl: string;
  /** With `apiNodes: 2`, a second API process on the same database (and LiveKit). */
  secondBaseUrl?: string;
  /** With `inspect: true`, the first API process's inspector port, for reading its memory (tests/bench/heap.ts). */
  apiInspectorPort?: number;
  databaseUrl: string;
  livekitUrl: string;
  /** The loopback LiveKit key pair, for benchmarks that mint a token without the API. */
  livekitKeys: { apiKey: string; apiSecret: string };
  /** Where the API writes email (no SMTP in tests); read it with readOutbox(). */
  outboxDir: string;
  stop(): Promise<void>;
}

/**
 * The real thing, started from scratch: a fresh PostgreSQL database, LiveKit on loopback
 * with webhooks pointed at the API, and the API serving the built web client.
 */
export async function startStack(
  options: { database?: 'postgres' | 'pglite'; apiNodes?: 1 | 2; inspect?: boolean } = {},
): Promise<Stack> {
  const webDist = path.join(repoRoot, 'apps/web/dist');
  if (!existsSync(path.join(webDist, 'index.html'))) {
    throw new Error(`The web client is not built (${webDist}). Run "pnpm build" first; "pnpm test" does.`);
  }
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'e2e-stack-'));
  const cleanups: (() => Promise<unknown>)[] = [() => rm(workDir, { recursive: true, force: true })];
  const stop = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  };

  try {
    let databaseUrl = '';
    if ((options.database ?? 'postgres') === 'postgres') {
      const name = `test_e2e_${randomBytes(6).toString('hex')}`;
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${name}`).catch(async (error: Error) => {
        await admin.end();
        throw new Error(`PostgreSQL at ${adminUrl} did not answer: ${error.message}`);
      });
      cleanups.push(async () => {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      });
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      databaseUrl = url.toString();
    }

    const apiPort = await freePort();
    const baseUrl = `http://127.0.0.1:${apiPort}`;
    const outboxDir = path.join(workDir, 'outbox');
    const livekit = await startLivekit({
      port: await freePort(),
      tcpPort: await freePort(),
      udpPort: await freePort(),
      webhookUrl: `http://127.0.0.1:${apiPort}/api/livekit/webhook`,
      workDir,
    });
    cleanups.push(() => livekit.stop());

    const inspectorPort = options.inspect ? await freePort() : undefined;
    const startApi = async (port: number, node: string, seed: boolean, inspector?: number) => {
      const url = `http://127.0.0.1:${port}`;
      const apiLog = path.join(workDir, `${node}.log`);
      const api = await startProcess({
        name: node,
        command: path.join(repoRoot, 'node_modules/.bin/tsx'),
        // tsx hands --inspect to the node process that runs the server.
        args: [
          ...(inspector ? [`--inspect=127.0.0.1:${inspector}`] : []),
          path.join(repoRoot, 'apps/api/src/server.ts'),
        ],
        env: {
          ...process.env,
          NODE_ENV: 'test',
          HOST: '127.0.0.1',
          PORT: String(port),
          LOG_LEVEL: 'warn',
          ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATA_DIR: path.join(workDir, 'data') }),
          LIVEKIT_URL: livekit.url,
          LIVEKIT_API_KEY: livekit.apiKey,
          LIVEKIT_API_SECRET: livekit.apiSecret,
          WEB_DIST: webDist,
          SEED_DEMO: String(seed),
          PUBLIC_URL: baseUrl,
          OUTBOX_DIR: outboxDir,
          // Every test signs people up from 127.0.0.1; the limiter stays on, with room for
          // that. The throttle itself is tested in apps/api/test/security/accounts.test.ts.
          SIGN_UP_LIMIT_PER_IP: '1000',
          SIGN_IN_LIMIT_PER_IP: '1000',
        },
        output: apiLog,
      });
      cleanups.push(() => api.stop());
      await waitFor(node, () => httpOk(`${url}/api/health`), 60_000, api.child).catch((error: Error) => {
        throw new Error(`${error.message} (log: ${apiLog})`);
      });
      return url;
    };
    await startApi(apiPort, 'api', true, inspectorPort);
    let secondBaseUrl: string | undefined;
    if (options.apiNodes === 2) {
      if (!databaseUrl) throw new Error('Two API nodes need PostgreSQL: PGlite is one process by nature.');
      secondBaseUrl = await startApi(await freePort(), 'api-2', false);
    }
    return {
      baseUrl,
      ...(secondBaseUrl && { secondBaseUrl }),
      ...(inspectorPort && { apiInspectorPort: inspectorPort }),
      databaseUrl,
      livekitUrl: livekit.url,
      livekitKeys: { apiKey: livekit.apiKey, apiSecret: livekit.apiSecret },
      outboxDir,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
