import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiError } from '@peer-support/contracts/errors';
import { livekitEvents } from '@peer-support/db/schema';
import { Type } from 'typebox';
import { AppError } from '../errors.ts';
import { recordAttendance } from '../live/attendance.ts';

/** LiveKit delivers within seconds and retries briefly; anything older is a replay. */
const MAX_AGE_MS = 10 * 60 * 1000;

/**
 * LiveKit signs each webhook with a JWT over the body's SHA-256, so the body must be checked
 * byte for byte as it arrived: this scope keeps it as a raw string.
 */
const livekitWebhook: FastifyPluginAsyncTypebox = async (app) => {
  app.addContentTypeParser(
    'application/webhook+json',
    { parseAs: 'string', bodyLimit: 256 * 1024 },
    (_req, body, done) => done(null, body),
  );

  app.post(
    '/api/livekit/webhook',
    {
      schema: {
        tags: ['livekit'],
        summary: 'Receives LiveKit webhooks (signed; unsigned or altered ones are refused)',
        response: { 200: Type.Object({ received: Type.Boolean() }), 401: ApiError, 409: ApiError, 415: ApiError },
      },
    },
    async (request, reply) => {
      if (typeof request.body !== 'string') {
        throw new AppError(415, 'unsupported_media_type', 'LiveKit webhooks are sent as application/webhook+json.');
      }
      let event: Awaited<ReturnType<typeof app.livekit.webhooks.receive>>;
      try {
        event = await app.livekit.webhooks.receive(request.body, request.headers.authorization);
      } catch (error) {
        request.log.warn({ err: error }, 'refused a LiveKit webhook that failed verification');
        throw new AppError(
          401,
          'invalid_webhook_signature',
          'The webhook signature did not verify; nothing was recorded.',
        );
      }
      const occurredAt = new Date(Number(event.createdAt) * 1000);
      if (Date.now() - occurredAt.getTime() > MAX_AGE_MS) {
        request.log.warn({ id: event.id, event: event.event }, 'refused a stale LiveKit webhook');
        throw new AppError(
          409,
          'stale_webhook',
          'That webhook is too old to be a fresh delivery; nothing was recorded.',
        );
      }
      const inserted = await app.database.db
        .insert(livekitEvents)
        .values({
          id: event.id,
          event: event.event,
          roomName: event.room?.name ?? null,
          participantIdentity: event.participant?.identity ?? null,
          occurredAt,
          payload: JSON.parse(request.body) as unknown,
        })
        // LiveKit retries deliveries; the same event id twice is one event.
        .onConflictDoNothing({ target: livekitEvents.id })
        .returning({ id: livekitEvents.id });
      // A repeat delivery is acknowledged (so LiveKit stops retrying) but acted on only once.
      if (inserted.length > 0) await recordAttendance(app.database.db, app.live.calls, event);
      return reply.status(200).send({ received: true });
    },
  );
};

export default livekitWebhook;
