import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.ts';

const reason = (status: number) =>
  ({
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    409: 'Conflict',
    413: 'Payload Too Large',
    415: 'Unsupported Media Type',
    422: 'Unprocessable Entity',
    429: 'Too Many Requests',
    503: 'Service Unavailable',
  })[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error');

/** Turns an ajv message into one a person can act on. */
function describe(v: NonNullable<FastifyError['validation']>[number]): { field: string; message: string } {
  const params = v.params as Record<string, unknown>;
  const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
  switch (v.keyword) {
    case 'required':
      return { field: [path, params.missingProperty].filter(Boolean).join('.'), message: 'is required' };
    case 'additionalProperties':
      return {
        field: [path, params.additionalProperty].filter(Boolean).join('.'),
        message: 'is not a field we accept; remove it',
      };
    case 'minLength':
      return {
        field: path,
        message: params.limit === 1 ? 'must not be empty' : `must be at least ${params.limit} characters`,
      };
    case 'maxLength':
      return { field: path, message: `must be at most ${params.limit} characters` };
    case 'pattern':
      return { field: path, message: 'is not in the expected form' };
    case 'format':
      return { field: path, message: `must be a valid ${params.format}` };
    case 'minimum':
      return { field: path, message: `must be ${params.limit} or more` };
    case 'maximum':
      return { field: path, message: `must be ${params.limit} or less` };
    case 'type':
      return { field: path, message: `must be ${params.type === 'integer' ? 'a whole number' : `a ${params.type}`}` };
    case 'maxItems':
      return { field: path, message: `can have at most ${params.limit} entries` };
    case 'minItems':
      return { field: path, message: `needs at least ${params.limit} entries` };
    case 'uniqueItems':
      return { field: path, message: 'has the same entry twice; remove the repeat' };
    case 'enum':
    case 'const':
    case 'anyOf':
      return { field: path, message: 'is not one of the allowed choices' };
    case 'minProperties':
      return { field: path, message: 'has nothing to change; send at least one field' };
    default:
      return { field: path, message: v.message ?? 'is not valid' };
  }
}

/**
 * One place decides what an error looks like: validation errors field by field, our own
 * AppErrors as thrown, other 4xx as Fastify words them, and 5xx without internals.
 */
export default fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error.validation) {
        const context = error.validationContext ?? 'request';
        // One message per field: a union (e.g. "a number or null") fails every branch, and
        // the first branch's reason is the one a person needs.
        const fields: { field: string; message: string }[] = [];
        for (const v of error.validation) {
          const d = describe(v);
          const field = d.field ? `${context}.${d.field}` : context;
          if (!fields.some((f) => f.field === field)) fields.push({ field, message: d.message });
        }
        const summary = fields.map((f) => `${f.field} ${f.message}`).join('; ');
        return reply.status(400).send({
          statusCode: 400,
          error: reason(400),
          code: 'invalid_input',
          message: `Please correct the following: ${summary}.`,
          fields,
        });
      }
      if (error instanceof AppError) {
        if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
        return reply.status(error.statusCode).send({
          statusCode: error.statusCode,
          error: reason(error.statusCode),
          code: error.code,
          message: error.message,
          ...(error.fields && { fields: error.fields }),
        });
      }
      const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
      if (status >= 500) {
        request.log.error({ err: error }, 'request failed');
        return reply.status(status).send({
          statusCode: status,
          error: reason(status),
          code: 'internal_error',
          message:
            'Something went wrong on our side. Please try again; if it keeps happening, tell the group organiser.',
        });
      }
      return reply.status(status).send({
        statusCode: status,
        error: reason(status),
        code: (error.code ?? 'bad_request').toLowerCase(),
        message: error.message,
      });
    });
  },
  { name: 'error-handler' },
);
