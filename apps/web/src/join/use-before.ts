import { useEffect, useState } from 'react';

// setTimeout cannot wait longer than about 24.8 days; waiting in steps of at most an hour
// also copes with a laptop that slept.
const STEP_MS = 60 * 60 * 1000;

/** Whether it is still before `iso` (false when null); re-renders the moment that changes. */
export function useBefore(iso: string | null): boolean {
  const at = iso === null ? null : Date.parse(iso);
  const [before, setBefore] = useState(() => at !== null && Date.now() < at);
  useEffect(() => {
    if (at === null) {
      setBefore(false);
      return;
    }
    let timer: ReturnType<typeof setTimeout>;
    const check = () => {
      const left = at - Date.now();
      setBefore(left > 0);
      if (left > 0) timer = setTimeout(check, Math.min(left, STEP_MS));
    };
    check();
    return () => clearTimeout(timer);
  }, [at]);
  return before;
}
