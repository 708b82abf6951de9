/**
 * Limits on arrivals that keep one person from filling a session with phantoms. Members and
 * facilitators have accounts on the roster; guests need only a name, so the limits are theirs:
 * per client (a device or a shared network: a drop-in centre's wifi may carry several real
 * people) and per session (a group setting). Counting happens under the session's lock, from
 * the database, so every API node agrees.
 */
import { type Refusal, refuse } from './refusal.ts';

/** Guests waiting or in the call at once from one client address, per session. */
export const GUEST_PLACES_PER_CLIENT = 10;
/** Guest arrivals from one client address per session in `ARRIVALS_WINDOW_MS` (leaving and coming back counts). */
export const GUEST_ARRIVALS_PER_CLIENT = 20;
export const ARRIVALS_WINDOW_MS = 10 * 60_000;
/** Guests waiting or in the call at once per session, unless the group says otherwise: a peer-support group is small. */
export const DEFAULT_GUEST_LIMIT = 30;
export const MAX_GUEST_LIMIT = 5000;
/** Live connections from one client address on one API node. */
export const CONNECTIONS_PER_CLIENT = 50;

export interface GuestArrivalFacts {
  /** Guests waiting or in the call now, in this session. */
  openGuests: number;
  guestLimit: number;
  /** Of those, from this client. */
  openFromClient: number;
  /** When this client's guest arrivals in the window happened, oldest first. */
  recentArrivalsFromClient: readonly Date[];
}

export type ArrivalLimit =
  | { ok: true }
  | (Refusal<'too_many_entries' | 'guest_places_full'> & { retryAfterSeconds: number });

/** Whether one more guest may arrive now, and if not, when it is worth trying again. */
export function guestArrivalCheck(facts: GuestArrivalFacts, now: Date): ArrivalLimit {
  if (facts.openFromClient >= GUEST_PLACES_PER_CLIENT)
    return {
      ...refuse(
        'too_many_entries',
        `There are already ${GUEST_PLACES_PER_CLIENT} guests from this device or network in this session. If someone has left, try again in a minute.`,
      ),
      retryAfterSeconds: 60,
    };
  const inWindow = facts.recentArrivalsFromClient.filter((at) => now.getTime() - at.getTime() < ARRIVALS_WINDOW_MS);
  if (inWindow.length >= GUEST_ARRIVALS_PER_CLIENT) {
    const oldest = inWindow[0] ?? now;
    const seconds = Math.ceil((oldest.getTime() + ARRIVALS_WINDOW_MS - now.getTime()) / 1000);
    return {
      ...refuse(
        'too_many_entries',
        'Too many people have joined this session as guests from this device or network just now. Please wait a few minutes and try again.',
      ),
      retryAfterSeconds: Math.max(1, seconds),
    };
  }
  if (facts.openGuests >= facts.guestLimit)
    return {
      ...refuse(
        'guest_places_full',
        'This session has as many guests as it can take right now. If you are on the group’s roster, sign in; otherwise try again a little later.',
      ),
      retryAfterSeconds: 60,
    };
  return { ok: true };
}
