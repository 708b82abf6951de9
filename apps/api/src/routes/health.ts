import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HealthResponse } from '@peer-support/contracts/health';

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** 200 when every dependency answers; 503 naming the part that does not. */
const health: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Whether the API, its database and LiveKit are working',
        response: { 200: HealthResponse, 503: HealthResponse },
      },
    },
    async (_request, reply) => {
      const [db, livekit] = await Promise.allSettled([app.database.ping(), app.livekit.ping()]);
      const body: HealthResponse = {
        status: db.status === 'fulfilled' && livekit.status === 'fulfilled' ? 'ok' : 'degraded',
        db: {
          driver: app.database.driver,
          ok: db.status === 'fulfilled',
          ...(db.status === 'rejected' && { error: `database is not answering: ${message(db.reason)}` }),
        },
        livekit: {
          url: app.livekit.publicUrl,
          ok: livekit.status === 'fulfilled',
          ...(livekit.status === 'rejected' && { error: `LiveKit is not answering: ${message(livekit.reason)}` }),
        },
      };
      return reply.status(body.status === 'ok' ? 200 : 503).send(body);
    },
  );
};

export default health;
