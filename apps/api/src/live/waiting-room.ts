import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CreatedEntry, Entry, EntryKind, EntrySummary, JoinInfo, RoomState } from '@peer-support/contracts/live';
import type { CallToken } from '@peer-support/contracts/sessions';
import type { Database } from '@peer-support/db/client';
import { guestArrivalCheck } from '@peer-support/domain/arrival-limits';
import { callRoomName } from '@peer-support/domain/call-room';
import type { Actor } from '@peer-support/domain/roles';
import { participantNameCheck, reviewStanding } from '@peer-support/domain/standing';
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
  isOpen,
  leaveStatus,
  lockCheck,
  RECONNECT_GRACE_MS,
  type RoomFacts,
  reopenCheck,
  returnStatus,
  tokenDecision,
  waitingQueue,
} from '@peer-support/domain/waiting-room';
import { TrackSource } from 'livekit-server-sdk';
import { authorize } from '../authorize.ts';
import { AppError } from '../errors.ts';
import type { Livekit } from '../livekit/livekit.ts';
import { loadActor } from '../repositories/actors.ts';
import { type EntryRow, type LiveSession, liveRepository as repo } from '../repositories/live.ts';
import type { LiveBus } from './bus.ts';
import { type CallRoom, currentRoom, kindFor } from './call-room.ts';

const hashKey = (key: string) => createHash('sha256').update(key).digest();

/**
 * Worded exactly as authorize() words a refusal, so a session that is hidden from someone
 * (an invite-only group's) reads byte for byte like one that does not exist (decision 0012).
 */
const SESSION_NOT_FOUND = () =>
  new AppError(
    404,
    'not_found',
    'That session was not found. Check the link, or sign in with the account that has access.',
  );
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
  calls: CallRoom;
  /** Keys the hash of client addresses (for the arrival limits), so the stored value reveals no address. */
  clientSecret: string;
}

/**
 * The waiting room, admissions and call tokens. State lives in the database so any API node
 * can answer; each change is published on the live bus, and every node pushes it to the
 * browsers connected to it.
 */
