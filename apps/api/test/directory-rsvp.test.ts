import { memberships, sessions } from '@peer-support/db/schema';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { as, post, signUp } from './accounts.ts';
import { appForFile, type buildTestApp } from './helper.ts';

type App = Awaited<ReturnType<typeof buildTestApp>>;
type Person = Awaited<ReturnType<typeof signUp>>;

/** One app for the file: every test makes its own provider, so nothing is shared but the start-up time. */
const testApp = appForFile();
const HALL = { name: 'Quaker Meeting House', address: '7 Victoria Terrace, Edinburgh EH1 2JL' };
const THURSDAYS = {
  rule: { freq: 'weekly', interval: 1, byDay: ['TH'] },
  startDate: '2026-10-01',
  startTime: '18:30',
  durationMinutes: 90,
  mode: 'in_person',
  venue: HALL,
};
const FIRST_TUESDAYS = {
  rule: { freq: 'monthly', interval: 1, byDay: 'TU', bySetPos: 1 },
  startDate: '2026-10-01',
  startTime: '19:00',
  durationMinutes: 60,
  mode: 'online',
};

async function provider(app: App) {
  const admin = await signUp(app, 'Aileen Admin');
  const p = await post(app, admin, '/api/providers', { name: `Provider ${Math.random()}` });
  const group = (body: object) => post(app, admin, `/api/providers/${p.id}/groups`, body);
  const series = (groupId: string, body: object) => post(app, admin, `/api/groups/${groupId}/series`, body);
  return { admin, providerId: p.id as string, group, series };
}

type Item = {
  start: string;
  mode: string;
  cancelled: boolean;
  occurrenceKey: string;
  group: { id: string; name: string; topics: string[] };
  provider: { id: string; name: string };
  venue: { name: string } | null;
  howToJoin: string;
  icsUrl: string;
};

