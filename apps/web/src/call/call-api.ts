import type { ActionResult, MuteEntry, RemoveEntry } from '@peer-support/contracts/live';
import { api } from '../api.ts';

/**
 * The call's REST calls beyond joining and leaving (those are in live/entry-api.ts): the hand,
 * with the entry key, and the facilitator's controls, which go with their signed-in cookie.
 */
const base = (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}`;
const entryPath = (sessionId: string, entryId: string) => `${base(sessionId)}/entries/${encodeURIComponent(entryId)}`;

export const setHand = (sessionId: string, auth: { entryId: string; key: string }, raised: boolean) =>
  api<void>(`${entryPath(sessionId, auth.entryId)}/hand`, {
    method: 'PUT',
    body: { raised },
    headers: { 'x-entry-key': auth.key },
  });

const act = (path: string, method: 'POST' | 'PUT' = 'POST', body: unknown = {}) =>
  api<ActionResult>(path, { method, body });

/** Every facilitator action on one session. Each answers `{ ok, affected }` or an error with a message to show. */
export function facilitatorApi(sessionId: string) {
  const session = base(sessionId);
  const entry = (entryId: string) => entryPath(sessionId, entryId);
  return {
    /** While the room is locked, only with `whileLocked` (the facilitator confirmed it). */
    admit: (entryId: string, whileLocked = false) =>
      act(`${entry(entryId)}/admit${whileLocked ? '?whileLocked=true' : ''}`),
    deny: (entryId: string, message?: string) => act(`${entry(entryId)}/deny`, 'POST', withMessage({}, message)),
    remove: (entryId: string, to: RemoveEntry['to'], message?: string) =>
      act(`${entry(entryId)}/remove`, 'POST', withMessage({ to }, message)),
    mute: (entryId: string, track: MuteEntry['track']) => act(`${entry(entryId)}/mute`, 'POST', { track }),
    admitAll: (whileLocked = false) => act(`${session}/admit-all${whileLocked ? '?whileLocked=true' : ''}`),
    notice: (text: string) => act(`${session}/notice`, 'POST', { text }),
    lock: (locked: boolean) => act(`${session}/lock`, 'PUT', { locked }),
    pin: (identity: string | null) => act(`${session}/pin`, 'PUT', { identity }),
    showRules: () => act(`${session}/show-rules`),
    end: () => act(`${session}/end`),
    reopen: () => act(`${session}/reopen`),
  };
}

export type FacilitatorApi = ReturnType<typeof facilitatorApi>;

/** An empty or blank message is no message: the API gets none rather than "". */
function withMessage<T extends object>(body: T, message: string | undefined): T & { message?: string } {
  const text = message?.trim();
  return text ? { ...body, message: text } : body;
}
