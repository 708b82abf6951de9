import { MONTH_MESSAGE, MONTH_PATTERN } from '@peer-support/contracts/schedule';
import { textMessage } from '@peer-support/contracts/text';
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.ts';

type AjvError = NonNullable<FastifyError['validation']>[number];
export interface FieldProblem {
  field: string;
  message: string;
}

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
function describe(v: AjvError): FieldProblem {
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
      // The shared text rules (packages/contracts/src/text.ts) each have their own sentence.
      return {
        field: path,
        message:
          textMessage(params.pattern) ??
          (params.pattern === MONTH_PATTERN ? MONTH_MESSAGE : undefined) ??
          'is not in the expected form',
      };
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

/** A literal property inside one branch of a union, e.g. `#/anyOf/0/properties/kind/const`. */
const TAG = /^(.*\/anyOf\/)(\d+)\/properties\/[^/]+\/const$/;

/**
 * In a union of objects told apart by a literal field (`kind: 'link' | 'email'`), a branch
 * whose literal did not match has nothing useful to say ("email is not a field we accept");
 * only the branch the input chose does. A union where no branch's literal matched (or one of
 * bare literals) keeps every error.
 */
function chosenBranchesOnly(errors: AjvError[]): AjvError[] {
  const tagFailed = new Set<string>();
  for (const e of errors) {
    const m = TAG.exec(e.schemaPath);
    if (m) tagFailed.add(`${m[1]}${m[2]}/`);
  }
  if (tagFailed.size === 0) return errors;
  const branchOf = (path: string, union: string) => `${union}${path.slice(union.length).split('/')[0]}/`;
  const unions = new Set([...tagFailed].map((b) => b.replace(/\d+\/$/, '')));
  const decided = [...unions].filter((u) =>
    errors.some((e) => e.schemaPath.startsWith(u) && !tagFailed.has(branchOf(e.schemaPath, u))),
  );
  return errors.filter(
    (e) =>
      !decided.some(
        (u) =>
          (e.schemaPath.startsWith(u) && tagFailed.has(branchOf(e.schemaPath, u))) ||
          (e.keyword === 'anyOf' && e.schemaPath === u.slice(0, -1)),
      ),
  );
}

/** A 400 listing each field's problem, worded the same whichever check found it. */
export function invalidInput(fields: FieldProblem[]): AppError {
  const summary = fields.map((f) => `${f.field} ${f.message}`).join('; ');
  return new AppError(400, 'invalid_input', `Please correct the following: ${summary}.`, fields);
}

/**
 * One place decides what an error looks like: validation errors field by field, our own
 * AppErrors as thrown, other 4xx as Fastify words them, and 5xx without internals.
 */
export default fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      let known = error instanceof AppError ? error : null;
      if (error.validation) {
        const context = error.validationContext ?? 'request';
        // One message per field: a union (e.g. "a number or null") fails every branch, and
        // the first branch's reason is the one a person needs.
        const fields: FieldProblem[] = [];
        for (const v of chosenBranchesOnly(error.validation)) {
          const d = describe(v);
          const field = d.field ? `${context}.${d.field}` : context;
          if (!fields.some((f) => f.field === field)) fields.push({ field, message: d.message });
        }
        known = invalidInput(fields);
      }
      if (known) {
        if (known.retryAfterSeconds !== undefined) reply.header('retry-after', String(known.retryAfterSeconds));
        return reply.status(known.statusCode).send({
          statusCode: known.statusCode,
          error: reason(known.statusCode),
          code: known.code,
          message: known.message,
          ...(known.fields && { fields: known.fields }),
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
