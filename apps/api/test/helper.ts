import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Transaction } from '@peer-support/db/client';
import { sql } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { afterAll, inject } from 'vitest';
import { buildApp } from '../src/app.ts';
import { type Config, loadConfig } from '../src/config.ts';
import { LISTING_CHANNEL } from '../src/services/listing-version.ts';
import { createDatabase } from './postgres-admin.ts';

/** The migrated template, read once per test file. */
let pgliteTemplate: Promise<Blob> | undefined;

/**
 * A fresh database for one app, copied from the run's migrated template (global-setup.ts): an
 * in-memory PGlite loaded from its dump, or a new PostgreSQL database made from the template
 * and dropped afterwards. Nothing is shared between apps.
 */
async function freshDatabase(): Promise<{ database: Config['database']; drop: () => Promise<void> }> {
  const template = inject('databaseTemplate');
  if (template.driver === 'pglite') {
    pgliteTemplate ??= readFile(template.dumpFile).then((bytes) => new Blob([bytes]));
    return {
      database: { driver: 'pglite', dataDir: 'memory', loadDataDir: await pgliteTemplate },
      drop: async () => {},
    };
  }
  const { url, drop } = await createDatabase(`test_api_${randomBytes(6).toString('hex')}`, template.name);
  return { database: { driver: 'postgres', url }, drop };
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** Override parts of the config after loading, e.g. to point LiveKit somewhere else. */
  patch?: (config: Config) => Config;
  /** A LiveKit server of the test's own instead of the suite's shared one. */
  livekit?: { url: string; apiKey: string; apiSecret: string };
  /** The app's clock (see plugins/clock.ts), for a test that states the order things happen in. */
  clock?: () => Date;
}

type App = Awaited<ReturnType<typeof buildApp>>;

/**
 * The tests play the browser on the app's own pages: like Chromium, every request other than
 * GET and HEAD carries the page's Origin. A test that means another site says so
 * (`origin: 'https://elsewhere.example'`); one that means a client with no Origin at all
 * (a script, a calendar app) says `origin: undefined`.
 */
function playTheBrowser(app: App, origin: string) {
  const inject = app.inject.bind(app);
  const withOrigin = (opts: InjectOptions): InjectOptions => {
    const method = (opts.method ?? 'GET').toUpperCase();
    const headers: NonNullable<InjectOptions['headers']> = { ...opts.headers };
    if (!('origin' in headers)) {
      if (method !== 'GET' && method !== 'HEAD') headers.origin = origin;
    } else if (headers.origin === undefined) delete headers.origin;
    return { ...opts, headers };
  };
  app.inject = ((opts?: InjectOptions | string, callback?: unknown) => {
    if (opts === undefined) return inject();
    const options = withOrigin(typeof opts === 'string' ? { url: opts } : opts);
    return callback ? inject(options, callback as never) : inject(options);
  }) as typeof app.inject;
}

/** Builds the real app on a fresh database against the suite's real LiveKit server. */
export async function buildTestApp(options: TestAppOptions = {}) {
  const livekit = options.livekit ?? inject('livekit');
  const { database, drop } = await freshDatabase();
  const base = loadConfig({
    NODE_ENV: 'test',
    LIVEKIT_URL: livekit.url,
    LIVEKIT_API_KEY: livekit.apiKey,
    LIVEKIT_API_SECRET: livekit.apiSecret,
    WEB_DIST: '/nonexistent',
    SEED_DEMO: 'false',
    OUTBOX_DIR: mkdtempSync(path.join(os.tmpdir(), 'api-test-outbox-')),
    // Whole files sign dozens of people up from 127.0.0.1. The limiter stays on; the tests
    // of the throttle itself (test/security/accounts.test.ts) set their own limits.
    SIGN_UP_LIMIT_PER_IP: '1000',
    SIGN_IN_LIMIT_PER_IP: '1000',
    ...options.env,
  });
  const config = (options.patch ?? ((c) => c))({ ...base, database });
  const app = await buildApp(config, { logger: false, clock: options.clock });
  playTheBrowser(app, config.publicUrl);
  if (config.mail.transport.kind === 'outbox') Object.assign(app, { outboxDir: config.mail.transport.dir });
  afterAll(async () => {
    await app.close();
    await drop();
  });
  // Tests reach LiveKit themselves (as a peer, or to read who is in a room) with the app's own settings.
  return Object.assign(app, { config });
}

/**
 * One app for a whole test file, built when the first test asks for it: tests in the file
 * make their own people and groups, so they need not pay for an app each.
 */
export function appForFile(options: TestAppOptions = {}) {
  let app: ReturnType<typeof buildTestApp> | undefined;
  return () => {
    app ??= buildTestApp(options);
    return app;
  };
}

type WithDatabase = { database: App['database'] };

/**
 * A write the database's triggers do not see, so no "listing changed" notice goes out: what a
 * notice lost on the way looks like to a node that keeps the public schedule in memory.
 */
export async function withoutNotice(app: WithDatabase, write: (tx: Transaction) => Promise<unknown>) {
  await app.database.db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await write(tx);
  });
}

/**
 * Waits until every "listing changed" notice committed so far has reached the app: notices
 * arrive in commit order, so once one sent now comes back, the earlier ones are in.
 */
export async function noticesArrived(app: WithDatabase) {
  const marker = randomUUID();
  let arrived = () => {};
  const back = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  const { unlisten } = await app.database.pubsub.listen(LISTING_CHANNEL, (payload) => {
    if (payload === marker) arrived();
  });
  try {
    await app.database.pubsub.notify(LISTING_CHANNEL, marker);
    await back;
  } finally {
    await unlisten();
  }
}
