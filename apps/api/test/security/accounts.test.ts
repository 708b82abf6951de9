import { providerMembers } from '@peer-support/db/schema';
import { describe, expect, it } from 'vitest';
import { cookieFrom, linkIn, outbox, signUp, signUpVerified } from '../accounts.ts';
import { buildTestApp } from '../helper.ts';

/**
 * Issue 10, finding 7: accounts. Each test is an attack that worked before and must fail now
 * (decision 0014).
 */

type App = Awaited<ReturnType<typeof buildTestApp>>;

async function providerOf(app: App, cookie: string) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/providers',
    headers: { cookie },
    payload: { name: 'Leith Peer Network' },
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string };
}

const inviteStaff = (app: App, admin: { cookie: string }, providerId: string, email: string) =>
  app.inject({
    method: 'POST',
    url: `/api/providers/${providerId}/staff-invitations`,
    headers: { cookie: admin.cookie },
    payload: { email, role: 'facilitator' },
  });

async function staffTokenFor(app: App, email: string) {
  const mail = (await outbox(app)).findLast((m) => m.tag === 'staff-invite' && m.to === email);
  return linkIn(mail?.text ?? '').pathname.split('/staff-invitation/')[1] ?? '';
}

const staffPage = (app: App, providerId: string, cookie: string) =>
  app.inject({ method: 'GET', url: `/api/providers/${providerId}/staff`, headers: { cookie } });

describe('7a: an address squatter (an account made with someone else’s email, never confirmed)', () => {
  it('is not staff and cannot accept the staff invitation meant for that address', async () => {
    const app = await buildTestApp();
    const admin = await signUp(app, 'Aileen Admin');
    const provider = await providerOf(app, admin.cookie);
    const squatter = await signUp(app, 'Fiona', 'fiona@charity.example');

    expect((await inviteStaff(app, admin, provider.id, 'fiona@charity.example')).statusCode).toBe(201);
    const token = await staffTokenFor(app, 'fiona@charity.example');
    const accept = await app.inject({
      method: 'POST',
      url: `/api/staff-invitations/${token}/accept`,
      headers: { cookie: squatter.cookie },
    });
    expect(accept.statusCode).toBe(403);
    expect(accept.json()).toMatchObject({
      code: 'email_not_confirmed',
      message: expect.stringMatching(/^Confirm your email/),
    });
    expect((await staffPage(app, provider.id, squatter.cookie)).statusCode).toBe(404);

    // A staff row from before confirmation was required gives an unconfirmed account nothing either.
    await app.database.db
      .insert(providerMembers)
      .values({ providerId: provider.id, userId: squatter.id, role: 'provider_admin' });
    expect((await staffPage(app, provider.id, squatter.cookie)).statusCode).toBe(404);
    const me = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie: squatter.cookie } });
    expect(me.json()).toMatchObject({ user: { emailVerified: false }, providers: [] });
  });

  it('cannot accept an email-bound group invitation meant for that address', async () => {
    const app = await buildTestApp();
    const admin = await signUp(app, 'Aileen Admin');
    const provider = await providerOf(app, admin.cookie);
    const squatter = await signUp(app, 'Fiona', 'fiona@charity.example');
    const group = (
      await app.inject({
        method: 'POST',
        url: `/api/providers/${provider.id}/groups`,
        headers: { cookie: admin.cookie },
        payload: { name: 'Survivors circle', visibility: 'invite_only' },
      })
    ).json();
    const invite = (
      await app.inject({
        method: 'POST',
        url: `/api/groups/${group.id}/invites`,
        headers: { cookie: admin.cookie },
        payload: { kind: 'email', email: 'fiona@charity.example' },
      })
    ).json();
    const accept = await app.inject({
      method: 'POST',
      url: `/api/invites/${invite.url.split('/invite/')[1]}/accept`,
      headers: { cookie: squatter.cookie },
      payload: { displayName: 'Fiona', acceptGroundRulesVersion: 1 },
    });
    expect(accept.statusCode).toBe(403);
    expect(accept.json().code).toBe('email_not_confirmed');
    const roster = await app.inject({
      method: 'GET',
      url: `/api/groups/${group.id}/roster`,
      headers: { cookie: admin.cookie },
    });
    expect(roster.json().memberships).toEqual([]);
  });

  it('is not confirmed by the real owner opening the link, and a sign-in link from the owner shuts them out', async () => {
    const app = await buildTestApp();
    const squatter = await signUp(app, 'Fiona', 'fiona@charity.example');
    const mail = (await outbox(app)).find((m) => m.tag === 'verify-email' && m.to === 'fiona@charity.example');
    const token = linkIn(mail?.text ?? '').searchParams.get('token') ?? '';

    // Fiona (or her mail scanner) opens the link without the squatter's session: nothing happens.
    const opened = await app.inject({
      method: 'GET',
      url: `/api/auth/verify-email?token=${encodeURIComponent(token)}`,
    });
    expect(opened.statusCode).toBe(401);
    expect(opened.json().code).toBe('sign_in_to_confirm');
    const still = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie: squatter.cookie } });
    expect(still.json().user.emailVerified).toBe(false);

    // Fiona signs in by link instead: that proves the address, and the squatter's session and password go.
    await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/magic-link',
      payload: { email: 'fiona@charity.example', callbackURL: '/' },
    });
    const link = linkIn(
      (await outbox(app)).findLast((m) => m.tag === 'sign-in-link' && m.to === 'fiona@charity.example')?.text ?? '',
    );
    const fiona = cookieFrom(await app.inject({ method: 'GET', url: link.pathname + link.search }));
    const mine = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie: fiona } });
    expect(mine.json().user).toMatchObject({ email: 'fiona@charity.example', emailVerified: true });
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: { cookie: squatter.cookie } })).statusCode).toBe(
      401,
    );
    const password = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      payload: { email: 'fiona@charity.example', password: 'a long enough password' },
    });
    expect(password.statusCode).toBe(401);
  });
});

