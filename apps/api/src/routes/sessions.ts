import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SessionList, type SessionSummary } from '@peer-support/contracts/sessions';
import { actorFor } from '../authorize.ts';
import { whatsOnService } from '../services/whats-on.ts';
import { serialisedOnce } from './serialised-once.ts';

const sessionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const whatsOn = whatsOnService(app.database.db);
  /** The service hands out the same list while it holds the listed groups' answer. */
  const sendOnce = serialisedOnce<SessionSummary[]>();

  app.get(
    '/api/sessions',
    {
      schema: {
        tags: ['sessions'],
        summary:
          'Sessions that are on now or coming up: of listed groups, and of the invite-only groups you belong to or staff',
        response: { 200: SessionList },
      },
    },
    async (request, reply) => {
      const actor = await actorFor(app.database.db, request, false);
      // The answer depends on who is signed in: a shared cache must not hand a member's list to anyone else.
      reply.header('vary', 'cookie');
      const list = await whatsOn.list(actor, app.now());
      return sendOnce(reply, list, { sessions: list });
    },
  );
};

export default sessionRoutes;
