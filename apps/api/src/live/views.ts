import type { Entry, EntrySummary, RoomState } from '@peer-support/contracts/live';
import { holdsPlace, identityOf, isConnected, type RoomFacts, waitingQueue } from '@peer-support/domain/waiting-room';
import type { EntryRow, LiveSession } from '../repositories/live.ts';
import { currentRoom } from './call-room.ts';

/**
 * What the live feature shows of its rows: pure mappers from the stored session and entries
 * to the API's shapes, shared by the entry routes and the pushes.
 */

/** The waiting queue as facilitators and the waiting see it: people who lost their place drop out. */
export const queueOf = (entries: readonly EntryRow[], now: Date) =>
  waitingQueue(entries.filter((e) => e.status !== 'waiting' || holdsPlace(e.lastSeenAt, now)));

/** What the rules of arrival need to know about the room now. */
export function roomFacts(session: LiveSession, entries: readonly EntryRow[], now: Date): RoomFacts {
  return {
    admission: session.group.admission,
    locked: session.locked,
    facilitatorPresent: entries.some(
      (e) => e.kind === 'facilitator' && e.status === 'admitted' && isConnected(e.lastSeenAt, now),
    ),
  };
}

/** A person's own entry: their place in the queue, and the room to join once admitted. */
export function entryView(row: EntryRow, queue: readonly EntryRow[], session: LiveSession): Entry {
  const index = row.status === 'waiting' ? queue.findIndex((q) => q.id === row.id) : -1;
  return {
    id: row.id,
    sessionId: row.sessionId,
    displayName: row.displayName,
    kind: row.kind,
    status: row.status,
    message: row.message,
    waitingSince: row.waitingSince?.toISOString() ?? null,
    position: index >= 0 ? index + 1 : null,
    handRaisedAt: row.handRaisedAt?.toISOString() ?? null,
    identity: identityOf(row.id),
    room: row.status === 'admitted' && !session.endedAt ? currentRoom(session) : null,
  };
}

/** One person as facilitators see them in the room. */
export function summary(row: EntryRow, now: Date): EntrySummary {
  return {
    id: row.id,
    displayName: row.displayName,
    kind: row.kind,
    status: row.status,
    waitingSince: row.waitingSince?.toISOString() ?? null,
    handRaisedAt: row.handRaisedAt?.toISOString() ?? null,
    identity: identityOf(row.id),
    connected: isConnected(row.lastSeenAt, now),
  };
}

/** The room as facilitators see it: the queue in order, then everyone in the call. */
export function roomStateOf(session: LiveSession, entries: readonly EntryRow[], now: Date): RoomState {
  const queue = queueOf(entries, now);
  const inCall = entries.filter((e) => e.status === 'admitted');
  return {
    sessionId: session.id,
    locked: session.locked,
    ended: session.endedAt !== null,
    pinnedIdentity: session.pinnedIdentity,
    entries: [...queue, ...inCall].map((e) => summary(e, now)),
  };
}
