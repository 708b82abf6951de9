import type { EntryKind } from '@peer-support/contracts/live';
import type { Database } from '@peer-support/db/client';
import { callRoomName, parseCallRoom, presenceVerdict } from '@peer-support/domain/call-room';
import { type Actor, ANONYMOUS, decide } from '@peer-support/domain/roles';
import { reviewStanding, standingKind } from '@peer-support/domain/standing';
import { entryIdOf, identityOf } from '@peer-support/domain/waiting-room';
import type { Livekit } from '../livekit/livekit.ts';
import { loadActors } from '../repositories/actors.ts';
import { type EntryRow, type LiveSession, liveRepository as repo } from '../repositories/live.ts';
import type { LiveBus } from './bus.ts';

export interface CallRoomDeps {
  db: Database;
  livekit: Livekit;
  bus: LiveBus;
  onError: (error: unknown, what: string) => void;
  /** The app's clock, for work no request started (a roster or staff change's standing check). */
  now: () => Date;
}

/** The LiveKit room a session's call is in now. */
export const currentRoom = (session: Pick<LiveSession, 'roomName' | 'roomGeneration'>) =>
  callRoomName(session.roomName, session.roomGeneration);

/** Who someone is towards this session now, from their freshly loaded roles. */
export function kindFor(session: LiveSession, actor: Actor): EntryKind | null {
  const target = {
    providerId: session.group.providerId,
    groupId: session.group.id,
    groupVisibility: session.group.visibility,
  };
  return standingKind({
    signedIn: actor.userId !== null,
    hosts: actor.userId !== null && decide(actor, 'session.host', target) === 'allow',
    activeMember: actor.activeMemberGroupIds.has(session.group.id),
    // Drop-ins make a group open to anyone holding a link; an invite-only group stays closed (0012).
    dropIns: session.group.dropIns && session.group.visibility === 'listed',
  });
}

/**
 * Keeps LiveKit's account of who is in a call equal to who is admitted right now (docs/decisions/0011):
 * takes people out of the room, moves the call to a fresh room when someone taken out holds a
 * token for this one, revokes entries whose person lost standing, and closes rooms and
 * sessions. Every node may run any of it at any time: each step is idempotent.
 */
