import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SessionList } from '@peer-support/contracts/sessions';
import { type SessionRow, sessionsRepository } from '../repositories/sessions.ts';

const toSummary = (s: SessionRow) => ({
  id: s.id,
  title: s.title,
  startsAt: s.startsAt.toISOString(),
  endsAt: s.endsAt.toISOString(),
  mode: s.mode,
  group: { id: s.group.id, name: s.group.name, description: s.group.description },
  provider: s.provider,
});

const sessionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const repo = sessionsRepository(app.database.db);

  app.get(
    '/api/sessions',
    {
      schema: {
        tags: ['sessions'],
        summary: 'Sessions that are on now or coming up',
        response: { 200: SessionList },
      },
    },
    async () => ({ sessions: (await repo.listCurrentAndUpcoming(new Date(), 50)).map(toSummary) }),
  );
};

export default sessionRoutes;
