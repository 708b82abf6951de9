import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema.ts';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** The handle a `db.transaction(async (tx) => …)` callback receives. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** What a repository function takes first: the database, or a transaction a service started. */
export type Db = Database | Transaction;
export type DatabaseDriver = 'pglite' | 'postgres';

export type DatabaseOptions =
  /** `loadDataDir`: a database dumped with PGlite's dumpDataDir to start from (the tests' migrated template). */
  | { driver: 'pglite'; dataDir: string | 'memory'; loadDataDir?: Blob }
  | { driver: 'postgres'; url: string; maxConnections?: number };

export interface DatabaseHandle {
  readonly db: Database;
  readonly driver: DatabaseDriver;
  /** Applies the committed migrations; safe to call on every start. */
  migrate(): Promise<void>;
  /** Round-trips a trivial query; throws when the database cannot answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** PGlite only: the whole database as a tarball, to start another from (the tests' template). */
  dump?(): Promise<Blob>;
  /**
   * LISTEN/NOTIFY: on PostgreSQL it reaches every API node; on PGlite (one process) it is how
   * the database tells this process what its triggers saw, delivered before the write that
   * caused it returns.
   */
  readonly pubsub: PubSub;
}

export interface PubSub {
  /**
   * `onListening` runs each time the listening connection is (re)made: notices sent while it
   * was down are lost, so a listener that keeps a copy of something drops it then.
   */
  listen(
    channel: string,
    onMessage: (payload: string) => void,
    onListening?: () => void,
  ): Promise<{ unlisten(): Promise<void> }>;
  notify(channel: string, payload: string): Promise<void>;
}

export const migrationsFolder = fileURLToPath(new URL('../migrations', import.meta.url));

export function openDatabase(options: DatabaseOptions): DatabaseHandle {
  if (options.driver === 'pglite') {
    let client: PGlite;
    if (options.dataDir === 'memory') {
      client = new PGlite(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
    } else {
      mkdirSync(path.dirname(path.resolve(options.dataDir)), { recursive: true });
      client = new PGlite(options.dataDir);
    }
    const db = drizzlePglite(client, { schema });
    return {
      db: db as unknown as Database,
      driver: 'pglite',
      migrate: () => migratePglite(db, { migrationsFolder }),
      ping: async () => {
        await db.execute(sql`select 1`);
      },
      close: () => client.close(),
      dump: () => client.dumpDataDir('none'),
      pubsub: {
        listen: async (channel, onMessage, onListening) => {
          const unlisten = await client.listen(channel, onMessage);
          onListening?.();
          return { unlisten: () => unlisten() };
        },
        notify: async (channel, payload) => {
          await client.query('select pg_notify($1, $2)', [channel, payload]);
        },
      },
    };
  }

  const client = postgres(options.url, {
    max: options.maxConnections ?? 10,
    // Migrations announce skipped "IF NOT EXISTS" work as notices; they are not news.
    onnotice: () => {},
    connect_timeout: 5,
  });
  const db = drizzlePostgres(client, { schema });
  return {
    db: db as unknown as Database,
    driver: 'postgres',
    migrate: () => migratePostgres(db, { migrationsFolder }),
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => client.end({ timeout: 5 }),
    pubsub: {
      listen: async (channel, onMessage, onListening) => {
        const { unlisten } = await client.listen(channel, onMessage, onListening);
        return { unlisten };
      },
      notify: async (channel, payload) => {
        await client.notify(channel, payload);
      },
    },
  };
}
