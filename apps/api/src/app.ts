import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyReply, type FastifyRequest, type FastifyServerOptions, LogController } from 'fastify';
import type { Config } from './config.ts';
import { redactSecrets } from './log-redaction.ts';
import auth from './plugins/auth.ts';
import clock from './plugins/clock.ts';
import database from './plugins/database.ts';
import errorHandler from './plugins/error-handler.ts';
import listingChanges from './plugins/listing-changes.ts';
import live from './plugins/live.ts';
import livekit from './plugins/livekit.ts';
import materialise from './plugins/materialise.ts';
import openapi from './plugins/openapi.ts';
import sameOrigin from './plugins/same-origin.ts';
import storableInput from './plugins/storable-input.ts';
import webClient from './plugins/web-client.ts';
import calendarFeedRoutes from './routes/calendar-feeds.ts';
import directoryRoutes from './routes/directory.ts';
import groupRoutes from './routes/groups.ts';
import health from './routes/health.ts';
import liveRoutes from './routes/live.ts';
import livekitWebhook from './routes/livekit-webhook.ts';
import mySessionsRoutes from './routes/my-sessions.ts';
import providerRoutes from './routes/providers.ts';
import rosterRoutes from './routes/roster.ts';
import seriesRoutes from './routes/series.ts';
import sessionRoutes from './routes/sessions.ts';
import { DEMO_HOST, seedDemo, seedDemoHost } from './services/demo-seed.ts';

/**
 * One log line per request, written when it is answered, with what the arrival line had
 * (method, redacted URL, client address): half the log volume, nothing an operator needs lost.
 */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}

export interface BuildOptions {
  logger?: FastifyServerOptions['logger'];
  /** What the app reads as now (routes and timers); the real clock unless a test hands in its own. */
  clock?: () => Date;
}

/** Builds the whole API; the server entry and every test use this same factory. */
export async function buildApp(config: Config, options: BuildOptions = {}) {
  const app = Fastify({
    logger: options.logger ?? {
      level: config.logLevel,
      // Readable lines for a person at a terminal; JSON everywhere else, for log tools.
      ...(config.env === 'development' && process.stdout.isTTY && { transport: { target: 'pino-pretty' } }),
      // A private calendar link is a secret in the URL: log that it was asked for, not the link.
      serializers: {
        req: (req: { method: string; url: string; ip?: string }) => ({
          method: req.method,
          url: redactSecrets(req.url),
          remoteAddress: req.ip,
        }),
      },
    },
    // Validation is strict: unknown body fields are an error, not silently dropped.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true } },
    // Only the proxies named in TRUST_PROXY may say who the client is (request.ip, and the
    // scheme and host they forwarded); with none named, the socket's peer is the client.
    trustProxy: config.trustProxy,
    logController: new OneLinePerRequest(),
    // PGlite's first start (WebAssembly compile + migrations) can take longer than the 10 s default on a busy small machine.
    pluginTimeout: 60_000,
  }).withTypeProvider<TypeBoxTypeProvider>();

  // External integrations first, then app behaviour, then routes.
  await app.register(clock, { clock: options.clock });
  await app.register(database, { database: config.database });
  await app.register(listingChanges);
  await app.register(livekit, { livekit: config.livekit });
  await app.register(live, { reconcileEveryMs: config.livekit.reconcileEveryMs, clientSecret: config.auth.secret });
  await app.register(errorHandler);
  // Before any route: cross-site requests are refused before their body is read, and text a
  // database cannot store never reaches a handler (routes with no schema of ours included).
  await app.register(sameOrigin, { config });
  await app.register(storableInput);
  await app.register(auth, { config });
  await app.register(openapi);
  await app.register(materialise);
  await app.register(health);
  await app.register(sessionRoutes);
  await app.register(livekitWebhook);
  await app.register(liveRoutes);
  await app.register(providerRoutes, { config });
  await app.register(groupRoutes, { config });
  await app.register(rosterRoutes, { config });
  await app.register(seriesRoutes, { config });
  await app.register(directoryRoutes, { config });
  await app.register(mySessionsRoutes, { config });
  await app.register(calendarFeedRoutes, { config });
  await app.register(webClient, { webDist: config.webDist });

  if (config.seedDemo) {
    const { sessionId, groupId } = await seedDemo(app.database.db);
    app.log.info({ sessionId }, 'demo provider, group and session are ready');
    // A known password is fine on a laptop and never acceptable in production.
    if (config.env !== 'production') {
      await seedDemoHost(app.database.db, groupId, (body) => app.auth.api.signUpEmail({ body }));
      app.log.info(
        { email: DEMO_HOST.email, password: DEMO_HOST.password },
        'sign in as the demo host to let people in from the waiting room',
      );
    }
  }
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
