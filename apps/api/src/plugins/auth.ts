import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { type Auth, createAuth } from '../auth/auth.ts';
import { mapAuthError } from '../auth/auth-errors.ts';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { createMailer, type Mailer } from '../mail/mailer.ts';
import { checkNames } from './auth-names.ts';

export interface SignedInUser {
  id: string;
  name: string;
  email: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    auth: Auth;
    mailer: Mailer;
  }
  interface FastifyRequest {
    /** The signed-in person, or null; read once per request. */
    currentUser(): Promise<SignedInUser | null>;
    /** The signed-in person, or a 401 telling them to sign in. */
    requireUser(): Promise<SignedInUser>;
  }
}

function toHeaders(request: FastifyRequest): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(request.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else if (value !== undefined) headers.set(key, value);
  }
  return headers;
}

/** Mounts better-auth under /api/auth and gives every request its signed-in user. */
export default fp<{ config: Config }>(
  async (app, { config }) => {
    const mailer = createMailer(config.mail, app.log);
    const auth = createAuth({ db: app.database.db, config, mailer, log: app.log });
    app.decorate('mailer', mailer);
    app.decorate('auth', auth);

    const cache = new WeakMap<FastifyRequest, Promise<SignedInUser | null>>();
    app.decorateRequest('currentUser', function (this: FastifyRequest) {
      let pending = cache.get(this);
      if (!pending) {
        pending = auth.api
          .getSession({ headers: toHeaders(this) })
          .then((s) => (s ? { id: s.user.id, name: s.user.name, email: s.user.email } : null));
        cache.set(this, pending);
      }
      return pending;
    });
    app.decorateRequest('requireUser', async function (this: FastifyRequest) {
      const user = await this.currentUser();
      if (!user) throw new AppError(401, 'sign_in_required', 'Please sign in to do this.');
      return user;
    });

    app.route({
      method: ['GET', 'POST'],
      url: '/api/auth/*',
      schema: { hide: true },
      preValidation: checkNames,
      async handler(request, reply) {
        const url = new URL(request.url, config.publicUrl);
        const hasBody = request.method !== 'GET' && request.body !== undefined;
        const response = await auth.handler(
          new Request(url, {
            method: request.method,
            headers: toHeaders(request),
            body: hasBody ? (typeof request.body === 'string' ? request.body : JSON.stringify(request.body)) : null,
          }),
        );
        reply.status(response.status);
        for (const [key, value] of response.headers) {
          if (key.toLowerCase() !== 'set-cookie') reply.header(key, value);
        }
        const cookies = response.headers.getSetCookie();
        if (cookies.length > 0) reply.header('set-cookie', cookies);
        const text = await response.text();
        if (response.status >= 400) {
          return reply.type('application/json').send(mapAuthError(response.status, text));
        }
        return reply.send(text);
      },
    });
  },
  { name: 'auth', dependencies: ['database'] },
);