describe('7b: adding staff by email', () => {
  it('answers the same for a known and an unknown address, with no name, and nobody is staff before accepting', async () => {
    const app = await buildTestApp();
    const admin = await signUp(app, 'Aileen Admin');
    const provider = await providerOf(app, admin.cookie);
    const known = await signUpVerified(app, 'Known Person', 'known@example.org');

    const forKnown = await inviteStaff(app, admin, provider.id, 'known@example.org');
    const forUnknown = await inviteStaff(app, admin, provider.id, 'nobody@example.org');
    expect(forKnown.statusCode).toBe(201);
    expect(forUnknown.statusCode).toBe(201);
    // Identical apart from the address itself and the invitation's own id and times.
    const shape = (body: string, email: string) =>
      body
        .replaceAll(email, '<email>')
        .replace(/"id":"[^"]+"/, '"id":"<id>"')
        .replace(/"\d{4}-\d\d-\d\dT[^"]+"/g, '"<time>"');
    expect(shape(forKnown.body, 'known@example.org')).toBe(shape(forUnknown.body, 'nobody@example.org'));
    expect(forKnown.body).not.toContain('Known Person');
    expect(forKnown.json().message).toBe(
      'We have emailed an invitation to known@example.org. They become a facilitator when they accept it; it works for 7 days.',
    );
    // Both people get the same email, addressed to nobody by name.
    const mails = (await outbox(app)).filter((m) => m.tag === 'staff-invite');
    expect(mails.map((m) => m.to).sort()).toEqual(['known@example.org', 'nobody@example.org']);
    expect(mails.every((m) => !m.text.includes('Known Person'))).toBe(true);

    const emails = async () =>
      (await staffPage(app, provider.id, admin.cookie)).json().staff.map((s: { email: string }) => s.email);
    expect(await emails()).toEqual([admin.email]);
    expect((await staffPage(app, provider.id, known.cookie)).statusCode).toBe(404);

    const accept = await app.inject({
      method: 'POST',
      url: `/api/staff-invitations/${await staffTokenFor(app, 'known@example.org')}/accept`,
      headers: { cookie: known.cookie },
    });
    expect(accept.statusCode).toBe(200);
    expect((await emails()).sort()).toEqual([admin.email, 'known@example.org'].sort());
  });
});

