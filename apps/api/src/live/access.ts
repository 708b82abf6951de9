import { createHash, timingSafeEqual } from 'node:crypto';
import type { Database } from '@peer-support/db/client';
import type { Actor } from '@peer-support/domain/roles';
import { authorize } from '../authorize.ts';
import { AppError } from '../errors.ts';
import { type EntryRow, type LiveSession, liveRepository as repo } from '../repositories/live.ts';

/** How entry keys are stored: only their hash, so a read of the table lets nobody in. */
export const hashKey = (key: string) => createHash('sha256').update(key).digest();

/**
 * Worded exactly as authorize() words a refusal, so a session that is hidden from someone
 * (an invite-only group's) reads byte for byte like one that does not exist (decision 0012).
 */
export const SESSION_NOT_FOUND = () =>
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

export async function liveSession(db: Database, sessionId: string): Promise<LiveSession> {
  const session = await repo.session(db, sessionId);
  if (!session) throw SESSION_NOT_FOUND();
  return session;
}

/** The entry whose key this is, in this session; the same refusal for an unknown entry and a wrong key. */
export async function authenticate(
  db: Database,
  sessionId: string,
  entryId: string,
  key: string | undefined,
): Promise<EntryRow> {
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

/** The session, if this person may host it now (their roles as loaded for this request). */
export async function hostSession(db: Database, sessionId: string, actor: Actor): Promise<LiveSession> {
  const session = await liveSession(db, sessionId);
  authorize(
    actor,
    'session.host',
    { providerId: session.group.providerId, groupId: session.group.id, groupVisibility: session.group.visibility },
    'That session',
  );
  return session;
}
