import type { ApiError } from '@peer-support/contracts/errors';
import type { CreatedEntry, CreateEntry, Entry } from '@peer-support/contracts/live';
import type { CallToken } from '@peer-support/contracts/sessions';
import { ApiRequestError, api } from '../api.ts';

/**
 * The entry calls. Those on an existing entry prove it with `x-entry-key` (guests have no
 * account), which the shared api() helper does not send, hence this small twin of it.
 */
async function withKey<T>(path: string, key: string, method: 'GET' | 'POST', signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: { 'x-entry-key': key },
      credentials: 'same-origin',
      signal: signal ?? null,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new Error('Could not reach the server. Check your connection and try again.');
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) throw new ApiRequestError(res.status, body as ApiError | undefined);
  return body as T;
}

const base = (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}`;
const entryPath = (sessionId: string, entryId: string) => `${base(sessionId)}/entries/${encodeURIComponent(entryId)}`;

export const joinInfoPath = (sessionId: string) => `${base(sessionId)}/join-info`;

export const createEntry = (sessionId: string, body: CreateEntry) =>
  api<CreatedEntry>(`${base(sessionId)}/entries`, { method: 'POST', body });

export const fetchEntry = (sessionId: string, auth: { entryId: string; key: string }, signal?: AbortSignal) =>
  withKey<Entry>(entryPath(sessionId, auth.entryId), auth.key, 'GET', signal);

/** A LiveKit token, only once a facilitator has admitted the entry; 403 with a code otherwise. */
export const requestCallToken = (sessionId: string, auth: { entryId: string; key: string }) =>
  withKey<CallToken>(`${entryPath(sessionId, auth.entryId)}/token`, auth.key, 'POST');

export const leaveEntry = (sessionId: string, auth: { entryId: string; key: string }) =>
  withKey<void>(`${entryPath(sessionId, auth.entryId)}/leave`, auth.key, 'POST');

/** The API's error code, when it gave one: `rules_changed`, `session_ended`, `not_admitted`… */
export function errorCode(error: unknown): string | undefined {
  return error instanceof ApiRequestError ? error.body?.code : undefined;
}
