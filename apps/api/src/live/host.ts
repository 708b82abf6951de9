import type { Database } from '@peer-support/db/client';
import type { Actor } from '@peer-support/domain/roles';
import {
  applyAction,
  canActOn,
  type FacilitatorAction,
  identityOf,
  isConnected,
  lockCheck,
  reopenCheck,
} from '@peer-support/domain/waiting-room';
import { TrackSource } from 'livekit-server-sdk';
import { AppError } from '../errors.ts';
import type { Livekit } from '../livekit/livekit.ts';
import { type EntryRow, type LiveSession, liveRepository as repo } from '../repositories/live.ts';
import { hostSession } from './access.ts';
import type { LiveBus } from './bus.ts';
import { type CallRoom, currentRoom } from './call-room.ts';
import { queueOf } from './views.ts';

export interface HostDeps {
  db: Database;
  livekit: Livekit;
  bus: LiveBus;
  calls: CallRoom;
}

/**
 * What facilitators do: admit, deny and remove, mute, lock, pin, notices, the rules again, end
 * and reopen. Each asks whether this person may host the session now, from their roles as
 * loaded for this request.
 */
export function hostService({ db, livekit, bus, calls }: HostDeps) {
  const changed = (sessionId: string) => bus.publish({ sessionId, type: 'changed' });

  return {
    hostSession: (sessionId: string, actor: Actor) => hostSession(db, sessionId, actor),

    async act(
      sessionId: string,
      actor: Actor,
      request: { entryId: string; action: FacilitatorAction; message?: string | undefined; whileLocked?: boolean },
      now: Date,
    ) {
      const { entryId, action, message } = request;
      const session = await hostSession(db, sessionId, actor);
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
      const session = await hostSession(db, sessionId, actor);
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
      const session = await hostSession(db, sessionId, actor);
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
      const session = await hostSession(db, sessionId, actor);
      await bus.publish({ sessionId: session.id, type: 'notice', text: text.trim(), at: now.toISOString() });
      return { ok: true as const, affected: 1 };
    },

    async lock(sessionId: string, actor: Actor, locked: boolean) {
      const session = await hostSession(db, sessionId, actor);
      await repo.updateSession(db, session.id, { locked });
      await bus.publish({ sessionId: session.id, type: 'locked', locked });
      await changed(session.id);
      return { ok: true as const, affected: 1 };
    },

    async pin(sessionId: string, actor: Actor, identity: string | null) {
      const session = await hostSession(db, sessionId, actor);
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
      const session = await hostSession(db, sessionId, actor);
      const rules = await repo.currentRules(db, session.group.id);
      await bus.publish({ sessionId: session.id, type: 'rules', rules: rules?.rules ?? [] });
      return { ok: true as const, affected: 1 };
    },

    /** Ends the session for everyone: no more tokens, the LiveKit room closes, everyone is told. */
    async end(sessionId: string, actor: Actor, now: Date) {
      const session = await hostSession(db, sessionId, actor);
      if (!session.endedAt) await calls.endSession(session, now);
      return { ok: true as const, affected: 1 };
    },

    /** Opens a session ended by mistake again, within its scheduled time, in a fresh room. */
    async reopen(sessionId: string, actor: Actor, now: Date) {
      const session = await hostSession(db, sessionId, actor);
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
}

export type Host = ReturnType<typeof hostService>;
