import { getSessionCookie } from 'better-auth/cookies';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { type Auth, CLIENT_IP_HEADER, COOKIE_PREFIX, createAuth } from '../auth/auth.ts';
import { mapAuthError } from '../auth/auth-errors.ts';
import { minutesWords, signInThrottle } from '../auth/sign-in-throttle.ts';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { createMailer, type Mailer } from '../mail/mailer.ts';
import { checkNames } from './auth-names.ts';

export interface SignedInUser {
  id: string;
  name: string;
  email: string;
  /** Whether the person has proved they read this address; staff standing waits for it. */
  emailVerified: boolean;
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

/**
 * The request's headers for better-auth, with the client address as Fastify worked it out
 * (TRUST_PROXY decides which X-Forwarded-For hops count). A client-sent copy of that header
 * is dropped, so nobody can choose the address their attempts are counted under.
 */
function toHeaders(request: FastifyRequest): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(request.headers)) {
    if (key.toLowerCase() === CLIENT_IP_HEADER) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else if (value !== undefined) headers.set(key, value);
  }
  headers.set(CLIENT_IP_HEADER, request.ip);
  return headers;
}

/** The address a password sign-in is for, as better-auth will compare it. */
function signInEmail(request: FastifyRequest, path: string): string | null {
  if (request.method !== 'POST' || path !== '/api/auth/sign-in/email') return null;
  const email = (request.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' && email.length <= 254 ? email.trim().toLowerCase() : null;
}

/** Whether the request carries a session cookie at all (not whether the session is good). */
function carriesSession(request: FastifyRequest): boolean {
  const cookie = request.headers.cookie;
  return cookie !== undefined && getSessionCookie(new Headers({ cookie }), { cookiePrefix: COOKIE_PREFIX }) !== null;
}

function tooMany(reply: FastifyReply, retryAfterSeconds: number, message: string) {
  return reply
    .status(429)
    .header('retry-after', String(retryAfterSeconds))
    .type('application/json')
    .send({ statusCode: 429, error: 'Too Many Requests', code: 'too_many_attempts', message });
}

/** Mounts better-auth under /api/auth and gives every request its signed-in user. */
export default fp<{ config: Config }>(
  async (app, { config }) => {
    const mailer = createMailer(config.mail, app.log);
    const auth = createAuth({ db: app.database.db, config, mailer, log: app.log });
    const throttle = signInThrottle(app.database.db);
    app.decorate('mailer', mailer);
    app.decorate('auth', auth);

    const cache = new WeakMap<FastifyRequest, Promise<SignedInUser | null>>();
    app.decorateRequest('currentUser', function (this: FastifyRequest) {
      let pending = cache.get(this);
      if (!pending) {
        // Most requests are from people not signed in, and asking the auth library costs more
        // than answering them: without a session cookie there is nobody to look up.
        pending = carriesSession(this)
          ? auth.api
              .getSession({ headers: toHeaders(this) })
              .then((s) =>
                s
                  ? { id: s.user.id, name: s.user.name, email: s.user.email, emailVerified: s.user.emailVerified }
                  : null,
              )
          : Promise.resolve(null);
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
        const email = signInEmail(request, url.pathname);
        const gate = email ? await throttle.begin(email, app.now()) : null;
        if (gate && !gate.allowed) {
          return tooMany(
            reply,
            gate.retryAfterSeconds,
            `Too many wrong passwords for this email address. Wait ${minutesWords(gate.retryAfterSeconds)} and try again, or ask for a sign-in link by email instead.`,
          );
        }
        const hasBody = request.method !== 'GET' && request.body !== undefined;
        const response = await auth.handler(
          new Request(url, {
            method: request.method,
            headers: toHeaders(request),
            body: hasBody ? (typeof request.body === 'string' ? request.body : JSON.stringify(request.body)) : null,
          }),
        );
        if (email && gate?.allowed) {
          if (response.ok) await throttle.succeeded(email);
          else if (response.status !== 401) await throttle.discard(gate.attemptId);
        }
        if (response.status === 429) {
          // better-auth's own limiter, per client address and route.
          const retryAfter = Number(response.headers.get('x-retry-after')) || 60;
          return tooMany(
            reply,
            retryAfter,
            `Too many attempts from your network. Wait ${minutesWords(retryAfter)} and try again.`,
          );
        }
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