export function callRoomService({ db, livekit, bus, onError, now: clock }: CallRoomDeps) {
  const changed = (sessionId: string) => bus.publish({ sessionId, type: 'changed' });

  /** Fresh kinds for everyone with an entry: signed-in people's roles are loaded now, in three queries. */
  async function freshKinds(
    session: LiveSession,
    entries: readonly EntryRow[],
  ): Promise<Map<string, EntryKind | null>> {
    const actors = await loadActors(
      db,
      entries.flatMap((e) => (e.userId ? [e.userId] : [])),
    );
    return new Map(
      entries.map((e) => [e.id, kindFor(session, e.userId ? (actors.get(e.userId) ?? ANONYMOUS) : ANONYMOUS)]),
    );
  }

  /**
   * Moves the call out of generation `from` into a fresh room, if it is still there, and
   * closes the old room (everyone in it is disconnected; the admitted are told the new room
   * and ask for a token for it). Returns whether it moved.
   */
  async function moveCall(session: LiveSession, from: number): Promise<boolean> {
    const next = await repo.moveRoom(db, session.id, from);
    if (next === null) return false;
    await livekit.closeRoom(callRoomName(session.roomName, from));
    await changed(session.id);
    return true;
  }

  /**
   * Takes someone out of the call now. If they hold a token (or LiveKit's refresh of one) for
   * the room the call is in, the call moves, so nothing they hold opens a room again.
   */
  async function takeOut(session: LiveSession, entry: Pick<EntryRow, 'id' | 'tokenGeneration'>): Promise<void> {
    if (entry.tokenGeneration !== null && (await moveCall(session, entry.tokenGeneration))) return;
    await livekit.takeOut(currentRoom(session), identityOf(entry.id));
  }

  /** Their place goes, with a sentence saying why; out of the room too. */
  async function revoke(session: LiveSession, entry: EntryRow, message: string): Promise<EntryRow> {
    const updated =
      (await repo.updateEntry(db, entry.id, { status: 'left', message, handRaisedAt: null })) ??
      ({ ...entry, status: 'left', message } satisfies EntryRow);
    if (entry.status === 'admitted' || entry.tokenGeneration !== null) await takeOut(session, entry);
    await changed(session.id);
    return updated;
  }

  /** Reviews one entry's standing now: revoked, promoted, or as it was. */
  async function review(session: LiveSession, entry: EntryRow, fresh: EntryKind | null): Promise<EntryRow> {
    if (entry.status !== 'waiting' && entry.status !== 'admitted') return entry;
    const verdict = reviewStanding(entry.kind, fresh);
    if (verdict.change === 'revoke') return revoke(session, entry, verdict.message);
    if (verdict.change === 'promote') {
      const updated = await repo.updateEntry(db, entry.id, { kind: verdict.kind });
      await changed(session.id);
      return updated ?? entry;
    }
    return entry;
  }

  /**
   * The whole call checked against the waiting room: standing reviewed for everyone with a
   * place, then anyone LiveKit has in the room who may not be there is taken out. After the
   * scheduled end, a call LiveKit has closed is over.
   */
  async function reconcile(sessionId: string, now: Date): Promise<void> {
    const session = await repo.session(db, sessionId);
    if (!session) return;
    const entries = await repo.entries(db, sessionId);
    const kinds = await freshKinds(session, entries);
    const current = new Map<string, EntryRow>();
    for (const e of entries) current.set(identityOf(e.id), await review(session, e, kinds.get(e.id) ?? null));

    const latest = (await repo.session(db, sessionId)) ?? session;
    const room = currentRoom(latest);
    const facts = { id: latest.id, currentRoom: room, ended: latest.endedAt !== null || latest.cancelled };
    for (const p of await livekit.peopleIn(room)) {
      if (!presenceVerdict({ room }, current.get(p.identity), facts).stay) await livekit.takeOut(room, p.identity);
    }
    if (!latest.endedAt && now > latest.endsAt && latest.openedAt && !(await livekit.roomExists(room)))
      await endSession(latest, now);
  }

  /** LiveKit says someone joined a room: the fast path of the reconciliation, for that one person. */
  async function joined(roomName: string, identity: string): Promise<void> {
    const session = await repo.sessionByRoomBase(db, parseCallRoom(roomName).base);
    if (!session) return;
    const entryId = entryIdOf(identity);
    let entry = entryId ? await repo.entry(db, entryId) : undefined;
    if (entry && entry.sessionId === session.id) {
      const [fresh] = (await freshKinds(session, [entry])).values();
      entry = await review(session, entry, fresh ?? null);
    }
    const latest = (await repo.session(db, session.id)) ?? session;
    const facts = {
      id: latest.id,
      currentRoom: currentRoom(latest),
      ended: latest.endedAt !== null || latest.cancelled,
    };
    if (!presenceVerdict({ room: roomName }, entry, facts).stay) await livekit.takeOut(roomName, identity);
  }

  /**
   * LiveKit closed a room (empty past its timeout, or deleted). That room's stretches end; the
   * session ends only if this was its call's room and the scheduled end has passed.
   */
  async function roomFinished(roomName: string, at: Date): Promise<void> {
    livekit.forgetRoom(roomName);
    const session = await repo.sessionByRoomBase(db, parseCallRoom(roomName).base);
    if (!session) return;
    await repo.closeRoomAttendance(db, session.id, roomName, at);
    if (!session.endedAt && roomName === currentRoom(session) && at >= session.endsAt) await endSession(session, at);
  }

  /** Ends the session for everyone: no more tokens, the room closes, everyone is told. */
  async function endSession(session: LiveSession, now: Date): Promise<void> {
    await db.transaction(async (tx) => {
      await repo.updateSession(tx, session.id, { endedAt: now });
      await repo.endOpenEntries(tx, session.id);
      await repo.closeAttendance(tx, session.id, now);
    });
    await bus.publish({ sessionId: session.id, type: 'ended' });
    await changed(session.id);
    await livekit.closeRoom(currentRoom(session)).catch((error: unknown) => onError(error, 'closing the LiveKit room'));
  }

  /** Opens an ended session again, in a fresh room: nothing handed out before the end works. */
  async function reopen(session: LiveSession): Promise<void> {
    await repo.updateSession(db, session.id, { endedAt: null });
    await repo.moveRoom(db, session.id);
    await changed(session.id);
  }

  return {
    freshKinds,
    takeOut,
    revoke,
    review,
    reconcile,
    joined,
    roomFinished,
    endSession,
    reopen,

    /** Every call this node should check now; errors are reported per session, never thrown. */
    async reconcileAll(now: Date): Promise<void> {
      for (const id of await repo.callsToReconcile(db, now)) {
        await reconcile(id, now).catch((error: unknown) => onError(error, 'reconciling a call with LiveKit'));
      }
    },

    /**
     * Someone's standing changed in these groups, or across a provider (roster, facilitators,
     * staff, erasure): every place in their live sessions is checked now, so the change has
     * taken effect in LiveKit by the time the request that made it answers.
     */
    async standingChanged(scope: { groupIds: readonly string[] } | { providerId: string }): Promise<void> {
      const now = clock();
      for (const id of await repo.occupiedSessions(db, scope)) await reconcile(id, now);
    },
  };
}

export type CallRoom = ReturnType<typeof callRoomService>;
