import { SignUpName, UpdateUserName } from '@peer-support/contracts/accounts';
import type { FastifyRequest } from 'fastify';
import type { TSchema } from 'typebox';

/** The better-auth routes that set a person's name, and the part of their body we check. */
const NAME_BODIES: Record<string, TSchema> = {
  '/api/auth/sign-up/email': SignUpName,
  '/api/auth/update-user': UpdateUserName,
};

/**
 * better-auth takes a name of any length or make-up. Before a request that sets one reaches
 * it, the name is validated with the app's own validator and text rules, and a bad one is
 * refused like any other invalid field (the error handler words it), so nothing is written.
 */
export async function checkNames(request: FastifyRequest) {
  const schema = request.method === 'POST' ? NAME_BODIES[request.url.split('?')[0] ?? ''] : undefined;
  if (!schema) return;
  const validate = request.compileValidationSchema(schema, 'body');
  if (!validate(request.body)) {
    throw Object.assign(new Error('The name is not valid.'), {
      statusCode: 400,
      validation: validate.errors ?? [],
      validationContext: 'body',
    });
  }
}
