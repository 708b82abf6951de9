import { useEffect, useState } from 'react';
import { setHand } from './call-api.ts';

/**
 * Your raised hand. The server's value (from your live entry) is the truth, so a hand that
 * was up before a page reload is still up after it; while a change is on its way the button
 * shows what you asked for, and falls back to the server's value if the request fails.
 */
export function useHand(sessionId: string, auth: { entryId: string; key: string }, serverRaised: boolean) {
  const [asked, setAsked] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Once the server reports a change (yours arriving, or the hand cleared on its side),
  // it is the truth again.
  useEffect(() => {
    void serverRaised;
    setAsked(null);
  }, [serverRaised]);

  const raised = asked ?? serverRaised;

  async function toggle() {
    const next = !raised;
    setAsked(next);
    setError(null);
    try {
      await setHand(sessionId, auth, next);
    } catch (e) {
      setAsked(null);
      setError((e as Error).message);
    }
  }

  return { raised, error, toggle };
}
