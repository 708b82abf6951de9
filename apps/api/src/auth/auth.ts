import type { Database } from '@peer-support/db/client';
import { authAccounts, authRateLimits, authSessions, authVerifications, users } from '@peer-support/db/schema';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { APIError } from 'better-auth/api';
import { magicLink } from 'better-auth/plugins';
import { eq } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.ts';
import type { Mailer } from '../mail/mailer.ts';
import {
  passwordResetMessage,
  signInLinkMessage,
  signInNoAccountMessage,
  verifyEmailMessage,
} from '../mail/messages.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

/** What our auth cookies' names start with (`ps.session_token`). */
export const COOKIE_PREFIX = 'ps';

/**
 * The header that carries the client's address (Fastify's request.ip, which honours
 * TRUST_PROXY) into better-auth. The auth route drops any copy a client sends, so it is the
 * only address better-auth sees; it never reads X-Forwarded-For itself.
 */
export const CLIENT_IP_HEADER = 'x-peer-support-client-ip';

const MINUTE = 60;

/**
 * better-auth owns identity: accounts, sessions in httpOnly SameSite cookies, emailed
 * sign-in links, password resets and email confirmation. Roles and providers are ours (see
 * docs/decisions/0004-auth-and-roles.md and 0014-accounts-you-can-trust.md).
 */
export function createAuth(deps: { db: Database; config: Config; mailer: Mailer; log: FastifyBaseLogger }) {
  const { config, mailer, log } = deps;
  const { signInPerMinute, signUpsPerTenMinutes } = config.auth.limits;
  // Bound once the instance exists: confirming an email asks who is signed in.
  let sessionUserId: (headers: Headers) => Promise<string | null> = async () => null;
  const auth = betterAuth({
    appName: 'Peer support',
    baseURL: config.publicUrl,
    basePath: '/api/auth',
    secret: config.auth.secret,
    trustedOrigins: trustedOrigins(config),
    telemetry: { enabled: false },
    // Into our own structured log, not the console.
    logger: {
      level: 'warn',
      log: (level, message) => log[level === 'debug' ? 'debug' : level]({ source: 'better-auth' }, message),
    },
    database: drizzleAdapter(deps.db, {
      provider: 'pg',
      schema: {
        user: users,
        session: authSessions,
        account: authAccounts,
        verification: authVerifications,
        rateLimit: authRateLimits,
      },
    }),
    emailVerification: {
      sendOnSignUp: true,
      autoSignInAfterVerification: false,
      expiresIn: 24 * 60 * MINUTE,
      sendVerificationEmail: async ({ user, token }) =>
        mailer.send({
          to: user.email,
          ...verifyEmailMessage({ name: user.name, email: user.email, publicUrl: config.publicUrl, token }),
        }),
      // The link proves the mailbox; the session proves the account. Both are needed, so
      // someone who reads this mailbox cannot confirm an account a squatter made with its
      // address (the squatter would keep the password), and a mail scanner opening the link
      // changes nothing. A sign-in link proves both by itself (better-auth then drops any
      // password and sessions set before the address was proven).
      beforeEmailVerification: async (user, request) => {
        const signedIn = request ? await sessionUserId(request.headers) : null;
        if (!signedIn)
          throw APIError.from('UNAUTHORIZED', {
            code: 'SIGN_IN_TO_CONFIRM',
            message: 'Sign in to confirm your email address; this link works in the browser where you are signed in.',
          });
        if (signedIn !== user.id)
          throw APIError.from('FORBIDDEN', {
            code: 'CONFIRM_OTHER_ACCOUNT',
            message:
              'This link confirms the email address of another account. Sign out, then sign in with that account and open the link again.',
          });
      },
    },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 10,
      maxPasswordLength: 200,
      password: { hash: hashPassword, verify: verifyPassword },
      revokeSessionsOnPasswordReset: true,
      resetPasswordTokenExpiresIn: 60 * 60,
      sendResetPassword: async ({ user, url }) =>
        mailer.send({ to: user.email, ...passwordResetMessage({ name: user.name, url }) }),
    },
    plugins: [
      magicLink({
        expiresIn: 15 * 60,
        disableSignUp: true,
        sendMagicLink: async ({ email, url }) => {
          // The answer on screen is the same either way, so nobody learns who has an account;
          // the email itself tells a newcomer how to make one instead of sending a dead link.
          const [known] = await deps.db
            .select({ id: users.id })
            .from(users)
            .where(eq(users.email, email.toLowerCase()));
          await mailer.send({
            to: email,
            ...(known ? signInLinkMessage({ url }) : signInNoAccountMessage({ publicUrl: config.publicUrl })),
          });
        },
      }),
    ],
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
    advanced: {
      cookiePrefix: COOKIE_PREFIX,
      useSecureCookies: config.publicUrl.startsWith('https://'),
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
    },
    // On everywhere, and in the database so that every API node counts the same requests
    // (decision 0014). A bucket empties after a whole window without requests, so windows
    // are short. The per-account limit on wrong passwords is ours (sign-in-throttle.ts).
    rateLimit: {
      enabled: true,
      storage: 'database',
      window: 10,
      max: 100,
      customRules: {
        '/sign-in/email': { window: MINUTE, max: signInPerMinute },
        '/sign-up/email': { window: 10 * MINUTE, max: signUpsPerTenMinutes },
        // Each of these sends an email.
        '/sign-in/magic-link': { window: 5 * MINUTE, max: 5 },
        '/request-password-reset': { window: 5 * MINUTE, max: 5 },
        '/send-verification-email': { window: 5 * MINUTE, max: 5 },
        // Each of these spends a token from an email.
        '/magic-link/verify': { window: MINUTE, max: 20 },
        '/reset-password': { window: MINUTE, max: 20 },
        '/verify-email': { window: MINUTE, max: 20 },
      },
    },
  });
  sessionUserId = async (headers) => (await auth.api.getSession({ headers }))?.user.id ?? null;
  return auth;
}

export type Auth = ReturnType<typeof createAuth>;

/**
 * Origins allowed to post to the auth routes (better-auth checks Origin against CSRF). In
 * development the same app is also reached at 127.0.0.1 and through Vite on port 5173.
 */
export function trustedOrigins(config: Pick<Config, 'env' | 'publicUrl'>): string[] {
  const origins = new Set([config.publicUrl]);
  if (config.env === 'development') {
    const port = new URL(config.publicUrl).port || '80';
    for (const host of ['localhost', '127.0.0.1']) {
      origins.add(`http://${host}:${port}`);
      origins.add(`http://${host}:5173`);
    }
  }
  return [...origins];
}
