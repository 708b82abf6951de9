/**
 * One JSON request with fetch, outside a browser: for tests and benchmarks that drive the API
 * directly. Gives back the status, the parsed body (null when empty) and the response's
 * Set-Cookie values as one Cookie header to send back ('' when none).
 *
 * Like a browser on the app's own pages, anything but GET and HEAD carries an Origin (the
 * API refuses a bodyless change without one): `base`'s own, unless `headers` names another.
 */
export async function request(
  base: string,
  method: string,
  path: string,
  body?: object,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(method !== 'GET' && method !== 'HEAD' && { origin: new URL(base).origin }),
      ...(body && { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    ok: res.ok,
    json: text ? JSON.parse(text) : null,
    cookie: res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; '),
  };
}
