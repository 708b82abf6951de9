import type { CallToken } from '@peer-support/contracts/sessions';
import type { Database } from '@peer-support/db/client';
import { callRoomName } from '@peer-support/domain/call-room';
import { reviewStanding } from '@peer-support/domain/standing';
import { identityOf, tokenDecision } from '@peer-support/domain/waiting-room';
import { AppError } from '../errors.ts';
import type { Livekit } from '../livekit/livekit.ts';
import { type EntryRow, type LiveSession, liveRepository as repo } from '../repositories/live.ts';
import { type CallRoom, currentRoom } from './call-room.ts';

export interface CallTokensDeps {
  db: Database;
  livekit: Livekit;
  calls: CallRoom;
}

/** What each entry asked for gets: a token, or the refusal a person reads. */
export type Issued = Map<string, CallToken | AppError>;

const NOT_ADMITTED = () =>
  new AppError(403, 'not_admitted', 'You are not in the call just now. A facilitator will let you in.');

/**
 * Call tokens, one or many at once (everyone "admit all" let in): only for admitted entries of
 * a live session, bound to each entry's identity and to the room the call is in now, with the
 * grants of the person as they stand now (roles loaded fresh, never the kind stored on
 * arrival). The REST token route asks for one; the live hub asks for everyone it just saw
 * admitted, so their token reaches them on the socket they already hold.
 */
export function callTokens({ db, livekit, calls }: CallTokensDeps) {
  const capacityOf = (session: LiveSession) => (session.group.capacity ? session.group.capacity + 10 : 0);

  const mintAll = (rows: readonly EntryRow[], room: string): CallToken[] =>
    rows.map((row) => {
      const minted = livekit.mintToken({ room, identity: identityOf(row.id), name: row.displayName, kind: row.kind });
      return { ...minted, url: livekit.publicUrl, expiresAt: minted.expiresAt.toISOString() };
    });

  /**
   * Records the tokens against the room the call is in and makes sure that room exists. If the
   * call moved meanwhile (someone was taken out), the room just made may be the retired one
   * brought back: close it again and claim the new one. A retired room must never come back.
   */
  async function claimRoom(session: LiveSession, entryIds: readonly string[]) {
    for (let attempt = 0; attempt < 3; attempt++) {
      const claimed = await repo.claimTokens(db, session.id, entryIds);
      const generations = new Set(claimed.values());
      if (generations.size === 0) return { room: null, claimed };
      const [generation = 0] = generations;
      const room = callRoomName(session.roomName, generation);
      await livekit.ensureRoom(room, capacityOf(session));
      if (generations.size === 1 && (await repo.roomGeneration(db, session.id)) === generation)
        return { room, claimed };
      await livekit.closeRoom(room);
    }
    throw new AppError(409, 'room_moving', 'The call is moving to a new room. Please try again in a moment.');
  }

  /**
   * The fast path, for the room the call was in when the session was read: claim, make sure the
   * room exists and mint, all at once. Null when the call moved meanwhile (then claimRoom).
   */
  async function asRead(session: LiveSession, rows: readonly EntryRow[]) {
    const room = currentRoom(session);
    // Those admitted together already hold the claim for this room (admitMany made it).
    const claimed = new Map<string, number>();
    const unclaimed: string[] = [];
    for (const r of rows) {
      if (r.tokenGeneration === session.roomGeneration) claimed.set(r.id, r.tokenGeneration);
      else unclaimed.push(r.id);
    }
    const [fresh, , tokens] = await Promise.all([
      repo.claimTokens(db, session.id, unclaimed),
      livekit.ensureRoom(room, capacityOf(session)),
      mintAll(rows, room),
    ]);
    for (const [id, generation] of fresh) claimed.set(id, generation);
    const moved = [...claimed.values()].some((g) => g !== session.roomGeneration);
    if (moved || (await repo.roomGeneration(db, session.id)) !== session.roomGeneration) {
      // The call moved while we ensured its old room: that room may be the retired one brought
      // back, and must not stay (0011).
      await livekit.closeRoom(room);
      return null;
    }
    return { claimed, tokens: new Map(rows.map((r, i) => [r.id, tokens[i] as CallToken])) };
  }

  async function issue(session: LiveSession, rows: readonly EntryRow[], now: Date): Promise<Issued> {
    const issued: Issued = new Map();
    const facts = { id: session.id, ended: session.endedAt !== null, cancelled: session.cancelled };
    const asking: EntryRow[] = [];
    for (const row of rows) {
      const decision = tokenDecision(row, facts);
      if (decision.ok) asking.push(row);
      else issued.set(row.id, new AppError(403, decision.code, decision.message));
    }
    if (asking.length === 0) return issued;

    const kinds = await calls.freshKinds(session, asking);
    const standing: EntryRow[] = [];
    for (const row of asking) {
      const review = reviewStanding(row.kind, kinds.get(row.id) ?? null);
      if (review.change === 'revoke') {
        await calls.revoke(session, row, review.message);
        issued.set(row.id, new AppError(403, 'no_standing', review.message));
      } else if (review.change === 'promote') {
        standing.push((await repo.updateEntry(db, row.id, { kind: review.kind })) ?? row);
      } else standing.push(row);
    }
    if (standing.length === 0) return issued;

    let minted = await asRead(session, standing);
    if (!minted) {
      const { room, claimed } = await claimRoom(
        session,
        standing.map((r) => r.id),
      );
      const tokens = room ? mintAll(standing, room) : [];
      minted = { claimed, tokens: new Map(tokens.map((t, i) => [standing[i]?.id ?? '', t])) };
    }
    if (minted.claimed.size > 0 && !session.openedAt) await repo.updateSession(db, session.id, { openedAt: now });
    for (const row of standing) {
      const token = minted.claimed.has(row.id) ? minted.tokens.get(row.id) : undefined;
      issued.set(row.id, token ?? NOT_ADMITTED());
    }
    return issued;
  }

  return {
    issue,
    /** One entry's token, or its refusal thrown. */
    async one(session: LiveSession, row: EntryRow, now: Date): Promise<CallToken> {
      const issued = (await issue(session, [row], now)).get(row.id) ?? NOT_ADMITTED();
      if (issued instanceof AppError) throw issued;
      return issued;
    },
  };
}

export type CallTokens = ReturnType<typeof callTokens>;
