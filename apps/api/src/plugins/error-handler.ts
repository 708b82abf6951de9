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
        const fields = error.validation.map((v) => {
          const d = describe(v);
          return { field: d.field ? `${context}.${d.field}` : context, message: d.message };
        });
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
