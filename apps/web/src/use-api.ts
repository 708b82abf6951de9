import { useCallback, useEffect, useState } from 'react';
import { api } from './api.ts';

export interface ApiData<T> {
  /** The answer for the current path; never a previous path's, so pages cannot show stale data. */
  data: T | undefined;
  error: Error | undefined;
  setData(data: T): void;
  reload(): void;
}

type Loaded<T> = { path: string; data?: T; error?: Error };

/** GETs `path` (nothing while it is null), and again on reload(); aborts when the page is left. */
export function useApi<T>(path: string | null): ApiData<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>();
  const [round, setRound] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `round` is how reload() asks for a fresh GET.
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    api<T>(path, { signal: controller.signal })
      .then((data) => setLoaded({ path, data }))
      .catch((error: Error) => {
        if (error.name !== 'AbortError') setLoaded({ path, error });
      });
    return () => controller.abort();
  }, [path, round]);

  const current = loaded?.path === path ? loaded : undefined;
  const setData = useCallback((data: T) => path !== null && setLoaded({ path, data }), [path]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { data: current?.data, error: current?.error, setData, reload };
}
