import { readOutbox } from '../src/mail/mailer.ts';
import type { buildTestApp } from './helper.ts';

type App = Awaited<ReturnType<typeof buildTestApp>>;

/** The session cookie(s) from a response, ready to send back as a Cookie header. */
export function cookieFrom(res: { headers: Record<string, unknown> }): string {
  const raw = res.headers['set-cookie'];
  const list = Array.isArray(raw) ? raw : raw ? [String(raw)] : [];
  return list.map((c: string) => c.split(';')[0]).join('; ');
}

let counter = 0;

/** Signs up a fresh person through the real auth routes; returns their id and cookie. */
export async function signUp(app: App, name = 'Test Person', email?: string) {
  counter += 1;
  const address = email ?? `person${counter}-${Date.now()}@example.org`;
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/sign-up/email',
    payload: { name, email: address, password: 'a long enough password' },
  });
  if (res.statusCode !== 200) throw new Error(`sign-up failed: ${res.statusCode} ${res.body}`);
  const cookie = cookieFrom(res);
  const me = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
  return { id: me.json().user.id as string, email: address, name, cookie };
}

export async function outbox(app: App) {
  const dir = (app as unknown as { outboxDir?: string }).outboxDir;
  if (!dir) throw new Error('buildTestApp did not record the outbox folder');
  return readOutbox(dir);
}

/** The first https?:// link in a message. */
export function linkIn(text: string): URL {
  const match = text.match(/https?:\/\/\S+/);
  if (!match) throw new Error(`no link in: ${text}`);
  return new URL(match[0]);
}

export type Person = Awaited<ReturnType<typeof signUp>>;
