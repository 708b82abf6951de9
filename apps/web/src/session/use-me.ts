import type { Me, SessionState } from '@peer-support/contracts/providers';
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { api } from '../api.ts';

export type Session =
  | { status: 'loading' }
  | { status: 'signed_out' }
  | { status: 'signed_in'; me: Me }
  | { status: 'unavailable'; message: string };

export interface SessionValue {
  session: Session;
  /** Asks the API again, e.g. after signing in or starting a provider. */
  reload(): Promise<Session>;
  signOut(): Promise<void>;
}

export const SessionContext = createContext<SessionValue | null>(null);

/** The signed-in person (or not), as loaded once by the app shell. */
export function useMe(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useMe() needs <SessionContext> above it (see App.tsx)');
  return value;
}

/** For pages behind <SignedInOnly>: the person is certainly signed in there. */
export function useSignedInMe(): Me {
  const { session } = useMe();
  if (session.status !== 'signed_in') throw new Error('useSignedInMe() is only for pages behind <SignedInOnly>');
  return session.me;
}

async function loadSession(): Promise<Session> {
  try {
    // /api/session answers 200 for visitors too, so a signed-out page load logs no 401.
    const { me } = await api<SessionState>('/api/session');
    return me ? { status: 'signed_in', me } : { status: 'signed_out' };
  } catch (error) {
    return { status: 'unavailable', message: (error as Error).message };
  }
}

/** Loads /api/session for the app shell, which provides it through SessionContext. */
export function useSessionLoader(): SessionValue {
  const [session, setSession] = useState<Session>({ status: 'loading' });
  // Only the newest answer counts, so a slow first load cannot undo a sign-in.
  const latest = useRef(0);

  const reload = useCallback(async () => {
    const ticket = ++latest.current;
    const next = await loadSession();
    if (ticket === latest.current) setSession(next);
    return next;
  }, []);

  const signOut = useCallback(async () => {
    await api('/api/auth/sign-out', { method: 'POST', body: {} });
    latest.current++;
    setSession({ status: 'signed_out' });
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { session, reload, signOut };
}
