import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startLivekit } from '@peer-support/stack/livekit';
import { freePort } from '@peer-support/stack/processes';
import { afterAll } from 'vitest';
import { buildTestApp, type TestAppOptions } from '../helper.ts';

/**
 * The real app listening on loopback with a LiveKit server of its own whose webhooks reach it,
 * for tests that need LiveKit's real account of who joined (the shared server's webhooks go
 * nowhere, because the rest of the suite drives the app through inject()).
 */
export async function appWithWebhooks(options: TestAppOptions = {}) {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'security-livekit-'));
  const apiPort = await freePort();
  const livekit = await startLivekit({
    port: await freePort(),
    tcpPort: await freePort(),
    udpPort: await freePort(),
    webhookUrl: `http://127.0.0.1:${apiPort}/api/livekit/webhook`,
    workDir,
  });
  afterAll(async () => {
    await livekit.stop();
    await rm(workDir, { recursive: true, force: true });
  });
  const app = await buildTestApp({ ...options, livekit });
  await app.listen({ host: '127.0.0.1', port: apiPort });
  return { app, livekitUrl: livekit.url };
}
