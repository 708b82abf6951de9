import type { JoinInfo } from '@peer-support/contracts/live';
import { createContext, type ReactNode, use, useCallback, useState } from 'react';
import { isUuid } from '../ui/LoadFailure.tsx';
import { type ApiData, useApi } from '../use-api.ts';
import { joinInfoPath } from './entry-api.ts';
import { type LiveState, useLive } from './use-live.ts';

export interface EntryAuth {
  entryId: string;
  key: string;
}

/** One visit to one session, from the link through the waiting room to the call and out. */
export interface LiveSession {
  sessionId: string;
  /** False when the link is not a session id at all: nothing is fetched. */
  valid: boolean;
  /** What the session link shows, fetched once for the whole visit. */
  info: ApiData<JoinInfo>;
  /** The one live connection for the visit, open from the waiting room until the person leaves. */
  live: LiveState;
  /** Opens the live connection for this place (nothing changes if it is open for it already). */
  connect(auth: EntryAuth): void;
  /** Closes it: they left, or start again. */
  disconnect(): void;
}

const LiveSessionContext = createContext<LiveSession | null>(null);

/**
 * Holds the session's join-info and its live connection across the join page and the call
 * page, so moving into the call opens no second socket and fetches nothing again: the call
 * token arrives on the socket the person waited on. It lives in the join chunk and does not
 * import livekit-client; the call's code loads beside it while the person waits.
 */
export function LiveSessionProvider({ sessionId, children }: { sessionId: string; children: ReactNode }) {
  const valid = isUuid(sessionId);
  const info = useApi<JoinInfo>(valid ? joinInfoPath(sessionId) : null);
  const [auth, setAuth] = useState<EntryAuth | null>(null);
  const live = useLive(sessionId, auth);
  const connect = useCallback(
    (next: EntryAuth) =>
      setAuth((current) =>
        current?.entryId === next.entryId && current.key === next.key
          ? current
          : { entryId: next.entryId, key: next.key },
      ),
    [],
  );
  const disconnect = useCallback(() => setAuth(null), []);
  return (
    <LiveSessionContext value={{ sessionId, valid, info, live, connect, disconnect }}>{children}</LiveSessionContext>
  );
}

export function useLiveSession(): LiveSession {
  const session = use(LiveSessionContext);
  if (!session) throw new Error('useLiveSession is used outside a LiveSessionProvider');
  return session;
}
