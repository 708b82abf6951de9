/**
 * Who was in a call, from LiveKit's own account of the room (its signed webhooks).
 */

/** LiveKit delivers within seconds and retries briefly; anything older is a replay. */
export const WEBHOOK_MAX_AGE_MS = 10 * 60 * 1000;

/** Whether a webhook that says it happened at `occurredAt` is too old to be a fresh delivery. */
export function isStaleWebhook(occurredAt: Date, now: Date): boolean {
  return now.getTime() - occurredAt.getTime() > WEBHOOK_MAX_AGE_MS;
}

/**
 * Whole minutes of one stretch in the call. A stretch still open ends when the session did,
 * or, while it runs, now; a clock that puts the end before the start counts as none.
 */
export function attendedMinutes(
  stretch: { joinedAt: Date; leftAt: Date | null },
  sessionEndedAt: Date | null,
  now: Date,
): number {
  const until = stretch.leftAt ?? sessionEndedAt ?? now;
  return Math.max(0, Math.round((until.getTime() - stretch.joinedAt.getTime()) / 60_000));
}
