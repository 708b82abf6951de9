import { expect } from 'vitest';
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

/**
 * Confirms a person's email the way they would: the link from the verification email in the
 * outbox, opened signed in (the route refuses it otherwise).
 */
export async function verifyEmail(app: App, person: { email: string; cookie: string }) {
  const mail = (await outbox(app)).findLast((m) => m.tag === 'verify-email' && m.to === person.email);
  if (!mail) throw new Error(`no verification email to ${person.email}`);
  const link = linkIn(mail.text);
  const token = link.searchParams.get('token') ?? '';
  const res = await app.inject({
    method: 'GET',
    url: `/api/auth/verify-email?token=${encodeURIComponent(token)}`,
    headers: { cookie: person.cookie },
  });
  if (res.statusCode !== 200) throw new Error(`verify-email failed: ${res.statusCode} ${res.body}`);
}

/** Signs up and confirms the address: someone who can become staff. */
export async function signUpVerified(app: App, name = 'Test Person', email?: string) {
  const person = await signUp(app, name, email);
  await verifyEmail(app, person);
  return person;
}

/**
 * Makes `person` staff the only way there is: `admin` invites their address, and they accept
 * the emailed link, signed in with their (confirmed) address.
 */
export async function addStaff(
  app: App,
  admin: { cookie: string },
  providerId: string,
  person: { email: string; cookie: string },
  role: 'facilitator' | 'provider_admin' = 'facilitator',
) {
  const invite = await app.inject({
    method: 'POST',
    url: `/api/providers/${providerId}/staff-invitations`,
    headers: { cookie: admin.cookie },
    payload: { email: person.email, role },
  });
  if (invite.statusCode !== 201) throw new Error(`staff invitation failed: ${invite.statusCode} ${invite.body}`);
  const mail = (await outbox(app)).findLast((m) => m.tag === 'staff-invite' && m.to === person.email.toLowerCase());
  if (!mail) throw new Error(`no staff invitation email to ${person.email}`);
  const token = linkIn(mail.text).pathname.split('/staff-invitation/')[1] ?? '';
  const accept = await app.inject({
    method: 'POST',
    url: `/api/staff-invitations/${token}/accept`,
    headers: { cookie: person.cookie },
  });
  if (accept.statusCode !== 200)
    throw new Error(`accepting the staff invitation failed: ${accept.statusCode} ${accept.body}`);
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

/** The request headers that make a request this person's. */
export const as = (p: Person) => ({ cookie: p.cookie });

/** A POST as this person that must succeed; the answer's JSON. */
export async function post(app: App, who: Person, url: string, payload?: object) {
  const res = await app.inject({ method: 'POST', url, headers: as(who), ...(payload && { payload }) });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json();
}