describe('7c: sign-in throttle', () => {
  const signIn = (app: App, email: string, headers: Record<string, string> = {}, remoteAddress = '203.0.113.10') =>
    app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      remoteAddress,
      headers,
      payload: { email, password: 'not the password at all' },
    });

  it('rotating X-Forwarded-For (or the client address) does not escape the throttle on one account', async () => {
    const app = await buildTestApp();
    const victim = await signUp(app, 'Victim');
    const answers: number[] = [];
    for (let i = 0; i < 6; i++) {
      const forwarded = { 'x-forwarded-for': `198.51.100.${i + 1}`, 'x-peer-support-client-ip': `198.51.100.${i + 1}` };
      answers.push((await signIn(app, victim.email, forwarded, `203.0.113.${i + 1}`)).statusCode);
    }
    expect(answers).toEqual([401, 401, 401, 401, 401, 429]);
    // Even the right password waits now; the person can still ask for a sign-in link.
    const right = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      remoteAddress: '203.0.113.99',
      payload: { email: victim.email, password: 'a long enough password' },
    });
    expect(right.statusCode).toBe(429);
    expect(right.json().message).toMatch(/sign-in link by email/);
  });

  it('rotating X-Forwarded-For does not give one client a fresh bucket', async () => {
    const app = await buildTestApp({ env: { SIGN_IN_LIMIT_PER_IP: '3' } });
    const answers: number[] = [];
    for (let i = 0; i < 4; i++) {
      const spoofed = { 'x-forwarded-for': `198.51.100.${i + 1}` };
      answers.push((await signIn(app, `guess${i}@example.org`, spoofed)).statusCode);
    }
    expect(answers).toEqual([401, 401, 401, 429]);
  });

  it('with TRUST_PROXY set to the proxy chain, two clients behind it have separate buckets', async () => {
    // The documented chain: a TLS proxy on the host (172.18.0.1 as the web container sees it),
    // nginx in the web container (172.18.0.5), then the API.
    const app = await buildTestApp({ env: { TRUST_PROXY: '172.18.0.0/16', SIGN_IN_LIMIT_PER_IP: '3' } });
    const viaProxies = (client: string, email: string, spoof?: string) =>
      signIn(app, email, { 'x-forwarded-for': `${spoof ? `${spoof}, ` : ''}${client}, 172.18.0.1` }, '172.18.0.5');
    const a: number[] = [];
    // Client A rotates a spoofed first entry; the chain is read from the right, so it is still A.
    for (let i = 0; i < 4; i++)
      a.push((await viaProxies('198.51.100.7', `a${i}@example.org`, `192.0.2.${i}`)).statusCode);
    expect(a).toEqual([401, 401, 401, 429]);
    expect((await viaProxies('198.51.100.8', 'b@example.org')).statusCode).toBe(401);
  });

  it('answers 429 with Retry-After and a sentence', async () => {
    const app = await buildTestApp({ env: { SIGN_IN_LIMIT_PER_IP: '2' } });
    let last = await signIn(app, 'one@example.org');
    for (let i = 0; i < 2; i++) last = await signIn(app, `other${i}@example.org`);
    expect(last.statusCode).toBe(429);
    const wait = Number(last.headers['retry-after']);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    expect(last.json()).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      code: 'too_many_attempts',
      message: 'Too many attempts from your network. Wait a minute and try again.',
    });
  });
});
