import http from 'node:http';

export interface JsonResponse {
  status: number;
  ok: boolean;
  // biome-ignore lint/suspicious/noExplicitAny: callers read the API's JSON as they know it to be.
  json: any;
  cookie: string;
}

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
  options: { localAddress?: string } = {},
): Promise<JsonResponse> {
  const sent = {
    ...(method !== 'GET' && method !== 'HEAD' && { origin: new URL(base).origin }),
    ...(body && { 'content-type': 'application/json' }),
    ...headers,
  };
  if (options.localAddress) return fromAddress(options.localAddress, `${base}${path}`, method, body, sent);
  const res = await fetch(`${base}${path}`, {
    method,
    headers: sent,
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

/**
 * The same request from a chosen loopback address (127.0.0.2, 127.0.0.3, …), so a benchmark's
 * crowd comes from many clients, as a real one would, rather than one client the API limits.
 */
function fromAddress(
  localAddress: string,
  url: string,
  method: string,
  body: object | undefined,
  headers: Record<string, string>,
) {
  const payload = body ? JSON.stringify(body) : undefined;
  return new Promise<JsonResponse>((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        localAddress,
        headers: { ...headers, ...(payload && { 'content-length': Buffer.byteLength(payload) }) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const cookies = res.headers['set-cookie'] ?? [];
          resolve({
            status,
            ok: status >= 200 && status < 300,
            json: text ? JSON.parse(text) : null,
            cookie: cookies.map((c) => c.split(';')[0]).join('; '),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
