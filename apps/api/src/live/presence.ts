import type { Database } from '@peer-support/db/client';
import { CONNECTED_WITHIN_MS, holdsPlace, RECONNECT_GRACE_MS, returnStatus } from '@peer-support/domain/waiting-room';
import { type EntryRow, type LiveSession, liveRepository as repo } from '../repositories/live.ts';
import { authenticate, liveSession } from './access.ts';
import type { LiveBus } from './bus.ts';
import type { CallRoom } from './call-room.ts';
import { queueOf, roomFacts } from './views.ts';

/**
 * Who is connected: a browser's hello (standing looked up afresh), its pings, its going away,
 * and the sweep that drops waiting people gone past the grace period.
 */
export function presenceService({ db, bus, calls }: { db: Database; bus: LiveBus; calls: CallRoom }) {
  const changed = (sessionId: string) => bus.publish({ sessionId, type: 'changed' });

  /** Admits waiting members on an open-door group once a facilitator is there and the room is open. */
  async function admitOpenDoor(session: LiveSession, now: Date): Promise<number> {
    if (session.group.admission !== 'open_door' || session.locked || session.endedAt) return 0;
    const entries = await repo.entries(db, session.id);
    if (!roomFacts(session, entries, now).facilitatorPresent) return 0;
    const members = queueOf(entries, now).filter((e) => e.kind === 'member');
    if (members.length > 0)
      await repo.admitMany(
        db,
        session.id,
        members.map((e) => e.id),
        now,
      );
    return members.length;
  }

  return {
    /**
     * A browser said hello: mark it seen, and bring someone who had lost their place back to
     * the queue, as what they are now (standing is looked up afresh: someone taken off the
     * roster does not walk back in, a former facilitator comes back as a participant).
     */
    async hello(
      sessionId: string,
      entryId: string,
      key: string,
      now: Date,
    ): Promise<{ entry: EntryRow; session: LiveSession }> {
      const row = await authenticate(db, sessionId, entryId, key);
      const session = await liveSession(db, sessionId);
      // As they stand now: roles loaded fresh, never the kind stored on arrival.
      const fresh = (await calls.freshKinds(session, [row])).get(row.id) ?? null;
      const reviewed = await calls.review(session, row, fresh);
      let updated = reviewed;
      if (reviewed.status === 'left' && !session.endedAt && fresh !== null) {
        const entries = await repo.entries(db, sessionId);
        const status = returnStatus(reviewed.status, fresh, roomFacts(session, entries, now));
        updated =
          (await repo.updateEntry(db, row.id, {
            kind: fresh,
            status,
            message: null,
            lastSeenAt: now,
            waitingSince: now,
            ...(status === 'admitted' && { admittedAt: now }),
          })) ?? reviewed;
      } else if (reviewed.status === 'waiting' && !holdsPlace(reviewed.lastSeenAt, now)) {
        // Gone longer than the grace period, and not yet swept: to the back of the queue.
        updated = (await repo.updateEntry(db, row.id, { lastSeenAt: now, waitingSince: now })) ?? reviewed;
      } else {
        await repo.touch(db, row.id, now);
      }
      if (updated.kind === 'facilitator' && updated.status === 'admitted') await admitOpenDoor(session, now);
      await changed(sessionId);
      return { entry: updated, session };
    },

    async seen(entryId: string, now: Date) {
      await repo.touch(db, entryId, now);
    },

    /** The connection closed: they count as disconnected at once, and keep a waiting place for the grace period. */
    async disconnected(sessionId: string, entryId: string, now: Date) {
      await repo.touch(db, entryId, new Date(now.getTime() - CONNECTED_WITHIN_MS - 1));
      await changed(sessionId);
    },

    /** Drops waiting people whose connection has been gone past the grace period; every node may run it. */
    async sweep(now: Date) {
      const cutoff = new Date(now.getTime() - CONNECTED_WITHIN_MS - RECONNECT_GRACE_MS);
      for (const sessionId of await repo.expireWaiting(db, cutoff)) await changed(sessionId);
    },
  };
}

export type Presence = ReturnType<typeof presenceService>;
