import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { Config } from './config.ts';
import auth from './plugins/auth.ts';
import database from './plugins/database.ts';
import errorHandler from './plugins/error-handler.ts';
import live from './plugins/live.ts';
import livekit from './plugins/livekit.ts';
import openapi from './plugins/openapi.ts';
import webClient from './plugins/web-client.ts';
import groupRoutes from './routes/groups.ts';
import health from './routes/health.ts';
import liveRoutes from './routes/live.ts';
import livekitWebhook from './routes/livekit-webhook.ts';
import providerRoutes from './routes/providers.ts';
import rosterRoutes from './routes/roster.ts';
import scheduleRoutes from './routes/schedule.ts';
import sessionRoutes from './routes/sessions.ts';
import { seedDemo } from './services/demo-seed.ts';

export interface BuildOptions {
  logger?: FastifyServerOptions['logger'];
}

/** Builds the whole API; the server entry and every test use this same factory. */
export async function buildApp(config: Config, options: BuildOptions = {}) {
  const app = Fastify({
    logger: options.logger ?? {
      level: config.logLevel,
      // Readable lines for a person at a terminal; JSON everywhere else, for log tools.
      ...(config.env === 'development' && process.stdout.isTTY && { transport: { target: 'pino-pretty' } }),
    },
    // Validation is strict: unknown body fields are an error, not silently dropped.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true } },
    trustProxy: config.env === 'production',
    // PGlite's first start (WebAssembly compile + migrations) can take longer than the 10 s default on a busy small machine.
    pluginTimeout: 60_000,
  }).withTypeProvider<TypeBoxTypeProvider>();

  // External integrations first, then app behaviour, then routes.
  await app.register(database, { database: config.database });
  await app.register(livekit, { livekit: config.livekit });
  await app.register(live);
  await app.register(errorHandler);
  await app.register(auth, { config });
  await app.register(openapi);
  await app.register(health);
  await app.register(sessionRoutes, { devTokens: config.devTokens });
  await app.register(livekitWebhook);
  await app.register(liveRoutes);
  await app.register(providerRoutes);
  await app.register(groupRoutes, { config });
  await app.register(rosterRoutes, { config });
  await app.register(scheduleRoutes, { config });
  await app.register(webClient, { webDist: config.webDist });

  if (config.seedDemo) {
    const { sessionId } = await seedDemo(app.database.db);
    app.log.info({ sessionId }, 'demo provider, group and session are ready');
  }
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
