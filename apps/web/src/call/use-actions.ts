import { useCallback, useState } from 'react';

export interface Actions {
  /** The action under way, so its button can say so and not be pressed twice. */
  busy: string | null;
  /** What the last action did, for a polite live region. */
  status: string;
  error: string | null;
  /** Runs one action; resolves true when it worked. Its error is kept to show, never thrown. */
  run<T>(key: string, action: () => Promise<T>, done: (result: T) => string): Promise<boolean>;
}

/** One place for "press a button, call the API, say what happened" across the facilitator console. */
export function useActions(): Actions {
  const [busy, setBusy] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);

  const run = useCallback(async <T>(key: string, action: () => Promise<T>, done: (result: T) => string) => {
    setBusy(key);
    setError(null);
    try {
      const result = await action();
      setStatus(done(result));
      return true;
    } catch (e) {
      setError((e as Error).message);
      return false;
    } finally {
      setBusy((current) => (current === key ? null : current));
    }
  }, []);

  return { busy, status, error, run };
}
