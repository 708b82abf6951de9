import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '@peer-support/db/client';
import { startLivekit } from '@peer-support/stack/livekit';
import { freePort } from '@peer-support/stack/processes';
import type { ProvidedContext } from 'vitest';
import type { TestProject } from 'vitest/node';
import { createDatabase } from './postgres-admin.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    livekit: { url: string; apiKey: string; apiSecret: string };
    /** The schema, migrated once for the run: each test app starts from a copy (see helper.ts). */
    databaseTemplate: { driver: 'pglite'; dumpFile: string } | { driver: 'postgres'; name: string };
  }
}

/**
 * Migrating from nothing took about 3 s per test app (PGlite, on the 2-core machine) and
 * there are well over a hundred apps per database; copying a migrated one takes a fraction.
 */
async function migratedTemplate(
  driver: 'pglite' | 'postgres',
  workDir: string,
): Promise<{ template: ProvidedContext['databaseTemplate']; drop: () => Promise<void> }> {
  if (driver === 'pglite') {
    const db = openDatabase({ driver: 'pglite', dataDir: 'memory' });
    await db.migrate();
    const dump = await db.dump?.();
    await db.close();
    if (!dump) throw new Error('PGlite gave no dump of the migrated template');
    const dumpFile = path.join(workDir, 'pglite-template.tar');
    await writeFile(dumpFile, Buffer.from(await dump.arrayBuffer()));
    return { template: { driver, dumpFile }, drop: async () => {} };
  }
  const name = `test_template_${randomBytes(6).toString('hex')}`;
  const { url, drop } = await createDatabase(name);
  const db = openDatabase({ driver: 'postgres', url, maxConnections: 1 });
  await db.migrate();
  // A template copies only while nobody is connected to it.
  await db.close();
  return { template: { driver, name }, drop };
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
  const driver = project.config.env?.TEST_DB === 'postgres' ? 'postgres' : 'pglite';
  const { template, drop } = await migratedTemplate(driver, workDir);
  project.provide('databaseTemplate', template);
  return async () => {
    await drop();
    await livekit.stop();
    await rm(workDir, { recursive: true, force: true });
  };
}
