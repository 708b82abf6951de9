import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CreatedEntry, Entry, EntryKind, EntrySummary, JoinInfo, RoomState } from '@peer-support/contracts/live';
import type { CallToken } from '@peer-support/contracts/sessions';
import type { Database } from '@peer-support/db/client';
import { type Actor, decide } from '@peer-support/domain/roles';
import {
  applyAction,
  arrivalStatus,
  CONNECTED_WITHIN_MS,
  canActOn,
  doorCheck,
  type FacilitatorAction,
  holdsPlace,
  identityOf,
  isConnected,
  leaveStatus,
  RECONNECT_GRACE_MS,
  type RoomFacts,
  returnStatus,
  tokenDecision,
  waitingQueue,
} from '@peer-support/domain/waiting-room';
import { TrackSource } from 'livekit-server-sdk';
import { authorize } from '../authorize.ts';
import { AppError } from '../errors.ts';
import type { Livekit } from '../livekit/livekit.ts';
import { type EntryRow, type LiveSession, liveRepository as repo } from '../repositories/live.ts';
import type { LiveBus } from './bus.ts';

const hashKey = (key: string) => createHash('sha256').update(key).digest();

const SESSION_NOT_FOUND = () =>
  new AppError(404, 'not_found', 'That session was not found. Check the link, or ask whoever sent it for a new one.');
const ENTRY_NOT_FOUND = () =>
  new AppError(
    404,
    'bad_entry',
    'Your place in this session was not found on this device. Open the session link again to join.',
  );

/** How a person stands towards a session: who they would come in as, or why not. */
export type Standing =
  | { kind: EntryKind; userId: string | null; reason: null }
  | { kind: null; userId: string | null; reason: string; signInWanted: boolean };

export interface WaitingRoomDeps {
  db: Database;
  livekit: Livekit;
  bus: LiveBus;
  onError: (error: unknown, what: string) => void;
}

/**
 * The waiting room, admissions and call tokens. State lives in the database so any API node
 * can answer; each change is published on the live bus, and every node pushes it to the
 * browsers connected to it.
 */
