import { type DatabaseHandle, openDatabase } from '@peer-support/db/client';
import fp from 'fastify-plugin';
import type { Config } from '../config.ts';

declare module 'fastify' {
  interface FastifyInstance {
    database: DatabaseHandle;
  }
}

/** Opens the database, brings its schema up to date, and closes it with the app. */
export default fp<{ database: Config['database'] }>(
  async (app, opts) => {
    const handle = openDatabase(opts.database);
    try {
      await handle.migrate();
    } catch (error) {
      await handle.close().catch(() => {});
      throw error;
    }
    app.decorate('database', handle);
    app.addHook('onClose', async () => handle.close());
  },
  { name: 'database' },
);
