import type { Database } from '@peer-support/db/client';
import { signInAttempts } from '@peer-support/db/schema';
import { and, count, eq, gt, lt, min } from 'drizzle-orm';

/** Wrong passwords allowed per address in the window; the next attempt waits. */
export const FAILURES_PER_ACCOUNT = 5;
export const ACCOUNT_WINDOW_MS = 15 * 60_000;

export type SignInGate = { allowed: true; attemptId: string } | { allowed: false; retryAfterSeconds: number };

/**
 * Password attempts per email address, whatever address they come from, so rotating the
 * client address (or X-Forwarded-For) buys no more guesses at one account. better-auth's
 * limiter keys on the client address only, hence this.
 *
 * Each attempt is written *before* the password is checked and the count read after, so a
 * burst of parallel guesses cannot all pass a count taken before any of them landed: the
 * k-th insert to commit sees at least k rows. A successful sign-in deletes the rows, so what
 * stays in the window are failures. Addresses without an account are counted the same way,
 * so the throttle does not tell anyone which addresses have one. It limits passwords only:
 * a sign-in link by email still works for someone whose address is being guessed at.
 */
export function signInThrottle(db: Database) {
  return {
    async begin(email: string, now: Date): Promise<SignInGate> {
      const since = new Date(now.getTime() - ACCOUNT_WINDOW_MS);
      await db.delete(signInAttempts).where(lt(signInAttempts.attemptedAt, since));
      const [row] = await db
        .insert(signInAttempts)
        .values({ email, attemptedAt: now })
        .returning({ id: signInAttempts.id });
      if (!row) throw new Error('insert returned nothing');
      const [seen] = await db
        .select({ attempts: count(), oldest: min(signInAttempts.attemptedAt) })
        .from(signInAttempts)
        .where(and(eq(signInAttempts.email, email), gt(signInAttempts.attemptedAt, since)));
      if ((seen?.attempts ?? 0) <= FAILURES_PER_ACCOUNT) return { allowed: true, attemptId: row.id };
      await db.delete(signInAttempts).where(eq(signInAttempts.id, row.id));
      const oldest = seen?.oldest ? new Date(seen.oldest).getTime() : now.getTime();
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((oldest + ACCOUNT_WINDOW_MS - now.getTime()) / 1000)),
      };
    },

    /** The password was right: earlier failures no longer count against the address. */
    async succeeded(email: string): Promise<void> {
      await db.delete(signInAttempts).where(eq(signInAttempts.email, email));
    },

    /** The attempt never reached a password check (bad input, the client limit): it does not count. */
    async discard(attemptId: string): Promise<void> {
      await db.delete(signInAttempts).where(eq(signInAttempts.id, attemptId));
    },
  };
}

export type SignInThrottle = ReturnType<typeof signInThrottle>;

/** "a minute", "14 minutes": how long someone waits, as they would say it. */
export function minutesWords(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return minutes === 1 ? 'a minute' : `${minutes} minutes`;
}
