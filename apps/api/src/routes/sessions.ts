import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SessionList } from '@peer-support/contracts/sessions';
import { DEFAULT_TIME_ZONE } from '@peer-support/domain/series';
import { actorFor } from '../authorize.ts';
import type { SessionRow } from '../repositories/sessions.ts';
import { whatsOnService } from '../services/whats-on.ts';

const toSummary = (s: SessionRow) => ({
  id: s.id,
  title: s.title,
  startsAt: s.startsAt.toISOString(),
  endsAt: s.endsAt.toISOString(),
  mode: s.mode,
  // One-off sessions (the demo's) have no series; they are on the default clock, as series are.
  timeZone: s.timeZone ?? DEFAULT_TIME_ZONE,
  group: { id: s.group.id, name: s.group.name, description: s.group.description },
  provider: s.provider,
});

const sessionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const whatsOn = whatsOnService(app.database.db);

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
      return { sessions: (await whatsOn.list(actor, new Date(), 50)).map(toSummary) };
    },
  );
};

export default sessionRoutes;