export function waitingRoomService({ db, livekit, bus, calls, clientSecret }: WaitingRoomDeps) {
  const clientKeyOf = (address: string) =>
    createHmac('sha256', clientSecret).update(address).digest('base64url').slice(0, 22);
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

  /** The entry's person as they stand now: roles loaded fresh, never the kind stored on arrival. */
  const freshKind = async (session: LiveSession, row: EntryRow) => kindFor(session, await loadActor(db, row.userId));

  /** How someone stands now, from roles loaded for this request; strangers to an invite-only group learn nothing. */
  function standing(session: LiveSession, actor: Actor): Standing {
    const kind = kindFor(session, actor);
    if (kind) return { kind, userId: actor.userId, reason: null };
    // An invite-only group's sessions are not confirmed to strangers, signed in or not: they
    // read as missing, and the words ask a member to sign in (decision 0012).
    if (session.group.visibility === 'invite_only') throw SESSION_NOT_FOUND();
    if (actor.userId === null) {
      return {
        kind: null,
        userId: null,
        reason: 'This session is for members of the group. Sign in with the account on its roster.',
        signInWanted: true,
      };
    }
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

  function entryView(row: EntryRow, queue: EntryRow[], session: LiveSession): Entry {
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
      clientAddress: string,
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
      if (who.kind !== 'facilitator') {
        const taken = participantNameCheck(displayName, await repo.facilitatorNames(db, session.id, session.group.id));
        if (taken)
          throw new AppError(409, taken.code, taken.message, [{ field: 'body.displayName', message: taken.message }]);
      }
      const { row, entries, revoked } = await db.transaction(async (tx) => {
        // One at a time per session, so "is a facilitator here / is it locked" cannot race an admission.
        const locked = await repo.lockSession(tx, session.id);
        if (!locked) throw SESSION_NOT_FOUND();
        const current = { ...session, locked: locked.locked };
        const entries = await repo.entries(tx, session.id);
        const facts = roomFacts(current, entries, now);
        const accepted = { groundRulesVersionId: rules.id, rulesAcceptedAt: now };
        const existing = who.userId ? entries.find((e) => e.userId === who.userId) : undefined;
        if (existing) {
          // The same account again (a reload, another device): a new key, the same place; but
          // someone with less standing than they came in with starts again as what they are now.
          const revoked = reviewStanding(existing.kind, who.kind).change === 'revoke' && isOpen(existing.status);
          const status = revoked ? arrivalStatus(who.kind, facts) : returnStatus(existing.status, who.kind, facts);
          const back = (revoked || existing.status === 'left') && status === 'waiting';
          const updated = await repo.updateEntry(tx, existing.id, {
            ...accepted,
            displayName,
            kind: who.kind,
            keyHash: hashKey(key).toString('hex'),
            status,
            lastSeenAt: now,
            ...(back && { waitingSince: now, message: null }),
            ...(status === 'admitted' && (revoked || existing.status !== 'admitted') && { admittedAt: now }),
          });
          if (!updated) throw SESSION_NOT_FOUND();
          return { row: updated, entries, revoked: revoked ? existing : null };
        }
        const clientKey = clientKeyOf(clientAddress);
        if (who.kind === 'guest') {
          const guests = entries.filter((e) => e.kind === 'guest');
          const fromClient = guests.filter((e) => e.clientKey === clientKey);
          const limit = guestArrivalCheck(
            {
              openGuests: guests.filter((e) => isOpen(e.status)).length,
              guestLimit: session.group.guestLimit,
              openFromClient: fromClient.filter((e) => isOpen(e.status)).length,
              recentArrivalsFromClient: fromClient.map((e) => e.createdAt).sort((a, b) => a.getTime() - b.getTime()),
            },
            now,
          );
          if (!limit.ok) throw new AppError(429, limit.code, limit.message, undefined, limit.retryAfterSeconds);
        }
        const status = arrivalStatus(who.kind, facts);
        const inserted = await repo.insertEntry(tx, {
          clientKey,
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
        return { row: inserted, entries, revoked: null };
      });
      // What they held under their old standing (a facilitator's token, say) is no good now.
      if (revoked) await calls.takeOut(session, revoked);
      await changed(session.id);
      // The room as read under the lock, with this entry as it now stands.
      const queue = queueOf([...entries.filter((e) => e.id !== row.id), row], now);
      return { entry: entryView(row, queue, session), key };
    },

    async entry(sessionId: string, entryId: string, key: string | undefined, now: Date): Promise<Entry> {
      const row = await authenticate(sessionId, entryId, key);
      const session = await liveSession(sessionId);
      return entryView(row, queueOf(await repo.entries(db, sessionId), now), session);
    },

    /**
     * A call token, only for an admitted entry of a live session, bound to the entry's identity
     * and to the room the call is in now, for the person as they stand now.
     */
    async token(sessionId: string, entryId: string, key: string | undefined, now: Date): Promise<CallToken> {
      let row = await authenticate(sessionId, entryId, key);
      const session = await liveSession(sessionId);
      const decision = tokenDecision(row, {
        id: session.id,
        ended: session.endedAt !== null,
        cancelled: session.cancelled,
      });
      if (!decision.ok) throw new AppError(403, decision.code, decision.message);
      const fresh = await freshKind(session, row);
      const review = reviewStanding(row.kind, fresh);
      if (review.change === 'revoke') {
        await calls.revoke(session, row, review.message);
        throw new AppError(403, 'no_standing', review.message);
      }
      if (review.change === 'promote') row = (await repo.updateEntry(db, row.id, { kind: review.kind })) ?? row;

      const room = await claimRoom(session, row.id);
      if (!session.openedAt) await repo.updateSession(db, session.id, { openedAt: now });
      const minted = await livekit.mintToken({
        room,
        identity: identityOf(row.id),
        name: row.displayName,
        kind: row.kind,
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
      const row = await authenticate(sessionId, entryId, key);
      const session = await liveSession(sessionId);
      const fresh = await freshKind(session, row);
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

    /**
     * What each connected person is sent: their own entry, and for the people who host the
     * session now (roles looked up afresh, not the kind stored on arrival) the whole room.
     */
    async snapshot(sessionId: string, now: Date) {
      const session = await repo.session(db, sessionId);
      if (!session) return null;
      const entries = await repo.entries(db, sessionId);
      const queue = queueOf(entries, now);
      const hosting = entries.filter((e) => e.kind === 'facilitator' && isOpen(e.status));
      const kinds = await calls.freshKinds(session, hosting);
      return {
        room: roomStateOf(session, entries, now),
        views: new Map(entries.map((e) => [e.id, entryView(e, queue, session)])),
        hosts: new Set(hosting.filter((e) => kinds.get(e.id) === 'facilitator').map((e) => e.id)),
      };
    },

    // ----- facilitator controls ---------------------------------------------------------

    hostSession,

    async act(
      sessionId: string,
      actor: Actor,
      request: { entryId: string; action: FacilitatorAction; message?: string | undefined; whileLocked?: boolean },
      now: Date,
    ) {
      const { entryId, action, message } = request;
      const session = await hostSession(sessionId, actor);
      if (action === 'admit') {
        const lock = lockCheck(session.locked, request.whileLocked === true);
        if (!lock.ok) throw new AppError(409, lock.code, lock.message);
      }
      const row = await repo.entry(db, entryId);
      if (!row || row.sessionId !== session.id)
        throw new AppError(
          404,
          'not_found',
          'That person is not in this session any more. The list has been refreshed.',
        );
      if (!canActOn(row.kind))
        throw new AppError(403, 'facilitator_target', 'Facilitators cannot be admitted, denied or removed by others.');
      const removal = action === 'remove_to_waiting_room' || action === 'remove_out';
      const outcome = applyAction(row.status, action);
      if (!outcome.ok) {
        // Whatever their entry says, someone LiveKit still has in the call is taken out.
        if (removal && (await inCall(session, row))) {
          await calls.takeOut(session, row);
          await changed(session.id);
          return { ok: true as const, affected: 1 };
        }
        throw new AppError(409, outcome.code, outcome.message);
      }
      const text = message?.trim() || null;
      const updated = await repo.updateEntry(db, row.id, {
        status: outcome.status,
        message: action === 'admit' ? null : text,
        handRaisedAt: null,
        ...(action === 'admit' && { admittedAt: now }),
        ...(action === 'remove_to_waiting_room' && { waitingSince: now, lastSeenAt: now }),
      });
      // Out of the room now, and (if they hold a token for it) the call moves to a fresh one.
      if (removal) await calls.takeOut(session, updated ?? row);
      await changed(session.id);
      return { ok: true as const, affected: 1 };
    },

    /** Lets in everyone waiting who is connected now: a dropped connection's kept place is not a person here. */
    async admitAll(sessionId: string, actor: Actor, options: { whileLocked?: boolean }, now: Date) {
      const session = await hostSession(sessionId, actor);
      const lock = lockCheck(session.locked, options.whileLocked === true);
      if (!lock.ok) throw new AppError(409, lock.code, lock.message);
      const queue = queueOf(await repo.entries(db, session.id), now);
      const ids = queue.filter((e) => isConnected(e.lastSeenAt, now)).map((e) => e.id);
      if (ids.length > 0) await repo.admitMany(db, session.id, ids, now);
      await changed(session.id);
      return { ok: true as const, affected: ids.length };
    },

    /** Mutes whoever LiveKit has in the call under that entry, whatever the entry says. */
    async mute(sessionId: string, actor: Actor, entryId: string, track: 'audio' | 'video') {
      const session = await hostSession(sessionId, actor);
      const row = await repo.entry(db, entryId);
      if (!row || row.sessionId !== session.id) throw new AppError(404, 'not_found', 'That person is not in the call.');
      if (!canActOn(row.kind)) throw new AppError(403, 'facilitator_target', 'Facilitators cannot be muted by others.');
      const identity = identityOf(row.id);
      const room = currentRoom(session);
      const participant = (await livekit.peopleIn(room)).find((p) => p.identity === identity);
      if (!participant)
        throw new AppError(
          409,
          'not_connected',
          'That person is not connected to the call right now, so there is nothing to mute.',
        );
      const source = track === 'audio' ? TrackSource.MICROPHONE : TrackSource.CAMERA;
      const published = participant.tracks.filter((t) => t.source === source && !t.muted);
      for (const t of published) await livekit.rooms.mutePublishedTrack(room, identity, t.sid, true);
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
      if (!session.endedAt) await calls.endSession(session, now);
      return { ok: true as const, affected: 1 };
    },

    /** Opens a session ended by mistake again, within its scheduled time, in a fresh room. */
    async reopen(sessionId: string, actor: Actor, now: Date) {
      const session = await hostSession(sessionId, actor);
      const check = reopenCheck(session, now);
      if (!check.ok) throw new AppError(409, check.code, check.message);
      await calls.reopen(session);
      return { ok: true as const, affected: 1 };
    },
  };

  /** Whether LiveKit has this entry's person in the call's room right now. */
  async function inCall(session: LiveSession, row: EntryRow): Promise<boolean> {
    return (await livekit.peopleIn(currentRoom(session))).some((p) => p.identity === identityOf(row.id));
  }

  /**
   * Records the token against the room the call is in and makes sure that room exists. If the
   * call moved meanwhile (someone was taken out), the room just made may be the retired one
   * brought back: close it again and use the new one. A retired room must never come back.
   */
  async function claimRoom(session: LiveSession, entryId: string): Promise<string> {
    const capacity = session.group.capacity ? session.group.capacity + 10 : 0;
    for (let attempt = 0; attempt < 3; attempt++) {
      const generation = await repo.claimToken(db, session.id, entryId);
      if (generation === null)
        throw new AppError(403, 'not_admitted', 'You are not in the call just now. A facilitator will let you in.');
      const room = callRoomName(session.roomName, generation);
      await livekit.ensureRoom(room, capacity);
      if ((await repo.roomGeneration(db, session.id)) === generation) return room;
      await livekit.closeRoom(room);
    }
    throw new AppError(409, 'room_moving', 'The call is moving to a new room. Please try again in a moment.');
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
