import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiError } from '@peer-support/contracts/errors';
import { CallToken, DevTokenRequest, SessionList, SessionParams } from '@peer-support/contracts/sessions';
import { AppError, notFound } from '../errors.ts';
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

const sessionRoutes: FastifyPluginAsyncTypebox<{ devTokens: boolean }> = async (app, opts) => {
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

  if (!opts.devTokens) return;

  // Until the waiting room exists (issue 5), development builds let anyone join a demo call
  // as a participant. It is off in production: see docs/decisions/0003-dev-token-route.md.
  app.post(
    '/api/sessions/:sessionId/dev-token',
    {
      schema: {
        tags: ['development'],
        summary: 'Development only: a participant token for a session call',
        params: SessionParams,
        body: DevTokenRequest,
        response: { 200: CallToken, 400: ApiError, 404: ApiError, 409: ApiError },
      },
    },
    async (request) => {
      const session = await repo.findById(request.params.sessionId);
      if (!session) throw notFound('That session');
      if (session.mode === 'in_person') {
        throw new AppError(409, 'not_online', 'This session meets in person only, so it has no video call.');
      }
      await app.livekit.ensureRoom(session.roomName, session.group.capacity ?? 0);
      const minted = await app.livekit.mintToken({
        room: session.roomName,
        identity: `guest-${randomUUID()}`,
        name: request.body.displayName.trim(),
        role: 'participant',
      });
      return { ...minted, url: app.livekit.publicUrl, expiresAt: minted.expiresAt.toISOString() };
    },
  );
};

export default sessionRoutes;
