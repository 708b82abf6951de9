import { createHmac, randomBytes } from 'node:crypto';
import type { CreatedEntry, Entry, EntryKind, JoinInfo } from '@peer-support/contracts/live';
import type { CallToken } from '@peer-support/contracts/sessions';
import type { Database } from '@peer-support/db/client';
import { guestArrivalCheck } from '@peer-support/domain/arrival-limits';
import type { Actor } from '@peer-support/domain/roles';
import { participantNameCheck, reviewStanding } from '@peer-support/domain/standing';
import { arrivalStatus, doorCheck, isOpen, leaveStatus, returnStatus } from '@peer-support/domain/waiting-room';
import { AppError } from '../errors.ts';
import { type LiveSession, liveRepository as repo } from '../repositories/live.ts';
import { authenticate, hashKey, liveSession, SESSION_NOT_FOUND } from './access.ts';
import type { LiveBus } from './bus.ts';
import { type CallRoom, kindFor } from './call-room.ts';
import type { CallTokens } from './call-tokens.ts';
import { entryView, queueOf, roomFacts } from './views.ts';

/** How a person stands towards a session: who they would come in as, or why not. */
export type Standing =
  | { kind: EntryKind; userId: string | null; reason: null }
  | { kind: null; userId: string | null; reason: string; signInWanted: boolean };

export interface EntriesDeps {
  db: Database;
  bus: LiveBus;
  calls: CallRoom;
  tokens: CallTokens;
  /** The LiveKit URL browsers join the call at. */
  callUrl: string;
  /** Keys the hash of client addresses (for the arrival limits), so the stored value reveals no address. */
  clientSecret: string;
}

/**
 * A person's own place in a session: what the session link shows them, arriving (they wait,
 * or walk in), their entry, their call token, raising a hand and leaving. State lives in the
 * database so any API node can answer; each change is published on the live bus.
 */
export function entriesService({ db, bus, calls, tokens, callUrl, clientSecret }: EntriesDeps) {
  const clientKeyOf = (address: string) =>
    createHmac('sha256', clientSecret).update(address).digest('base64url').slice(0, 22);
  const changed = (sessionId: string) => bus.publish({ sessionId, type: 'changed' });

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

  return {
    async joinInfo(sessionId: string, actor: Actor, userName: string | null, now: Date): Promise<JoinInfo> {
      const session = await liveSession(db, sessionId);
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
        callUrl,
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
      const session = await liveSession(db, sessionId);
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
      const row = await authenticate(db, sessionId, entryId, key);
      const session = await liveSession(db, sessionId);
      return entryView(row, queueOf(await repo.entries(db, sessionId), now), session);
    },

    /** A call token for an admitted entry (see call-tokens.ts); the live socket delivers the same on admission. */
    async token(sessionId: string, entryId: string, key: string | undefined, now: Date): Promise<CallToken> {
      const row = await authenticate(db, sessionId, entryId, key);
      const session = await liveSession(db, sessionId);
      return tokens.one(session, row, now);
    },

    async leave(sessionId: string, entryId: string, key: string | undefined) {
      const row = await authenticate(db, sessionId, entryId, key);
      const status = leaveStatus(row.status);
      if (status !== row.status) {
        await repo.updateEntry(db, row.id, { status, handRaisedAt: null });
        await changed(sessionId);
      }
    },

    async hand(sessionId: string, entryId: string, key: string | undefined, raised: boolean, now: Date) {
      const row = await authenticate(db, sessionId, entryId, key);
      if (row.status !== 'admitted')
        throw new AppError(409, 'not_in_call', 'You can raise your hand once you are in the call.');
      await repo.updateEntry(db, row.id, { handRaisedAt: raised ? (row.handRaisedAt ?? now) : null });
      await changed(sessionId);
    },
  };
}

export type Entries = ReturnType<typeof entriesService>;
