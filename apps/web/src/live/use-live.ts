import { useCallback, useEffect, useReducer } from 'react';
import { initialLive, type LiveData, liveReducer, liveUrl } from './live-reducer.ts';
import { LiveSocket } from './live-socket.ts';

export type { LiveConnection } from './live-reducer.ts';

export interface LiveState extends LiveData {
  /** Hides the ground rules a facilitator showed again. */
  clearRules(): void;
}

/**
 * The live connection for one session and entry, for as long as the component is mounted.
 * With no `auth` nothing is opened and the connection reads `closed`.
 */
export function useLive(sessionId: string, auth: { entryId: string; key: string } | null): LiveState {
  const [state, dispatch] = useReducer(liveReducer, initialLive);
  const entryId = auth?.entryId;
  const key = auth?.key;

  useEffect(() => {
    dispatch({ type: 'reset' });
    if (entryId === undefined || key === undefined) {
      dispatch({ type: 'connection', connection: 'closed' });
      return;
    }
    const socket = new LiveSocket({
      url: liveUrl(sessionId, window.location),
      auth: { entryId, key },
      onMessage: (message) => dispatch({ type: 'message', message }),
      onConnection: (connection) => dispatch({ type: 'connection', connection }),
    });
    const onOnline = () => socket.retryNow();
    window.addEventListener('online', onOnline);
    return () => {
      window.removeEventListener('online', onOnline);
      socket.close();
    };
  }, [sessionId, entryId, key]);

  const clearRules = useCallback(() => dispatch({ type: 'clear-rules' }), []);
  return { ...state, clearRules };
}
