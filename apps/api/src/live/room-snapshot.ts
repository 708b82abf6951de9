import type { Entry, RoomState } from '@peer-support/contracts/live';
import type { Database } from '@peer-support/db/client';
import { isOpen } from '@peer-support/domain/waiting-room';
import { type EntryRow, type LiveSession, liveRepository as repo } from '../repositories/live.ts';
import type { CallRoom } from './call-room.ts';
import { entryView, queueOf, roomStateOf } from './views.ts';

export interface RoomSnapshot {
  session: LiveSession;
  rows: EntryRow[];
  /** The whole room, for those who host. */
  room: RoomState;
  /** Each person's own entry, by entry id. */
  views: Map<string, Entry>;
  /** The entries whose person hosts the session now (roles looked up afresh, not the kind stored on arrival). */
  hosts: Set<string>;
}

/** Reads one session's room as the live hub pushes it; it changes nothing and publishes nothing. */
export function roomSnapshots({ db, calls }: { db: Database; calls: CallRoom }) {
  return async function snapshot(sessionId: string, now: Date): Promise<RoomSnapshot | null> {
    const session = await repo.session(db, sessionId);
    if (!session) return null;
    const rows = await repo.entries(db, sessionId);
    const queue = queueOf(rows, now);
    const hosting = rows.filter((e) => e.kind === 'facilitator' && isOpen(e.status));
    const kinds = await calls.freshKinds(session, hosting);
    return {
      session,
      rows,
      room: roomStateOf(session, rows, now),
      views: new Map(rows.map((e) => [e.id, entryView(e, queue, session)])),
      hosts: new Set(hosting.filter((e) => kinds.get(e.id) === 'facilitator').map((e) => e.id)),
    };
  };
}

export type RoomSnapshots = ReturnType<typeof roomSnapshots>;
