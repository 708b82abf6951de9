import { groundRuleAcceptances, invites, memberships } from '@peer-support/db/schema';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { as, outbox, signUp, signUpVerified } from './accounts.ts';
import { buildTestApp } from './helper.ts';
import { newSession } from './live-fixture.ts';

type App = Awaited<ReturnType<typeof buildTestApp>>;
type Person = Awaited<ReturnType<typeof signUp>>;

async function setup(app: App, group: object = {}) {
  const admin = await signUp(app, 'Aileen Admin');
  const provider = (
    await app.inject({
      method: 'POST',
      url: '/api/providers',
      headers: { cookie: admin.cookie },
      payload: { name: `Provider ${Math.random()}` },
    })
  ).json();
  const res = await app.inject({
    method: 'POST',
    url: `/api/providers/${provider.id}/groups`,
    headers: { cookie: admin.cookie },
    payload: { name: 'Circle', ...group },
  });
  expect(res.statusCode).toBe(201);
  return { admin, provider, group: res.json() as { id: string; groundRules: { version: number } } };
}

async function requestToJoin(app: App, groupId: string, person: Person, name = person.name, version = 1) {
  return app.inject({
    method: 'POST',
    url: `/api/groups/${groupId}/join-requests`,
    headers: as(person),
    payload: { displayName: name, acceptGroundRulesVersion: version },
  });
}

async function act(app: App, staff: Person, groupId: string, membershipId: string, action: string) {
  return app.inject({
    method: 'POST',
    url: `/api/groups/${groupId}/roster/${membershipId}/actions`,
    headers: as(staff),
    payload: { action },
  });
}