export function waitingRoomService({ db, livekit, bus, onError }: WaitingRoomDeps) {
  const changed = (sessionId: string) => bus.publish({ sessionId, type: 'changed' });

  async function liveSession(sessionId: string): Promise<LiveSession> {
    const session = await repo.session(db, sessionId);
    if (!session) throw SESSION_NOT_FOUND();
    return session;
  }

  const target = (s: LiveSession) => ({
    providerId: s.group.providerId,
    groupId: s.group.id,
    groupVisibility: s.group.visibility,
  });

  function standing(session: LiveSession, actor: Actor): Standing {
    if (actor.userId !== null && decide(actor, 'session.host', target(session)) === 'allow')
      return { kind: 'facilitator', userId: actor.userId, reason: null };
    if (actor.userId !== null && actor.activeMemberGroupIds.has(session.group.id))
      return { kind: 'member', userId: actor.userId, reason: null };
    if (session.group.dropIns) return { kind: 'guest', userId: actor.userId, reason: null };
    if (actor.userId === null) {
      // An invite-only group's sessions are not confirmed to strangers; a member just signs in.
      if (session.group.visibility === 'invite_only')
        throw new AppError(401, 'sign_in_required', 'Sign in with the account on this group’s roster to join.');
      return {
        kind: null,
        userId: null,
        reason: 'This session is for members of the group. Sign in with the account on its roster.',
        signInWanted: true,
      };
    }
    if (session.group.visibility === 'invite_only') throw SESSION_NOT_FOUND();
    return {
      kind: null,
      userId: actor.userId,
      reason: 'This session is for members of the group. You can ask to join the group on its page.',
      signInWanted: false,
    };
  }

  function sessionRefusal(session: LiveSession): AppError | null {
    if (session.cancelled) return new AppError(409, 'session_cancelled', 'This session was cancelled.');
    if (session.endedAt) return new AppError(409, 'session_ended', 'This session has ended.');
    if (session.mode === 'in_person')
      return new AppError(409, 'not_online', 'This session meets in person only, so it has no video call.');
    return null;
  }

  /** Whether this kind of person may arrive now (see doorCheck). */
  const doors = (session: LiveSession, kind: EntryKind, now: Date) =>
    doorCheck(
      kind,
      { startsAt: session.startsAt, endsAt: session.endsAt, running: session.openedAt !== null && !session.endedAt },
      now,
    );

  function roomFacts(session: LiveSession, entries: EntryRow[], now: Date): RoomFacts {
    return {
      admission: session.group.admission,
      locked: session.locked,
      facilitatorPresent: entries.some(
        (e) => e.kind === 'facilitator' && e.status === 'admitted' && isConnected(e.lastSeenAt, now),
      ),
    };
  }

  function entryView(row: EntryRow, queue: EntryRow[]): Entry {
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
    };
  }

  /** The waiting queue as facilitators and the waiting see it: people who lost their place drop out. */
  const queueOf = (entries: EntryRow[], now: Date) =>
    waitingQueue(entries.filter((e) => e.status !== 'waiting' || holdsPlace(e.lastSeenAt, now)));

  function summary(row: EntryRow, now: Date): EntrySummary {
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

  async function authenticate(sessionId: string, entryId: string, key: string | undefined): Promise<EntryRow> {
    if (!key) throw ENTRY_NOT_FOUND();
    const row = await repo.entry(db, entryId);
    if (!row || !timingSafeEqual(Buffer.from(row.keyHash, 'hex'), hashKey(key))) throw ENTRY_NOT_FOUND();
    if (row.sessionId !== sessionId)
      throw new AppError(
        403,
        'wrong_session',
        'That place in the waiting room is for a different session. Open this session’s link.',
      );
    return row;
  }

  async function hostSession(sessionId: string, actor: Actor): Promise<LiveSession> {
    const session = await liveSession(sessionId);
    authorize(actor, 'session.host', target(session), 'That session');
    return session;
  }

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
    async joinInfo(sessionId: string, actor: Actor, userName: string | null, now: Date): Promise<JoinInfo> {
      const session = await liveSession(sessionId);
      const who = standing(session, actor);
      const rules = await repo.currentRules(db, session.group.id);
      let displayName: string | null = null;
      if (who.kind === 'member' && actor.userId)
        displayName = await repo.memberName(db, session.group.id, actor.userId);
      if (who.kind === 'facilitator') displayName = userName;
      const refusal = sessionRefusal(session);
      const door = who.kind && !refusal ? doors(session, who.kind, now) : null;
      const over = door && !door.ok && door.code === 'session_over' ? door : null;
      return {
        session: {
          id: session.id,
          title: session.title,
          startsAt: session.startsAt.toISOString(),
          endsAt: session.endsAt.toISOString(),
          mode: session.mode,
          cancelled: session.cancelled,
          ended: session.endedAt !== null,
        },
        group: { id: session.group.id, name: session.group.name, supportLines: session.group.supportLines },
        groundRules: { version: rules?.version ?? 0, rules: rules?.rules ?? [] },
        viewer: {
          kind: refusal || over ? null : who.kind,
          displayName,
          reason: refusal?.message ?? over?.message ?? who.reason,
          signInWanted: who.kind === null && who.signInWanted,
          opensAt: door && !door.ok && door.code === 'not_open_yet' ? door.opensAt.toISOString() : null,
        },
      };
    },

    /** Someone read and accepted the rules and asks to come in: they wait, or walk in. */
    async createEntry(
      sessionId: string,
      actor: Actor,
      input: { displayName: string; groundRulesVersion: number },
      now: Date,
    ): Promise<CreatedEntry> {
      const session = await liveSession(sessionId);
      const who = standing(session, actor);
      if (who.kind === null) throw new AppError(403, 'not_on_roster', who.reason);
      const refusal = sessionRefusal(session);
      if (refusal) throw refusal;
      const door = doors(session, who.kind, now);
      if (!door.ok) throw new AppError(409, door.code, door.message);
      const rules = await repo.currentRules(db, session.group.id);
      if (!rules || rules.version !== input.groundRulesVersion)
        throw new AppError(
          409,
          'rules_changed',
          'The ground rules changed since you read them. Please read the new version and accept it.',
        );

      const key = randomBytes(32).toString('base64url');
      const displayName = input.displayName.trim();
      const { row, entries } = await db.transaction(async (tx) => {
        // One at a time per session, so "is a facilitator here / is it locked" cannot race an admission.
        const locked = await repo.lockSession(tx, session.id);
        if (!locked) throw SESSION_NOT_FOUND();
        const current = { ...session, locked: locked.locked };
        const entries = await repo.entries(tx, session.id);
        const facts = roomFacts(current, entries, now);
        const accepted = { groundRulesVersionId: rules.id, rulesAcceptedAt: now };
        const existing = who.userId ? entries.find((e) => e.userId === who.userId) : undefined;
        if (existing) {
          // The same account again (a reload, another device): a new key, the same place.
          const status = returnStatus(existing.status, who.kind, facts);
          const back = existing.status === 'left' && status === 'waiting';
          const updated = await repo.updateEntry(tx, existing.id, {
            ...accepted,
            displayName,
            kind: who.kind,
            keyHash: hashKey(key).toString('hex'),
            status,
            lastSeenAt: now,
            ...(back && { waitingSince: now, message: null }),
            ...(status === 'admitted' && existing.status !== 'admitted' && { admittedAt: now }),
          });
          if (!updated) throw SESSION_NOT_FOUND();
          return { row: updated, entries };
        }
        const status = arrivalStatus(who.kind, facts);
        const inserted = await repo.insertEntry(tx, {
          ...accepted,
          sessionId: session.id,
          userId: who.userId,
          displayName,
          kind: who.kind,
          status,
          keyHash: hashKey(key).toString('hex'),
          waitingSince: now,
          admittedAt: status === 'admitted' ? now : null,
          lastSeenAt: now,
        });
        return { row: inserted, entries };
      });
      await changed(session.id);
      // The room as read under the lock, with this entry as it now stands.
      const queue = queueOf([...entries.filter((e) => e.id !== row.id), row], now);
      return { entry: entryView(row, queue), key };
    },

    async entry(sessionId: string, entryId: string, key: string | undefined, now: Date): Promise<Entry> {
      const row = await authenticate(sessionId, entryId, key);
      return entryView(row, queueOf(await repo.entries(db, sessionId), now));
    },

    /** A call token, only for an admitted entry of a live session; bound to the entry's identity. */
    async token(sessionId: string, entryId: string, key: string | undefined, now: Date): Promise<CallToken> {
      const row = await authenticate(sessionId, entryId, key);
      const session = await liveSession(sessionId);
      const decision = tokenDecision(row, {
        id: session.id,
        ended: session.endedAt !== null,
        cancelled: session.cancelled,
      });
      if (!decision.ok) throw new AppError(403, decision.code, decision.message);
      await livekit.ensureRoom(session.roomName, session.group.capacity ? session.group.capacity + 10 : 0);
      if (decision.role === 'facilitator' && !session.openedAt)
        await repo.updateSession(db, session.id, { openedAt: now });
      const minted = await livekit.mintToken({
        room: session.roomName,
        identity: identityOf(row.id),
        name: row.displayName,
        role: decision.role,
      });
      return { ...minted, url: livekit.publicUrl, expiresAt: minted.expiresAt.toISOString() };
    },

    async leave(sessionId: string, entryId: string, key: string | undefined) {
      const row = await authenticate(sessionId, entryId, key);
      const status = leaveStatus(row.status);
      if (status !== row.status) {
        await repo.updateEntry(db, row.id, { status, handRaisedAt: null });
        await changed(sessionId);
      }
    },

    async hand(sessionId: string, entryId: string, key: string | undefined, raised: boolean, now: Date) {
      const row = await authenticate(sessionId, entryId, key);
      if (row.status !== 'admitted')
        throw new AppError(409, 'not_in_call', 'You can raise your hand once you are in the call.');
      await repo.updateEntry(db, row.id, { handRaisedAt: raised ? (row.handRaisedAt ?? now) : null });
      await changed(sessionId);
    },

    // ----- the live connection ---------------------------------------------------------

    /** A browser said hello: mark it seen, and bring someone who had lost their place back to the queue. */
    async hello(
      sessionId: string,
      entryId: string,
      key: string,
      now: Date,
    ): Promise<{ entry: EntryRow; session: LiveSession }> {
      const row = await authenticate(sessionId, entryId, key);
      const session = await liveSession(sessionId);
      let updated = row;
      if (row.status === 'left' && !session.endedAt) {
        const entries = await repo.entries(db, sessionId);
        const status = returnStatus(row.status, row.kind, roomFacts(session, entries, now));
        updated =
          (await repo.updateEntry(db, row.id, {
            status,
            lastSeenAt: now,
            waitingSince: now,
            ...(status === 'admitted' && { admittedAt: now }),
          })) ?? row;
      } else if (row.status === 'waiting' && !holdsPlace(row.lastSeenAt, now)) {
        // Gone longer than the grace period, and not yet swept: to the back of the queue.
        updated = (await repo.updateEntry(db, row.id, { lastSeenAt: now, waitingSince: now })) ?? row;
      } else {
        await repo.touch(db, row.id, now);
      }
      if (row.kind === 'facilitator' && updated.status === 'admitted') await admitOpenDoor(session, now);
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

    async snapshot(sessionId: string, now: Date) {
      const session = await repo.session(db, sessionId);
      if (!session) return null;
      const entries = await repo.entries(db, sessionId);
      const queue = queueOf(entries, now);
      return {
        room: roomStateOf(session, entries, now),
        views: new Map(entries.map((e) => [e.id, entryView(e, queue)])),
      };
    },

    // ----- facilitator controls ---------------------------------------------------------

    hostSession,

    async act(
      sessionId: string,
      actor: Actor,
      entryId: string,
      action: FacilitatorAction,
      message: string | undefined,
      now: Date,
    ) {
      const session = await hostSession(sessionId, actor);
      const row = await repo.entry(db, entryId);
      if (!row || row.sessionId !== session.id)
        throw new AppError(
          404,
          'not_found',
          'That person is not in this session any more. The list has been refreshed.',
        );
      if (!canActOn(row.kind))
        throw new AppError(403, 'facilitator_target', 'Facilitators cannot be admitted, denied or removed by others.');
      const outcome = applyAction(row.status, action);
      if (!outcome.ok) throw new AppError(409, outcome.code, outcome.message);
      const text = message?.trim() || null;
      await repo.updateEntry(db, row.id, {
        status: outcome.status,
        message: action === 'admit' ? null : text,
        handRaisedAt: null,
        ...(action === 'admit' && { admittedAt: now }),
        ...(action === 'remove_to_waiting_room' && { waitingSince: now, lastSeenAt: now }),
      });
      if (action === 'remove_to_waiting_room' || action === 'remove_out') {
        await livekit.rooms.removeParticipant(session.roomName, identityOf(row.id)).catch(() => {
          // Not in the LiveKit room (between pages, say): the status change above is what keeps them out.
        });
      }
      await changed(session.id);
      return { ok: true as const, affected: 1 };
    },

    async admitAll(sessionId: string, actor: Actor, now: Date) {
      const session = await hostSession(sessionId, actor);
      const queue = queueOf(await repo.entries(db, session.id), now);
      const ids = queue.map((e) => e.id);
      if (ids.length > 0) await repo.admitMany(db, session.id, ids, now);
      await changed(session.id);
      return { ok: true as const, affected: ids.length };
    },

    async mute(sessionId: string, actor: Actor, entryId: string, track: 'audio' | 'video') {
      const session = await hostSession(sessionId, actor);
      const row = await repo.entry(db, entryId);
      if (!row || row.sessionId !== session.id || row.status !== 'admitted')
        throw new AppError(404, 'not_found', 'That person is not in the call.');
      if (!canActOn(row.kind)) throw new AppError(403, 'facilitator_target', 'Facilitators cannot be muted by others.');
      const identity = identityOf(row.id);
      const participant = await livekit.rooms.getParticipant(session.roomName, identity).catch(() => null);
      if (!participant) throw new AppError(404, 'not_found', 'That person is not connected to the call right now.');
      const source = track === 'audio' ? TrackSource.MICROPHONE : TrackSource.CAMERA;
      const published = participant.tracks.filter((t) => t.source === source && !t.muted);
      for (const t of published) await livekit.rooms.mutePublishedTrack(session.roomName, identity, t.sid, true);
      return { ok: true as const, affected: published.length };
    },

    async notice(sessionId: string, actor: Actor, text: string, now: Date) {
      const session = await hostSession(sessionId, actor);
      await bus.publish({ sessionId: session.id, type: 'notice', text: text.trim(), at: now.toISOString() });
      return { ok: true as const, affected: 1 };
    },

    async lock(sessionId: string, actor: Actor, locked: boolean) {
      const session = await hostSession(sessionId, actor);
      await repo.updateSession(db, session.id, { locked });
      await bus.publish({ sessionId: session.id, type: 'locked', locked });
      await changed(session.id);
      return { ok: true as const, affected: 1 };
    },

    async pin(sessionId: string, actor: Actor, identity: string | null) {
      const session = await hostSession(sessionId, actor);
      if (identity !== null) {
        const entries = await repo.entries(db, session.id);
        if (!entries.some((e) => identityOf(e.id) === identity && e.status === 'admitted'))
          throw new AppError(404, 'not_found', 'That person is not in the call, so they cannot be pinned.');
      }
      await repo.updateSession(db, session.id, { pinnedIdentity: identity });
      await bus.publish({ sessionId: session.id, type: 'pin', identity });
      await changed(session.id);
      return { ok: true as const, affected: 1 };
    },

    async showRules(sessionId: string, actor: Actor) {
      const session = await hostSession(sessionId, actor);
      const rules = await repo.currentRules(db, session.group.id);
      await bus.publish({ sessionId: session.id, type: 'rules', rules: rules?.rules ?? [] });
      return { ok: true as const, affected: 1 };
    },

    /** Ends the session for everyone: no more tokens, the LiveKit room closes, everyone is told. */
    async end(sessionId: string, actor: Actor, now: Date) {
      const session = await hostSession(sessionId, actor);
      if (!session.endedAt) await closeSession(session.id, session.roomName, now);
      return { ok: true as const, affected: 1 };
    },

    closeSession,
  };

  async function closeSession(sessionId: string, roomName: string, now: Date) {
    await db.transaction(async (tx) => {
      await repo.updateSession(tx, sessionId, { endedAt: now });
      await repo.endOpenEntries(tx, sessionId);
      await repo.closeAttendance(tx, sessionId, now);
    });
    await bus.publish({ sessionId, type: 'ended' });
    await changed(sessionId);
    await livekit.rooms.deleteRoom(roomName).catch((error: unknown) => {
      // Already gone (LiveKit closed it, or it never opened): nothing left to end.
      if (!/not.?found/i.test(String(error))) onError(error, 'deleting the LiveKit room');
    });
  }

  function roomStateOf(session: LiveSession, entries: EntryRow[], now: Date): RoomState {
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
}

export type WaitingRoom = ReturnType<typeof waitingRoomService>;
