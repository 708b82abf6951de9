/**
 * The waiting room as pure rules: who comes straight in, what each facilitator action does to
 * an entry, who may act on whom, and whether an entry may hold a call token. The API keeps the
 * state in the database and calls these; nothing here does I/O.
 *
 * Entry states:
 *
 *   (arrive) ──► waiting ──admit──► admitted ──remove to waiting room──► waiting
 *                  │  └──deny──► denied             └──remove out──► removed
 *                  └──leave──► left ◄──leave── admitted
 *
 * `left` comes back through `arrive` (they are a new arrival again); `denied` and `removed`
 * stay as they are for the rest of the session, so reloading the page or calling the API
 * directly never gets them back in.
 */
import { type Refusal, refuse } from './refusal.ts';

export const ENTRY_KINDS = ['facilitator', 'member', 'guest'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];
export const ENTRY_STATUSES = ['waiting', 'admitted', 'denied', 'removed', 'left'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];
/** A group's setting: everyone waits to be let in, or members walk in once a facilitator is there. */
export const ADMISSIONS = ['waiting_room', 'open_door'] as const;
export type Admission = (typeof ADMISSIONS)[number];

export interface RoomFacts {
  /** The group's setting: everyone waits, or members walk in once a facilitator is there. */
  admission: Admission;
  locked: boolean;
  /** A facilitator is in the room (connected) now. */
  facilitatorPresent: boolean;
}

/** Where someone arriving goes. Facilitators walk in; on an open-door group, so do members, once a facilitator is there and the room is not locked; everyone else waits. */
export function arrivalStatus(kind: EntryKind, room: RoomFacts): 'admitted' | 'waiting' {
  if (kind === 'facilitator') return 'admitted';
  if (kind === 'member' && room.admission === 'open_door' && !room.locked && room.facilitatorPresent) return 'admitted';
  return 'waiting';
}

/** Where someone with an entry already goes when they come back (a reload, a second tab). */
export function returnStatus(current: EntryStatus, kind: EntryKind, room: RoomFacts): EntryStatus {
  if (current === 'left') return arrivalStatus(kind, room);
  return current;
}

export type FacilitatorAction = 'admit' | 'deny' | 'remove_to_waiting_room' | 'remove_out';

export type Transition = { ok: true; status: EntryStatus } | Refusal;

/** What a facilitator action does to an entry, or why it cannot. */
export function applyAction(current: EntryStatus, action: FacilitatorAction): Transition {
  switch (action) {
    case 'admit':
      if (current === 'waiting') return { ok: true, status: 'admitted' };
      if (current === 'admitted') return refuse('already_admitted', 'That person is already in the call.');
      return refuse('not_waiting', 'That person is no longer waiting.');
    case 'deny':
      if (current === 'waiting') return { ok: true, status: 'denied' };
      return refuse('not_waiting', 'That person is no longer waiting.');
    case 'remove_to_waiting_room':
      if (current === 'admitted') return { ok: true, status: 'waiting' };
      return refuse('not_in_call', 'That person is not in the call.');
    case 'remove_out':
      if (current === 'admitted' || current === 'waiting') return { ok: true, status: 'removed' };
      return refuse('not_in_call', 'That person is not in the call or the waiting room.');
  }
}

/** Whether an entry holds a place now: in the waiting room or the call. */
export const isOpen = (status: EntryStatus) => status === 'waiting' || status === 'admitted';

/**
 * Whether a session is over for everyone: its scheduled end has passed, or a facilitator
 * ended it (until they reopen it). Until then it is still on, however late it is to join.
 */
export function hasEnded(session: { end: Date; endedAt: Date | null }, now: Date): boolean {
  return session.endedAt !== null || now.getTime() >= session.end.getTime();
}

/**
 * Whether a facilitator may reopen a session that was ended: one ended by mistake can come
 * back while its scheduled time lasts; after that the end stands.
 */
export function reopenCheck(
  session: { endedAt: Date | null; cancelled: boolean; endsAt: Date },
  now: Date,
): { ok: true } | Refusal<'not_ended' | 'session_cancelled' | 'session_over'> {
  if (session.cancelled) return refuse('session_cancelled', 'This session was cancelled, so it cannot be reopened.');
  if (session.endedAt === null)
    return refuse('not_ended', 'This session has not ended, so there is nothing to reopen.');
  if (now >= session.endsAt)
    return refuse(
      'session_over',
      'Its scheduled time is over, so this session stays ended. Schedule another session on the group’s page.',
    );
  return { ok: true };
}

/**
 * What "locked" means (decision 0015): everyone new waits, open-door members too, and is told
 * the room is locked; a facilitator can still let someone in, but only by confirming it, so
 * nobody is let in while locked by a slip of the finger, whichever facilitator's screen it is.
 */
export function lockCheck(locked: boolean, confirmed: boolean): { ok: true } | Refusal<'room_locked'> {
  if (!locked || confirmed) return { ok: true };
  return refuse(
    'room_locked',
    'The room is locked, so nobody new comes in unless you confirm it. Confirm to let them in anyway, or unlock the room first.',
  );
}

/** Leaving is always allowed from the waiting room or the call, and changes nothing otherwise. */
export function leaveStatus(current: EntryStatus): EntryStatus {
  return current === 'waiting' || current === 'admitted' ? 'left' : current;
}