describe('rosters', () => {
  it('a request waits for approval, records the ground rules accepted, and approval gives a place', async () => {
    const app = await buildTestApp();
    const { admin, group } = await setup(app);
    const sam = await signUp(app, 'Sam');
    const req = await requestToJoin(app, group.id, sam, 'Sunflower');
    expect(req.statusCode).toBe(201);
    expect(req.json()).toMatchObject({ status: 'requested', displayName: 'Sunflower' });
    const accepted = await app.database.db
      .select()
      .from(groundRuleAcceptances)
      .where(eq(groundRuleAcceptances.userId, sam.id));
    expect(accepted).toHaveLength(1);

    const again = await requestToJoin(app, group.id, sam);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('already_requested');

    const ok = await act(app, admin, group.id, req.json().id, 'approve');
    expect(ok.statusCode).toBe(200);
    expect(ok.json().membership.status).toBe('active');
    const mine = await app.inject({ method: 'GET', url: '/api/me/groups', headers: as(sam) });
    expect(mine.json().groups).toEqual([
      expect.objectContaining({
        status: 'active',
        displayName: 'Sunflower',
        group: expect.objectContaining({ name: 'Circle' }),
      }),
    ]);
  });

  it('refuses a request against ground rules that changed since they were read', async () => {
    const app = await buildTestApp();
    const { admin, group } = await setup(app);
    await app.inject({
      method: 'PUT',
      url: `/api/groups/${group.id}/ground-rules`,
      headers: as(admin),
      payload: { rules: ['New rule'] },
    });
    const sam = await signUp(app, 'Sam');
    const res = await requestToJoin(app, group.id, sam, 'Sam', 1);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('ground_rules_changed');
    expect(await app.database.db.select().from(memberships)).toHaveLength(0);
  });

  it('fills a full group from the waiting list, first come first served, and tells the person', async () => {
    const app = await buildTestApp();
    const { admin, group } = await setup(app, { capacity: 1 });
    const people = [await signUp(app, 'First'), await signUp(app, 'Second'), await signUp(app, 'Third')];
    const ids: string[] = [];
    for (const p of people) {
      const r = await requestToJoin(app, group.id, p);
      ids.push(r.json().id);
      const approved = await act(app, admin, group.id, r.json().id, 'approve');
      expect(approved.statusCode).toBe(200);
    }
    const roster = await app.inject({ method: 'GET', url: `/api/groups/${group.id}/roster`, headers: as(admin) });
    expect(roster.json().counts).toMatchObject({ active: 1, waitlisted: 2 });

    const removed = await act(app, admin, group.id, ids[0] ?? '', 'remove');
    expect(removed.json().promoted).toEqual([ids[1]]);
    const mail = (await outbox(app)).filter((m) => m.tag === 'waitlist-promoted');
    expect(mail.map((m) => m.to)).toEqual([people[1]?.email]);

    const raise = await app.inject({
      method: 'PATCH',
      url: `/api/groups/${group.id}`,
      headers: as(admin),
      payload: { capacity: 5 },
    });
    expect(raise.statusCode).toBe(200);
    const after = await app.inject({
      method: 'GET',
      url: `/api/groups/${group.id}/roster?status=active`,
      headers: as(admin),
    });
    expect(after.json().memberships.map((m: { displayName: string }) => m.displayName)).toEqual(['Second', 'Third']);
  });

  it('pauses and resumes, refusing moves that do not fit the status', async () => {
    const app = await buildTestApp();
    const { admin, group } = await setup(app);
    const sam = await signUp(app, 'Sam');
    const id = (await requestToJoin(app, group.id, sam)).json().id;
    const early = await act(app, admin, group.id, id, 'pause');
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toMatch(/approve or decline/);
    await act(app, admin, group.id, id, 'approve');
    expect((await act(app, admin, group.id, id, 'pause')).json().membership.status).toBe('paused');
    expect((await act(app, admin, group.id, id, 'resume')).json().membership.status).toBe('active');
  });

  it('searches and filters, and exports CSV that a spreadsheet will not execute', async () => {
    const app = await buildTestApp();
    const { admin, group } = await setup(app);
    for (const name of ['Robin', '=HYPERLINK("http://x")', 'Rowan']) {
      const p = await signUp(app, name);
      await requestToJoin(app, group.id, p);
    }
    const search = await app.inject({ method: 'GET', url: `/api/groups/${group.id}/roster?q=ro`, headers: as(admin) });
    expect(search.json().memberships.map((m: { displayName: string }) => m.displayName)).toEqual(['Robin', 'Rowan']);
    const pct = await app.inject({ method: 'GET', url: `/api/groups/${group.id}/roster?q=%25`, headers: as(admin) });
    expect(pct.json().memberships).toHaveLength(0);

    const csv = await app.inject({ method: 'GET', url: `/api/groups/${group.id}/roster.csv`, headers: as(admin) });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="circle-roster-/);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe('display_name,email,status,joined_at,status_changed_at,waitlisted_at');
    expect(lines).toHaveLength(4);
    expect(csv.body).toContain(`"'=HYPERLINK(""http://x"")"`);
  });

  it('erases a person across the provider: their data goes, the counts stay', async () => {
    const app = await buildTestApp();
    const { admin, provider, group } = await setup(app);
    const second = (
      await app.inject({
        method: 'POST',
        url: `/api/providers/${provider.id}/groups`,
        headers: as(admin),
        payload: { name: 'Second circle' },
      })
    ).json();
    const sam = await signUp(app, 'Sam');
    const id = (await requestToJoin(app, group.id, sam, 'Sam Real-Name')).json().id;
    await requestToJoin(app, second.id, sam, 'Sam Real-Name');
    const erase = await app.inject({
      method: 'DELETE',
      url: `/api/groups/${group.id}/roster/${id}/personal-data`,
      headers: as(admin),
    });
    expect(erase.statusCode).toBe(200);
    expect(erase.json()).toEqual({ erasedMemberships: 2, promoted: [] });
    const rows = await app.database.db.select().from(memberships);
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.userId === null && r.displayName === 'Erased member' && r.status === 'erased')).toBe(
      true,
    );
    const csv = await app.inject({ method: 'GET', url: `/api/groups/${group.id}/roster.csv`, headers: as(admin) });
    expect(csv.body).not.toContain('Sam');
    expect(csv.body).not.toContain(sam.email);
    const accepted = await app.database.db.select().from(groundRuleAcceptances);
    expect(accepted).toHaveLength(2);
    expect(accepted.every((a) => a.userId === null)).toBe(true);
  });
});

