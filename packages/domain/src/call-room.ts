/**
 * The LiveKit room a session's call is in, and who may be in it. LiveKit cannot revoke a token
 * (and it refreshes the tokens of everyone connected), so the call moves to a fresh room name
 * whenever someone holding a token for the current room is taken out: every earlier token, and
 * every refresh of one, then names a room that no longer exists (rooms are made by the API
 * only). Everyone else is reconciled against the waiting room: LiveKit's list of who is in the
 * room must match who is admitted right now. See docs/decisions/0011.
 */
import type { EntryStatus } from './waiting-room.ts';

const GENERATION = /^(.+)\.(\d+)$/;

/** The room name for a session's call in a generation; generation 0 keeps the session's own name. */
export function callRoomName(base: string, generation: number): string {
  return generation === 0 ? base : `${base}.${generation}`;
}

/** The session room base and generation a LiveKit room name stands for. */
export function parseCallRoom(name: string): { base: string; generation: number } {
  const match = GENERATION.exec(name);
  if (!match) return { base: name, generation: 0 };
  return { base: match[1] ?? name, generation: Number(match[2]) };
}

export type Presence =
  | { stay: true }
  | { stay: false; why: 'not_ours' | 'old_room' | 'session_over' | 'not_admitted' | 'other_session' };

/**
 * Whether someone LiveKit reports in a session's room may stay: only an admitted entry of that
 * session, in the room the call is in now, while the session runs. Standing is reviewed before
 * this (a revoked entry is no longer admitted).
 */
export function presenceVerdict(
  participant: { room: string },
  entry: { sessionId: string; status: EntryStatus } | undefined,
  session: { id: string; currentRoom: string; ended: boolean },
): Presence {
  if (!entry) return { stay: false, why: 'not_ours' };
  if (entry.sessionId !== session.id) return { stay: false, why: 'other_session' };
  if (session.ended) return { stay: false, why: 'session_over' };
  if (participant.room !== session.currentRoom) return { stay: false, why: 'old_room' };
  if (entry.status !== 'admitted') return { stay: false, why: 'not_admitted' };
  return { stay: true };
}
