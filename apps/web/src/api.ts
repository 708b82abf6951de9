import type { ApiError } from '@peer-support/contracts/errors';

/** An API answer that was not 2xx; `message` is written for a person and safe to show. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError | undefined,
  ) {
    super(body?.message ?? `The server answered ${status}. Please try again.`);
  }
}

export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal; headers?: Record<string, string> } = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? 'GET',
      headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
      body: init.body === undefined ? null : JSON.stringify(init.body),
      signal: init.signal ?? null,
      credentials: 'same-origin',
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new Error('Could not reach the server. Check your connection and try again.');
  }
  const text = await res.text();
  const json = text ? parseJson(text) : undefined;
  if (!res.ok) throw new ApiRequestError(res.status, json as ApiError | undefined);
  return json as T;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // A proxy's HTML error page, say: the status still tells the caller what happened.
    return undefined;
  }
}

export const isNotFound = (error: unknown) => error instanceof ApiRequestError && error.status === 404;