async function erase(app: App, staff: Person, groupId: string, membershipId: string) {
  return app.inject({
    method: 'DELETE',
    url: `/api/groups/${groupId}/roster/${membershipId}/personal-data`,
    headers: as(staff),
  });
}

/** A member who asked to join and was approved: returns their membership id and the approval. */
async function approved(app: App, staff: Person, groupId: string, person: Person) {
  const id = (await requestToJoin(app, groupId, person)).json().id as string;
  const res = await act(app, staff, groupId, id, 'approve');
  expect(res.statusCode, res.body).toBe(200);
  return { id, status: res.json().membership.status as string };
}

const roster = async (app: App, staff: Person, groupId: string) =>
  (await app.inject({ method: 'GET', url: `/api/groups/${groupId}/roster`, headers: as(staff) })).json();

describe('an erased membership is final', () => {
  it('refuses rejoin and every other action with a sentence, and never reaches the waiting list', async () => {
    const app = await buildTestApp();
    const { admin, group } = await setup(app, { capacity: 1 });
    const tom = await signUp(app, 'Tom');
    const { id } = await approved(app, admin, group.id, tom);
    expect((await act(app, admin, group.id, id, 'remove')).statusCode).toBe(200);
    expect((await erase(app, admin, group.id, id)).statusCode).toBe(200);

    for (const action of ['rejoin', 'approve', 'decline', 'pause', 'resume', 'remove']) {
      const res = await act(app, admin, group.id, id, action);
      expect([action, res.statusCode, res.json().code]).toEqual([action, 409, 'membership_erased']);
      expect(res.json().message).toMatch(/^This person’s data was erased.*\.$/);
    }
    const after = await roster(app, admin, group.id);
    expect(after.memberships).toEqual([
      expect.objectContaining({ id, displayName: 'Erased member', status: 'erased' }),
    ]);
    expect(after.counts).toMatchObject({ active: 0, waitlisted: 0, removed: 0, erased: 1 });

    // The place is free: the next person to be approved gets it rather than waiting.
    const sam = await signUp(app, 'Sam');
    expect((await approved(app, admin, group.id, sam)).status).toBe('active');
  });

  it('frees the place it held for the waiting list, leaves check-in lists, and stays in the anonymous counts', async () => {
    const app = await buildTestApp();
    const { admin, group } = await setup(app, { capacity: 1 });
    const tom = await signUp(app, 'Tom');
    const sam = await signUp(app, 'Sam');
    const { id: tomId } = await approved(app, admin, group.id, tom);
    const { id: samId, status } = await approved(app, admin, group.id, sam);
    expect(status).toBe('waitlisted');

    const res = await erase(app, admin, group.id, tomId);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ erasedMemberships: 1, promoted: [samId] });
    const promotedMail = (await outbox(app)).filter((m) => m.tag === 'waitlist-promoted');
    expect(promotedMail.map((m) => m.to)).toEqual([sam.email]);

    const after = await roster(app, admin, group.id);
    expect(after.counts).toMatchObject({ active: 1, waitlisted: 0, erased: 1 });

    const session = await newSession(app, group.id, 'in_person');
    const attendance = await app.inject({
      method: 'GET',
      url: `/api/sessions/${session.id}/attendance`,
      headers: as(admin),
    });
    expect(attendance.statusCode, attendance.body).toBe(200);
    expect(attendance.json().inPerson.map((r: { displayName: string }) => r.displayName)).toEqual(['Sam']);
    const tick = await app.inject({
      method: 'PUT',
      url: `/api/sessions/${session.id}/checkins/${tomId}`,
      headers: as(admin),
      payload: { present: true },
    });
    expect(tick.statusCode).toBe(404);
  });
});

