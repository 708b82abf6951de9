import { useEffect, useState } from 'react';

/** The time now, refreshed every `everyMs`: enough for "waiting 4 minutes" without re-rendering every second. */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
