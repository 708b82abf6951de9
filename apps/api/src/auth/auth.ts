import type { Database } from '@peer-support/db/client';
import { authAccounts, authSessions, authVerifications, users } from '@peer-support/db/schema';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { magicLink } from 'better-auth/plugins';
import { eq } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.ts';
import type { Mailer } from '../mail/mailer.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

/**
 * better-auth owns identity: accounts, sessions in httpOnly SameSite cookies, emailed
 * sign-in links and password resets. Roles and providers are ours (see
 * docs/decisions/0004-auth-and-roles.md).
 */
export function createAuth(deps: { db: Database; config: Config; mailer: Mailer; log: FastifyBaseLogger }) {
  const { config, mailer, log } = deps;
  return betterAuth({
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
      schema: { user: users, session: authSessions, account: authAccounts, verification: authVerifications },
    }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 10,
      maxPasswordLength: 200,
      password: { hash: hashPassword, verify: verifyPassword },
      revokeSessionsOnPasswordReset: true,
      resetPasswordTokenExpiresIn: 60 * 60,
      sendResetPassword: async ({ user, url }) =>
        mailer.send({
          tag: 'password-reset',
          to: user.email,
          subject: 'Reset your password',
          text: `Hello ${user.name},\n\nSomeone (we hope you) asked to reset the password for this email address. To choose a new password, open this link within an hour:\n\n${url}\n\nIf it was not you, ignore this email; your password stays as it is.`,
        }),
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
          await mailer.send(
            known
              ? {
                  tag: 'sign-in-link',
                  to: email,
                  subject: 'Your sign-in link',
                  text: `Open this link within 15 minutes to sign in:\n\n${url}\n\nIf you did not ask for it, ignore this email.`,
                }
              : {
                  tag: 'sign-in-no-account',
                  to: email,
                  subject: 'Signing in to Peer support',
                  text: `Someone (we hope you) asked to sign in with this email address, but no account uses it. To make one, go to:\n\n${config.publicUrl}/sign-up\n\nIf it was not you, ignore this email.`,
                },
          );
        },
      }),
    ],
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
    advanced: {
      cookiePrefix: 'ps',
      useSecureCookies: config.publicUrl.startsWith('https://'),
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
    },
    rateLimit: { enabled: config.env === 'production' },
  });
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