describe('pausing keeps the place (decision 0017)', () => {
  it('a paused member keeps their place: nobody moves up, and resume gives it straight back', async () => {
    const app = await buildTestApp();
    const { admin, group } = await setup(app, { capacity: 1 });
    const tom = await signUp(app, 'Tom');
    const sam = await signUp(app, 'Sam');
    const { id: tomId } = await approved(app, admin, group.id, tom);
    const { id: samId, status } = await approved(app, admin, group.id, sam);
    expect(status).toBe('waitlisted');

    const pause = await act(app, admin, group.id, tomId, 'pause');
    expect(pause.statusCode).toBe(200);
    expect(pause.json()).toMatchObject({ membership: { status: 'paused' }, promoted: [] });
    expect((await roster(app, admin, group.id)).counts).toMatchObject({ active: 0, paused: 1, waitlisted: 1 });
    expect((await outbox(app)).filter((m) => m.tag === 'waitlist-promoted')).toEqual([]);

    // Tom's place is held for him, so Sam cannot be given it, and the capacity cannot drop below it.
    const promote = await act(app, admin, group.id, samId, 'approve');
    expect([promote.statusCode, promote.json().code]).toEqual([409, 'group_full']);
    expect(promote.json().message).toMatch(/1 of 1 places taken/);

    const resume = await act(app, admin, group.id, tomId, 'resume');
    expect(resume.statusCode).toBe(200);
    expect(resume.json().membership.status).toBe('active');
    expect((await roster(app, admin, group.id)).counts).toMatchObject({ active: 1, paused: 0, waitlisted: 1 });
  });

  it('counts paused members when the capacity changes', async () => {
    const app = await buildTestApp();
    const { admin, group } = await setup(app, { capacity: 3 });
    const ids: string[] = [];
    for (const name of ['Tom', 'Sam']) ids.push((await approved(app, admin, group.id, await signUp(app, name))).id);
    await act(app, admin, group.id, ids[0] ?? '', 'pause');
    const lower = await app.inject({
      method: 'PATCH',
      url: `/api/groups/${group.id}`,
      headers: as(admin),
      payload: { capacity: 1 },
    });
    expect(lower.statusCode).toBe(422);
    expect(lower.json().message).toMatch(/2 members hold a place/);
  });
});

describe('approval tells the person', () => {
  it('emails someone approved onto the waiting list that they are on it, and someone approved into a place that they are in', async () => {
    const app = await buildTestApp();
    const { admin, group } = await setup(app, { capacity: 1 });
    const tom = await signUp(app, 'Tom');
    const sam = await signUp(app, 'Sam');
    await approved(app, admin, group.id, tom);
    await approved(app, admin, group.id, sam);
    const mail = await outbox(app);
    const toTom = mail.filter((m) => m.to === tom.email && m.tag === 'request-approved');
    expect(toTom).toHaveLength(1);
    expect(toTom[0]?.subject).toBe('You are in Circle');
    const toSam = mail.filter((m) => m.to === sam.email && m.tag === 'request-waitlisted');
    expect(toSam).toHaveLength(1);
    expect(toSam[0]?.subject).toBe('You are on the waiting list for Circle');
    expect(toSam[0]?.text).toMatch(/Circle is full/);
    expect(toSam[0]?.text).toMatch(/you are on its waiting list/);
    expect(toSam[0]?.text).toMatch(/we will email you/);
  });
});

