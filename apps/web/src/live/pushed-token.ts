import type { CallToken } from '@peer-support/contracts/sessions';

/** A token this close to its expiry is not worth a join: ask the token route for a fresh one. */
export const TOKEN_MARGIN_MS = 30_000;

/**
 * Which token to join the call with: the one the server pushed on the live connection, if it
 * is for the room the entry says the call is in, was not used for a join already (a "Rejoin"
 * or a dropped call asks afresh), and is not about to expire. Null means ask the token route.
 */
export function pushedTokenFor(
  pushed: CallToken | null,
  room: string | null,
  spent: ReadonlySet<string>,
  now: Date,
): CallToken | null {
  if (!pushed || room === null || pushed.room !== room) return null;
  if (spent.has(pushed.token)) return null;
  if (Date.parse(pushed.expiresAt) - now.getTime() < TOKEN_MARGIN_MS) return null;
  return pushed;
}
