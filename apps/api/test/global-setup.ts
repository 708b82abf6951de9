import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startLivekit } from '@peer-support/stack/livekit';
import { freePort } from '@peer-support/stack/processes';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    livekit: { url: string; apiKey: string; apiSecret: string };
  }
}

/** A real LiveKit server for the API suite; a missing binary fails the run, never skips. */
export default async function setup(project: TestProject) {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'api-test-livekit-'));
  const port = await freePort();
  const livekit = await startLivekit({
    port,
    tcpPort: await freePort(),
    udpPort: await freePort(),
    // The API suite drives the app through inject(), so nothing listens here; the
    // end-to-end suite proves real webhook delivery.
    webhookUrl: `http://127.0.0.1:${await freePort()}/api/livekit/webhook`,
    workDir,
  });
  project.provide('livekit', { url: livekit.url, apiKey: livekit.apiKey, apiSecret: livekit.apiSecret });
  return async () => {
    await livekit.stop();
    await rm(workDir, { recursive: true, force: true });
  };
}