describe('invitations', () => {
  it('emails an invitation; the invitee accepts it (and the rules) and appears on the roster', async () => {
    const app = await buildTestApp();
    const { admin, group } = await setup(app, { visibility: 'invite_only' });
    // An emailed invitation is for whoever reads the mailbox, so Kim confirms it is hers.
    const kim = await signUpVerified(app, 'Kim');
    const create = await app.inject({
      method: 'POST',
      url: `/api/groups/${group.id}/invites`,
      headers: as(admin),
      payload: { kind: 'email', email: kim.email },
    });
    expect(create.statusCode).toBe(201);
    const mail = (await outbox(app)).find((m) => m.tag === 'group-invite');
    expect(mail?.to).toBe(kim.email);
    expect(mail?.text).toMatch(/works until \w+day, \d{1,2} \w+ \d{4} at \d{2}:\d{2}, UK time/);
    const token = mail?.text.match(/\/invite\/(\S+)/)?.[1] ?? '';
    const preview = await app.inject({ method: 'GET', url: `/api/invites/${token}` });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ group: { name: 'Circle' }, groundRules: { version: 1 } });

    const blocked = await requestToJoin(app, group.id, kim);
    expect(blocked.statusCode).toBe(404);

    const accept = await app.inject({
      method: 'POST',
      url: `/api/invites/${token}/accept`,
      headers: as(kim),
      payload: { displayName: 'K', acceptGroundRulesVersion: 1 },
    });
    expect(accept.statusCode).toBe(201);
    expect(accept.json().status).toBe('active');
    const roster = await app.inject({ method: 'GET', url: `/api/groups/${group.id}/roster`, headers: as(admin) });
    expect(roster.json().memberships).toEqual([
      expect.objectContaining({ displayName: 'K', email: kim.email, status: 'active' }),
    ]);

    const reuse = await app.inject({
      method: 'POST',
      url: `/api/invites/${token}/accept`,
      headers: as(kim),
      payload: { displayName: 'K', acceptGroundRulesVersion: 1 },
    });
    expect(reuse.statusCode).toBe(410);
    expect(reuse.json().code).toBe('invite_used');
  });

  it('refuses an email invitation accepted by someone else', async () => {
    const app = await buildTestApp();
    const { admin, group } = await setup(app);
    const invite = (
      await app.inject({
        method: 'POST',
        url: `/api/groups/${group.id}/invites`,
        headers: as(admin),
        payload: { kind: 'email', email: 'kim@example.org' },
      })
    ).json();
    const other = await signUp(app, 'Other');
    const token = invite.url.split('/invite/')[1];
    const res = await app.inject({
      method: 'POST',
      url: `/api/invites/${token}/accept`,
      headers: as(other),
      payload: { displayName: 'O', acceptGroundRulesVersion: 1 },
    });
    expect(res.statusCode).toBe(403);
    // A hint the invitee recognises; whoever else holds the link does not learn the address.
    expect(res.json().message).toContain('(k…@example.org)');
    expect(res.json().message).not.toContain('kim@');
    expect(await app.database.db.select().from(memberships)).toHaveLength(0);
  });

  it('refuses revoked, expired and forged links, changing nothing', async () => {
    const app = await buildTestApp();
    const { admin, group } = await setup(app);
    const make = async () =>
      (
        await app.inject({
          method: 'POST',
          url: `/api/groups/${group.id}/invites`,
          headers: as(admin),
          payload: { kind: 'link' },
        })
      ).json();
    const revoked = await make();
    const del = await app.inject({
      method: 'DELETE',
      url: `/api/groups/${group.id}/invites/${revoked.id}`,
      headers: as(admin),
    });
    expect(del.json().revokedAt).not.toBeNull();
    const expired = await make();
    await app.database.db
      .update(invites)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invites.id, expired.id));
    const good = await make();
    const forged = `${good.url.split('/invite/')[1].slice(0, -4)}AAAA`;

    const sam = await signUp(app, 'Sam');
    const tryAccept = (token: string) =>
      app.inject({
        method: 'POST',
        url: `/api/invites/${token}/accept`,
        headers: as(sam),
        payload: { displayName: 'S', acceptGroundRulesVersion: 1 },
      });
    const r1 = await tryAccept(revoked.url.split('/invite/')[1]);
    expect([r1.statusCode, r1.json().code]).toEqual([410, 'invite_revoked']);
    const r2 = await tryAccept(expired.url.split('/invite/')[1]);
    expect([r2.statusCode, r2.json().code]).toEqual([410, 'invite_expired']);
    expect(r2.json().message).toMatch(/expired.*new one/);
    const r3 = await tryAccept(forged);
    expect([r3.statusCode, r3.json().code]).toEqual([404, 'invite_not_found']);
    const cut = await app.inject({ method: 'GET', url: '/api/invites/abc' });
    expect([cut.statusCode, cut.json().code]).toEqual([404, 'invite_not_found']);
    expect(await app.database.db.select().from(memberships)).toHaveLength(0);

    const r4 = await tryAccept(good.url.split('/invite/')[1]);
    expect(r4.statusCode).toBe(201);
  });
});
