import { groupFacilitators, staffInvitations } from '@peer-support/db/schema';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { addStaff, linkIn, outbox, type Person, signUp, signUpVerified, verifyEmail } from './accounts.ts';
import { buildTestApp } from './helper.ts';

type App = Awaited<ReturnType<typeof buildTestApp>>;

async function setup() {
  const app = await buildTestApp();
  const admin = await signUp(app, 'Aileen Admin');
  const provider = (
    await app.inject({
      method: 'POST',
      url: '/api/providers',
      headers: { cookie: admin.cookie },
      payload: { name: 'Leith Peer Network' },
    })
  ).json() as { id: string };
  const call = (who: Person | undefined, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    app.inject({ method, url, headers: who ? { cookie: who.cookie } : {}, ...(payload && { payload }) });
  return { app, admin, provider, call };
}

async function invitationToken(app: App, email: string) {
  const mail = (await outbox(app)).findLast((m) => m.tag === 'staff-invite' && m.to === email);
  if (!mail) throw new Error(`no invitation to ${email}`);
  return { mail, token: linkIn(mail.text).pathname.split('/staff-invitation/')[1] ?? '' };
}

describe('staff invitations', () => {
  it('emails a link; the invited person sees what it is for, accepts, and is staff from then on', async () => {
    const { app, admin, provider, call } = await setup();
    const sent = await call(admin, 'POST', `/api/providers/${provider.id}/staff-invitations`, {
      email: 'Fran@Example.org',
      role: 'facilitator',
    });
    expect(sent.statusCode).toBe(201);
    expect(sent.json().invitation).toMatchObject({ email: 'fran@example.org', role: 'facilitator' });

    const { mail, token } = await invitationToken(app, 'fran@example.org');
    expect(mail.subject).toBe('You are invited to join the staff of Leith Peer Network');
    expect(mail.text).toContain('Aileen Admin has invited you to be a facilitator at Leith Peer Network');
    expect(mail.text).toMatch(/works until \w+day, \d{1,2} \w+ \d{4} at \d{2}:\d{2}, UK time/);

    const pending = await call(admin, 'GET', `/api/providers/${provider.id}/staff-invitations`);
    const [listed] = pending.json().invitations;
    expect(listed).toMatchObject({ email: 'fran@example.org', role: 'facilitator' });
    const days = (Date.parse(listed.expiresAt) - Date.parse(listed.sentAt)) / (24 * 3600_000);
    expect(days).toBe(7);

    const preview = await call(undefined, 'GET', `/api/staff-invitations/${token}`);
    expect(preview.json()).toEqual({
      providerName: 'Leith Peer Network',
      role: 'facilitator',
      email: 'fran@example.org',
      expiresAt: listed.expiresAt,
    });

    const fran = await signUpVerified(app, 'Fran', 'fran@example.org');
    const accept = await call(fran, 'POST', `/api/staff-invitations/${token}/accept`);
    expect(accept.statusCode).toBe(200);
    expect(accept.json()).toMatchObject({ id: provider.id, name: 'Leith Peer Network', role: 'facilitator' });
    const me = await call(fran, 'GET', '/api/me');
    expect(me.json().providers).toEqual([expect.objectContaining({ id: provider.id, role: 'facilitator' })]);
    expect((await call(admin, 'GET', `/api/providers/${provider.id}/staff-invitations`)).json().invitations).toEqual(
      [],
    );

    const twice = await call(fran, 'POST', `/api/staff-invitations/${token}/accept`);
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'already_accepted', message: expect.stringContaining('already') });
    const later = await call(fran, 'GET', `/api/staff-invitations/${token}`);
    expect(later.json().code).toBe('already_accepted');
  });

  it('refuses another account, then an unconfirmed address until it is confirmed', async () => {
    const { app, admin, provider, call } = await setup();
    await call(admin, 'POST', `/api/providers/${provider.id}/staff-invitations`, {
      email: 'fran@example.org',
      role: 'provider_admin',
    });
    const { token } = await invitationToken(app, 'fran@example.org');
    const other = await signUpVerified(app, 'Other');
    const wrong = await call(other, 'POST', `/api/staff-invitations/${token}/accept`);
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toMatchObject({
      code: 'invitation_for_someone_else',
      message: 'This invitation was sent to fran@example.org. Sign in with that email address to accept it.',
    });

    const fran = await signUp(app, 'Fran', 'fran@example.org');
    const early = await call(fran, 'POST', `/api/staff-invitations/${token}/accept`);
    expect(early.statusCode).toBe(403);
    expect(early.json().code).toBe('email_not_confirmed');
    await verifyEmail(app, fran);
    const accepted = await call(fran, 'POST', `/api/staff-invitations/${token}/accept`);
    expect(accepted.json().role).toBe('provider_admin');

    const used = await call(other, 'POST', `/api/staff-invitations/${token}/accept`);
    expect(used.statusCode).toBe(410);
    expect(used.json().code).toBe('invitation_used');
  });

  it('refuses a withdrawn, an expired, a replaced and a forged link, and changes nothing', async () => {
    const { app, admin, provider, call } = await setup();
    const fran = await signUpVerified(app, 'Fran', 'fran@example.org');
    const invite = async () => {
      const res = await call(admin, 'POST', `/api/providers/${provider.id}/staff-invitations`, {
        email: fran.email,
        role: 'facilitator',
      });
      return { id: res.json().invitation.id as string, token: (await invitationToken(app, fran.email)).token };
    };
    const accept = (token: string) => call(fran, 'POST', `/api/staff-invitations/${token}/accept`);

    const withdrawn = await invite();
    const revoke = await call(admin, 'DELETE', `/api/providers/${provider.id}/staff-invitations/${withdrawn.id}`);
    expect(revoke.statusCode).toBe(200);
    expect((await accept(withdrawn.token)).json()).toMatchObject({ statusCode: 410, code: 'invitation_revoked' });
    const again = await call(admin, 'DELETE', `/api/providers/${provider.id}/staff-invitations/${withdrawn.id}`);
    expect(again.statusCode).toBe(404);

    const expired = await invite();
    await app.database.db
      .update(staffInvitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(staffInvitations.id, expired.id));
    const late = await accept(expired.token);
    expect(late.json()).toMatchObject({ statusCode: 410, code: 'invitation_expired' });
    expect(late.json().message).toMatch(/expired.*new one/);

    // Sending again replaces the earlier link, so only the newest one works.
    const first = await invite();
    const second = await invite();
    expect((await accept(first.token)).json().code).toBe('invitation_revoked');
    const pending = await call(admin, 'GET', `/api/providers/${provider.id}/staff-invitations`);
    expect(pending.json().invitations.map((i: { id: string }) => i.id)).toEqual([second.id]);

    const forged = `${second.id}.zzzzzz.${'a'.repeat(43)}`;
    expect((await accept(forged)).json()).toMatchObject({ statusCode: 404, code: 'not_found' });
    expect((await call(undefined, 'GET', '/api/staff-invitations/cut-short')).statusCode).toBe(404);
    const staff = await call(admin, 'GET', `/api/providers/${provider.id}/staff`);
    expect(staff.json().staff.map((s: { email: string }) => s.email)).toEqual([admin.email]);
  });

  it('says when the address is on the staff already', async () => {
    const { admin, provider, call } = await setup();
    const res = await call(admin, 'POST', `/api/providers/${provider.id}/staff-invitations`, {
      email: admin.email.toUpperCase(),
      role: 'facilitator',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'already_staff', fields: [{ field: 'body.email' }] });
  });
});