/** Facilitators act on participants; nobody acts on a facilitator (co-facilitators are peers). */
export function canActOn(target: EntryKind): boolean {
  return target !== 'facilitator';
}

export type TokenDecision = { ok: true; role: 'facilitator' | 'participant' } | Refusal;

/**
 * Whether an entry may have a call token now. This is the gate LiveKit cannot keep for us:
 * its own "remove participant" does not stop someone joining again with a fresh token, so
 * every token request comes through here.
 */
export function tokenDecision(
  entry: { sessionId: string; kind: EntryKind; status: EntryStatus },
  session: { id: string; ended: boolean; cancelled: boolean },
): TokenDecision {
  if (entry.sessionId !== session.id)
    return refuse(
      'wrong_session',
      'That place in the waiting room is for a different session. Open this session’s link.',
    );
  if (session.ended || session.cancelled)
    return refuse('session_ended', session.cancelled ? 'This session was cancelled.' : 'This session has ended.');
  switch (entry.status) {
    case 'admitted':
      return { ok: true, role: entry.kind === 'facilitator' ? 'facilitator' : 'participant' };
    case 'waiting':
      return refuse('not_admitted', 'You are in the waiting room. A facilitator will let you in.');
    case 'left':
      return refuse('not_admitted', 'You left this session. Open the session link to come back to the waiting room.');
    case 'denied':
      return refuse('denied', 'A facilitator did not let you into this session.');
    case 'removed':
      return refuse('removed', 'A facilitator removed you from this session.');
  }
}

/** Participants can arrive this long before the start: early enough to settle, not days ahead. */
export const WAITING_ROOM_OPENS_BEFORE_MS = 30 * 60 * 1000;
/** Facilitators can come in this long before the start, to set up before anyone arrives. */
export const FACILITATORS_IN_BEFORE_MS = 60 * 60 * 1000;

export type DoorCheck = { ok: true } | (Refusal<'not_open_yet'> & { opensAt: Date }) | Refusal<'session_over'>;

/** When this kind of person may first arrive. */
export function doorsOpenAt(kind: EntryKind, startsAt: Date): Date {
  const before = kind === 'facilitator' ? FACILITATORS_IN_BEFORE_MS : WAITING_ROOM_OPENS_BEFORE_MS;
  return new Date(startsAt.getTime() - before);
}

/**
 * Whether someone may arrive now. Too early, they are told when the doors open. After the
 * scheduled end, a call still running (opened by a facilitator, not ended) takes late arrivals,
 * since sessions overrun; one nobody opened is over for participants. Facilitators may still
 * open a late one.
 */
export function doorCheck(
  kind: EntryKind,
  session: { startsAt: Date; endsAt: Date; running: boolean },
  now: Date,
): DoorCheck {
  const opensAt = doorsOpenAt(kind, session.startsAt);
  if (now < opensAt) {
    const message =
      kind === 'facilitator'
        ? 'You are early. Facilitators can open the room from an hour before the session starts.'
        : 'You are early. The waiting room opens 30 minutes before the session starts.';
    return { ...refuse('not_open_yet', message), opensAt };
  }
  if (kind !== 'facilitator' && now > session.endsAt && !session.running)
    return refuse('session_over', 'This session has finished. See the group’s page for the next one.');
  return { ok: true };
}

/** A waiting person whose connection dropped keeps their place this long. */
export const RECONNECT_GRACE_MS = 2 * 60 * 1000;
/** Clients ping this often; a connection silent for longer than `CONNECTED_WITHIN_MS` counts as down. */
export const PING_INTERVAL_MS = 20 * 1000;
export const CONNECTED_WITHIN_MS = 45 * 1000;

export const isConnected = (lastSeenAt: Date, now: Date) => now.getTime() - lastSeenAt.getTime() <= CONNECTED_WITHIN_MS;

/** Whether a waiting entry still holds its place: connected now, or dropped less than the grace period ago. */
export function holdsPlace(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() <= CONNECTED_WITHIN_MS + RECONNECT_GRACE_MS;
}

interface Queued {
  id: string;
  status: EntryStatus;
  waitingSince: Date | null;
}

/** The waiting queue, first come first served (ties broken by id so every node agrees). */
export function waitingQueue<T extends Queued>(entries: readonly T[]): T[] {
  return entries
    .filter((e) => e.status === 'waiting')
    .sort((a, b) => time(a.waitingSince) - time(b.waitingSince) || a.id.localeCompare(b.id));
}

/** Raised hands in the order they went up. */
export function handQueue<T extends { id: string; status: EntryStatus; handRaisedAt: Date | null }>(
  entries: readonly T[],
): T[] {
  return entries
    .filter((e) => e.status === 'admitted' && e.handRaisedAt !== null)
    .sort((a, b) => time(a.handRaisedAt) - time(b.handRaisedAt) || a.id.localeCompare(b.id));
}

const time = (d: Date | null) => d?.getTime() ?? Number.POSITIVE_INFINITY;

/** The LiveKit identity for an entry, and back: tokens and webhooks are tied to entries by it. */
export const identityOf = (entryId: string) => `entry-${entryId}`;
export function entryIdOf(identity: string): string | null {
  const match = /^entry-([0-9a-f-]{36})$/.exec(identity);
  return match ? (match[1] ?? null) : null;
}
