import { describe, expect, it } from 'vitest';
import { cookieFrom, linkIn, outbox, signUp, verifyEmail } from './accounts.ts';
import { buildTestApp } from './helper.ts';

describe('accounts and sign-in', () => {
  it('signs up with email and password into an httpOnly, SameSite session cookie', async () => {
    const app = await buildTestApp();
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-up/email',
      payload: { name: 'Morag', email: 'Morag@Example.org', password: 'a long enough password' },
    });
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const me = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie: cookieFrom(res) } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { name: 'Morag', email: 'morag@example.org' }, providers: [] });
  });

  it('refuses a second account with the same email, and changes nothing', async () => {
    const app = await buildTestApp();
    await signUp(app, 'First', 'same@example.org');
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-up/email',
      payload: { name: 'Second', email: 'same@example.org', password: 'another long password' },
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.json().message).toMatch(/already uses this email/);
    expect(res.json().fields).toEqual([{ field: 'body.email', message: expect.stringContaining('Sign in instead') }]);
    const signIn = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      payload: { email: 'same@example.org', password: 'a long enough password' },
    });
    expect(signIn.statusCode).toBe(200);
  });

  it('refuses a wrong password, and signs out', async () => {
    const app = await buildTestApp();
    const person = await signUp(app);
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      payload: { email: person.email, password: 'not the password at all' },
    });
    expect(wrong.statusCode).toBe(401);
    const out = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { cookie: person.cookie },
      payload: {},
    });
    expect(out.statusCode).toBe(200);
    const me = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie: person.cookie } });
    expect(me.statusCode).toBe(401);
    expect(me.json()).toMatchObject({ code: 'sign_in_required' });
  });

  it('signs in with an emailed link, read from the outbox', async () => {
    const app = await buildTestApp();
    const person = await signUp(app);
    const ask = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/magic-link',
      payload: { email: person.email, callbackURL: '/' },
    });
    expect(ask.statusCode).toBe(200);
    const mail = (await outbox(app)).find((m) => m.tag === 'sign-in-link' && m.to === person.email);
    expect(mail).toBeDefined();
    const link = linkIn(mail?.text ?? '');
    const follow = await app.inject({ method: 'GET', url: link.pathname + link.search });
    expect(follow.statusCode).toBe(302);
    const me = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie: cookieFrom(follow) } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.email).toBe(person.email);
  });

  it('answers a sign-in link request for an unknown address the same way, and emails how to sign up', async () => {
    const app = await buildTestApp();
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/magic-link',
      payload: { email: 'stranger@example.org', callbackURL: '/' },
    });
    expect(res.statusCode).toBe(200);
    const mail = await outbox(app);
    expect(mail.map((m) => [m.tag, m.to])).toEqual([['sign-in-no-account', 'stranger@example.org']]);
    expect(mail[0]?.text).toContain('/sign-up');
  });

  it('tells a page who is signed in without an error when nobody is', async () => {
    const app = await buildTestApp();
    const anon = await app.inject({ method: 'GET', url: '/api/session' });
    expect(anon.statusCode).toBe(200);
    expect(anon.json()).toEqual({ me: null });
    const person = await signUp(app, 'Isla');
    const me = await app.inject({ method: 'GET', url: '/api/session', headers: { cookie: person.cookie } });
    expect(me.json().me).toMatchObject({ user: { name: 'Isla' }, providers: [] });
  });

  it('words a too-short password for the person, on the password field', async () => {
    const app = await buildTestApp();
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-up/email',
      payload: { name: 'Short', email: 'short@example.org', password: 'short' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields).toEqual([
      { field: 'body.password', message: expect.stringContaining('at least 10 characters') },
    ]);
  });

  it('resets a password with an emailed link; the old password stops working', async () => {
    const app = await buildTestApp();
    const person = await signUp(app);
    const ask = await app.inject({
      method: 'POST',
      url: '/api/auth/request-password-reset',
      payload: { email: person.email, redirectTo: '/reset-password' },
    });
    expect(ask.statusCode).toBe(200);
    const mail = (await outbox(app)).find((m) => m.tag === 'password-reset');
    const link = linkIn(mail?.text ?? '');
    const follow = await app.inject({ method: 'GET', url: link.pathname + link.search });
    expect(follow.statusCode).toBe(302);
    const token = new URL(String(follow.headers.location), 'http://x').searchParams.get('token');
    expect(token).toBeTruthy();
    const reset = await app.inject({
      method: 'POST',
      url: '/api/auth/reset-password',
      payload: { token, newPassword: 'a brand new long password' },
    });
    expect(reset.statusCode).toBe(200);
    const oldOne = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      payload: { email: person.email, password: 'a long enough password' },
    });
    expect(oldOne.statusCode).toBe(401);
    const newOne = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      payload: { email: person.email, password: 'a brand new long password' },
    });
    expect(newOne.statusCode).toBe(200);
  });
});

describe('confirming an email address', () => {
  const me = async (app: Awaited<ReturnType<typeof buildTestApp>>, cookie: string) =>
    (await app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).json().user;

  it('sends a link on sign-up that confirms the address in the browser signed in to that account', async () => {
    const app = await buildTestApp();
    const person = await signUp(app, 'Isla');
    expect(await me(app, person.cookie)).toMatchObject({ emailVerified: false });
    const mail = (await outbox(app)).find((m) => m.tag === 'verify-email');
    expect(mail).toMatchObject({ to: person.email, subject: 'Confirm your email address' });
    const link = linkIn(mail?.text ?? '');
    expect(link.pathname).toBe('/verify-email');
    expect(mail?.text).toContain('If you did not make an account, ignore this email');

    const url = `/api/auth/verify-email?token=${encodeURIComponent(link.searchParams.get('token') ?? '')}`;
    const other = await signUp(app, 'Someone Else');
    const wrongAccount = await app.inject({ method: 'GET', url, headers: { cookie: other.cookie } });
    expect(wrongAccount.statusCode).toBe(403);
    expect(wrongAccount.json()).toMatchObject({
      code: 'confirm_other_account',
      message: expect.stringMatching(/another account/),
    });
    expect(await me(app, person.cookie)).toMatchObject({ emailVerified: false });

    const ok = await app.inject({ method: 'GET', url, headers: { cookie: person.cookie } });
    expect(ok.statusCode).toBe(200);
    expect(await me(app, person.cookie)).toMatchObject({ emailVerified: true });
    const session = await app.inject({ method: 'GET', url: '/api/session', headers: { cookie: person.cookie } });
    expect(session.json().me.user.emailVerified).toBe(true);
  });

  it('sends the link again on request, and says plainly when a link is no good', async () => {
    const app = await buildTestApp();
    const person = await signUp(app, 'Isla');
    const again = await app.inject({
      method: 'POST',
      url: '/api/auth/send-verification-email',
      headers: { cookie: person.cookie },
      payload: { email: person.email },
    });
    expect(again.statusCode).toBe(200);
    expect((await outbox(app)).filter((m) => m.tag === 'verify-email' && m.to === person.email)).toHaveLength(2);
    const bad = await app.inject({
      method: 'GET',
      url: '/api/auth/verify-email?token=not-a-token',
      headers: { cookie: person.cookie },
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().message).toMatch(/no longer valid/);
    await verifyEmail(app, person);
    const done = await app.inject({
      method: 'POST',
      url: '/api/auth/send-verification-email',
      headers: { cookie: person.cookie },
      payload: { email: person.email },
    });
    expect(done.statusCode).toBe(400);
    expect(done.json().message).toMatch(/already confirmed/);
  });
});