describe('changing staff', () => {
  it('changes roles, never leaves the provider without an admin, and removing takes facilitation with it', async () => {
    const { app, admin, provider, call } = await setup();
    const fran = await signUpVerified(app, 'Fran Facilitator');
    await addStaff(app, admin, provider.id, fran);
    const group = (
      await call(admin, 'POST', `/api/providers/${provider.id}/groups`, { name: 'Circle', facilitatorIds: [fran.id] })
    ).json();

    const alone = await call(admin, 'DELETE', `/api/providers/${provider.id}/staff/${admin.id}`);
    expect(alone.statusCode).toBe(409);
    expect(alone.json()).toMatchObject({ code: 'last_admin', message: expect.stringMatching(/only admin/) });
    const demote = await call(admin, 'PATCH', `/api/providers/${provider.id}/staff/${admin.id}`, {
      role: 'facilitator',
    });
    expect(demote.json().code).toBe('last_admin');

    const promote = await call(admin, 'PATCH', `/api/providers/${provider.id}/staff/${fran.id}`, {
      role: 'provider_admin',
    });
    expect(promote.statusCode).toBe(200);
    expect(promote.json()).toMatchObject({ userId: fran.id, role: 'provider_admin', awaitingEmailConfirmation: false });
    // With a second admin, Fran can take Aileen off, and Aileen loses the provider at once.
    expect((await call(fran, 'DELETE', `/api/providers/${provider.id}/staff/${admin.id}`)).statusCode).toBe(204);
    expect((await call(admin, 'GET', `/api/providers/${provider.id}/staff`)).statusCode).toBe(404);

    const sam = await signUpVerified(app, 'Sam');
    await addStaff(app, fran, provider.id, sam);
    await call(fran, 'PATCH', `/api/groups/${group.id}`, { facilitatorIds: [fran.id, sam.id] });
    expect((await call(fran, 'DELETE', `/api/providers/${provider.id}/staff/${sam.id}`)).statusCode).toBe(204);
    const left = await app.database.db.select().from(groupFacilitators).where(eq(groupFacilitators.userId, sam.id));
    expect(left).toEqual([]);
    expect((await call(sam, 'GET', `/api/groups/${group.id}`)).statusCode).toBe(404);
    const gone = await call(fran, 'PATCH', `/api/providers/${provider.id}/staff/${sam.id}`, { role: 'facilitator' });
    expect(gone.statusCode).toBe(404);
  });
});