async function directory(app: App, query: string) {
  const res = await app.inject({ method: 'GET', url: `/api/directory?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: Item[]; page: number; pageSize: number; total: number };
}

describe('directory', { timeout: 60_000 }, () => {
  it('lists listed groups only, filters, paginates and flags cancellations', async () => {
    const app = await testApp();
    const p = await provider(app);
    const grief = await p.group({ name: 'Grief Circle', topics: ['Grief', 'loss'] });
    const anxiety = await p.group({ name: 'Anxiety Online', topics: ['anxiety'] });
    const hidden = await p.group({ name: 'Hidden Group', topics: ['grief'], visibility: 'invite_only' });
    const thursdays = await p.series(grief.id, THURSDAYS);
    await p.series(anxiety.id, FIRST_TUESDAYS);
    await p.series(hidden.id, { ...FIRST_TUESDAYS, rule: { freq: 'weekly', interval: 1, byDay: ['MO'] } });
    await post(app, p.admin, `/api/groups/${grief.id}/series/${thursdays.id}/exceptions`, {
      occurrenceKey: '2027-01-14T18:30[Europe/London]',
      cancelled: true,
      reason: 'The hall is closed',
    });
    const base = `providerId=${p.providerId}&from=2027-01-01&to=2027-03-01`;

    const all = await directory(app, base);
    // 8 Thursdays and 2 first Tuesdays in January and February 2027; the invite-only group never appears.
    expect(all.total).toBe(10);
    expect(all).toMatchObject({ page: 1, pageSize: 20 });
    expect(all.items.map((i) => i.group.id)).not.toContain(hidden.id);
    const starts = all.items.map((i) => i.start);
    expect([...starts].sort()).toEqual(starts);
    expect(all.items[0]).toMatchObject({
      start: '2027-01-05T19:00:00.000Z',
      mode: 'online',
      howToJoin: 'Join online',
      venue: null,
      group: { id: anxiety.id, name: 'Anxiety Online', topics: ['anxiety'] },
      provider: { id: p.providerId },
    });
    expect(all.items[0]?.icsUrl).toContain(`/api/public/groups/${anxiety.id}/sessions/`);
    const cancelled = all.items.filter((i) => i.cancelled);
    expect(cancelled.map((i) => i.occurrenceKey)).toEqual(['2027-01-14T18:30[Europe/London]']);
    expect(all.items.find((i) => i.mode === 'in_person')?.venue?.name).toBe(HALL.name);

    expect((await directory(app, `${base}&mode=online`)).total).toBe(2);
    expect((await directory(app, `${base}&mode=hybrid`)).total).toBe(0);
    expect((await directory(app, `${base}&topic=grief`)).total).toBe(8);
    expect((await directory(app, `${base}&topic=anxiety&mode=in_person`)).total).toBe(0);
    expect((await directory(app, `${base}&weekday=TH`)).total).toBe(8);
    expect((await directory(app, `${base}&weekday=TU`)).total).toBe(2);
    expect((await directory(app, `${base}&weekday=MO`)).total).toBe(0);

    const page4 = await directory(app, `${base}&pageSize=3&page=4`);
    expect(page4).toMatchObject({ page: 4, pageSize: 3, total: 10 });
    expect(page4.items).toHaveLength(1);
    expect(page4.items[0]?.start).toBe(all.items[9]?.start);
    const page2 = await directory(app, `${base}&pageSize=3&page=2`);
    expect(page2.items.map((i) => i.start)).toEqual(all.items.slice(3, 6).map((i) => i.start));
    expect((await directory(app, `${base}&page=9`)).items).toEqual([]);
  });

  it('reads the weekday on the series wall clock, not in UTC', async () => {
    const app = await testApp();
    const p = await provider(app);
    const g = await p.group({ name: 'Sydney Mornings' });
    // 07:00 on Monday in Sydney is Sunday evening in UTC.
    await p.series(g.id, {
      ...FIRST_TUESDAYS,
      rule: { freq: 'weekly', interval: 1, byDay: ['MO'] },
      startTime: '07:00',
      timeZone: 'Australia/Sydney',
    });
    const base = `providerId=${p.providerId}&from=2027-01-01&to=2027-02-01`;
    const monday = await directory(app, `${base}&weekday=MO`);
    // 4, 11, 18, 25 January and 1 February (07:00 in Sydney is still 31 January in UTC).
    expect(monday.total).toBe(5);
    expect(new Date(monday.items[0]?.start ?? '').getUTCDay()).toBe(0);
    expect((await directory(app, `${base}&weekday=SU`)).total).toBe(0);
  });

  it('refuses bad input with 400 and says which field', async () => {
    const app = await testApp();
    const cases: [string, string][] = [
      ['pageSize=0', 'pageSize'],
      ['pageSize=51', 'pageSize'],
      ['page=0', 'page'],
      ['mode=boat', 'mode'],
      ['weekday=XX', 'weekday'],
      ['from=not-a-date', 'from'],
      ['from=2027-03-01&to=2027-01-01', 'to'],
      ['from=2027-01-01&to=2027-08-01', 'to'],
      ['providerId=nope', 'providerId'],
      ['colour=blue', ''],
    ];
    for (const [query, field] of cases) {
      const res = await app.inject({ method: 'GET', url: `/api/directory?${query}` });
      expect(res.statusCode, query).toBe(400);
      expect(res.body, query).toContain(field);
    }
  });
});

describe('RSVP and places', { timeout: 60_000 }, () => {
  async function setup(capacity: number | null) {
    const app = await testApp();
    const p = await provider(app);
    const group = await p.group({ name: 'Thursday Circle', capacity });
    const s = await p.series(group.id, THURSDAYS);
    const members: Person[] = [];
    for (const name of ['Ash', 'Birch', 'Cedar']) {
      const person = await signUp(app, name);
      await app.database.db
        .insert(memberships)
        .values({ groupId: group.id, userId: person.id, displayName: name, status: 'active' });
      members.push(person);
    }
    const url = (key: string, seriesId = s.id) =>
      `/api/groups/${group.id}/series/${seriesId}/occurrences/${encodeURIComponent(key)}/rsvp`;
    const answer = (who: Person, status: string, key = '2027-01-07T18:30[Europe/London]') =>
      app.inject({ method: 'PUT', url: url(key), headers: as(who), payload: { status } });
    const state = async (who: Person, key = '2027-01-07T18:30[Europe/London]') => {
      const res = await app.inject({ method: 'GET', url: url(key), headers: as(who) });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    return { app, p, group, series: s, members: members as [Person, Person, Person], url, answer, state };
  }

  it('waitlists when places are full and promotes the first waiting when someone drops out', async () => {
    const { app, p, members, answer, state } = await setup(2);
    const [ash, birch, cedar] = members;
    expect((await state(ash)).sessionId).toBeNull();
    expect((await answer(ash, 'going')).json()).toMatchObject({ status: 'going', places: 2, going: 1, waitlisted: 0 });
    expect((await answer(birch, 'going')).json()).toMatchObject({ status: 'going', going: 2 });
    const third = (await answer(cedar, 'going')).json();
    expect(third).toMatchObject({ status: 'waitlisted', going: 2, waitlisted: 1 });
    // Saying "going" again keeps a waiting person's place in the queue.
    expect((await answer(cedar, 'going')).json()).toMatchObject({ status: 'waitlisted' });

    const dropped = (await answer(ash, 'not_going')).json();
    expect(dropped).toMatchObject({ status: 'not_going', going: 2, waitlisted: 0 });
    expect(await state(cedar)).toMatchObject({ status: 'going', going: 2, sessionId: third.sessionId });
    expect((await answer(ash, 'going')).json()).toMatchObject({ status: 'waitlisted', waitlisted: 1 });

    // A session's own places override the group capacity.
    await app.database.db.update(sessions).set({ places: 5 }).where(eq(sessions.id, third.sessionId));
    expect((await answer(birch, 'going')).json()).toMatchObject({ places: 5 });
    expect(await state(ash)).toMatchObject({ status: 'going', going: 3, waitlisted: 0 });

    // Staff may look at the counts but not answer.
    expect(await state(p.admin)).toMatchObject({ status: null, going: 3 });
    expect((await answer(p.admin, 'going')).statusCode).toBe(403);

    // The occurrence now has a session record, reused by the schedule.
    const rows = await app.database.db
      .select()
      .from(sessions)
      .where(and(eq(sessions.id, third.sessionId)));
    expect(rows).toHaveLength(1);
  });

  it('gives no more places than there are when people answer at once', async () => {
    const { members, answer, state } = await setup(1);
    const answers = await Promise.all(members.map((m) => answer(m, 'going')));
    const statuses = answers.map((r) => r.json().status).sort();
    expect(statuses).toEqual(['going', 'waitlisted', 'waitlisted']);
    expect(await state(members[0])).toMatchObject({ going: 1, waitlisted: 2 });
  });

  it('refuses sessions that do not exist, are cancelled or are past, and bad answers', async () => {
    const { app, p, group, series, members, url, answer } = await setup(null);
    const [ash] = members;
    expect((await answer(ash, 'going')).json()).toMatchObject({ status: 'going', places: null });
    expect((await answer(ash, 'going', '2027-01-08T18:30[Europe/London]')).statusCode).toBe(404);
    expect((await answer(ash, 'going', 'nonsense')).statusCode).toBe(404);
    const other = await app.inject({
      method: 'PUT',
      url: url('2027-01-07T18:30[Europe/London]', '00000000-0000-4000-8000-000000000000'),
      headers: as(ash),
      payload: { status: 'going' },
    });
    expect(other.statusCode).toBe(404);
    const past = await answer(ash, 'going', '2026-10-01T18:30[Europe/London]');
    expect(past.statusCode).toBe(409);
    expect(past.json().code).toBe('session_started');
    await post(app, p.admin, `/api/groups/${group.id}/series/${series.id}/exceptions`, {
      occurrenceKey: '2027-01-14T18:30[Europe/London]',
      cancelled: true,
      reason: 'Closed',
    });
    const cancelled = await answer(ash, 'going', '2027-01-14T18:30[Europe/London]');
    expect(cancelled.statusCode).toBe(409);
    expect(cancelled.json().code).toBe('session_cancelled');
    const bad = await answer(ash, 'maybe');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('status');
    const outsider = await signUp(app, 'Outsider');
    expect((await answer(outsider, 'going')).statusCode).toBe(404);
    const anonymous = await app.inject({
      method: 'PUT',
      url: url('2027-01-07T18:30[Europe/London]'),
      payload: { status: 'going' },
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('lists my upcoming sessions across my groups with my answers', async () => {
    const { app, p, members, answer } = await setup(1);
    const [ash, birch] = members;
    const online = await p.group({ name: 'Online Evenings' });
    await p.series(online.id, FIRST_TUESDAYS);
    await app.database.db
      .insert(memberships)
      .values({ groupId: online.id, userId: birch.id, displayName: 'Birch', status: 'active' });
    await answer(ash, 'going');
    await answer(birch, 'going');

    const mine = async (who: Person) => {
      const res = await app.inject({
        method: 'GET',
        url: '/api/me/sessions?from=2027-01-01&to=2027-02-01',
        headers: as(who),
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().sessions as { group: { name: string }; occurrenceKey: string; rsvp: string | null }[];
    };
    const ashs = await mine(ash);
    expect(ashs).toHaveLength(4);
    expect(ashs[0]).toMatchObject({ occurrenceKey: '2027-01-07T18:30[Europe/London]', rsvp: 'going' });
    expect(ashs[1]?.rsvp).toBeNull();
    const birchs = await mine(birch);
    expect(birchs.map((s) => s.group.name)).toEqual([
      'Online Evenings',
      'Thursday Circle',
      'Thursday Circle',
      'Thursday Circle',
      'Thursday Circle',
    ]);
    expect(birchs[1]?.rsvp).toBe('waitlisted');
    const outsider = await signUp(app, 'Nobody');
    expect(await mine(outsider)).toEqual([]);
    expect((await app.inject({ method: 'GET', url: '/api/me/sessions' })).statusCode).toBe(401);
  });
});
