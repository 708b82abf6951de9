import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiError } from '@peer-support/contracts/errors';
import { Type } from 'typebox';
import { AppError } from '../errors.ts';

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
      await app.live.attendance.receiveWebhook(request.body, request.headers.authorization, app.now(), request.log);
      return reply.status(200).send({ received: true });
    },
  );
};

export default livekitWebhook;
