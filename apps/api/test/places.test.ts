import { memberships, sessions } from '@peer-support/db/schema';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { addStaff, as, outbox, post, signUp, signUpVerified } from './accounts.ts';
import { appForFile } from './helper.ts';

type Person = Awaited<ReturnType<typeof signUp>>;

/** One app for the file: every test makes its own provider and group. */
const testApp = appForFile();
const THURSDAYS = {
  rule: { freq: 'weekly', interval: 1, byDay: ['TH'] },
  startDate: '2026-10-01',
  startTime: '18:30',
  durationMinutes: 90,
  mode: 'in_person',
  venue: { name: 'Quaker Meeting House', address: '7 Victoria Terrace, Edinburgh EH1 2JL' },
};
const KEY = '2027-01-07T18:30[Europe/London]';
const SUMMER = '2027-07-01T18:30[Europe/London]';

/** A provider, a group of `capacity` with a Thursday series, and three active members. */
async function setup(capacity: number | null, names = ['Ash', 'Birch', 'Cedar']) {
  const app = await testApp();
  const admin = await signUp(app, 'Aileen Admin');
  const facilitator = await signUpVerified(app, 'Fran Facilitator');
  const provider = await post(app, admin, '/api/providers', { name: `Provider ${Math.random()}` });
  await addStaff(app, admin, provider.id, facilitator);
  const group = await post(app, admin, `/api/providers/${provider.id}/groups`, {
    name: 'Thursday Circle',
    capacity,
    facilitatorIds: [facilitator.id],
  });
  const series = await post(app, admin, `/api/groups/${group.id}/series`, THURSDAYS);
  const members: Person[] = [];
  for (const name of names) {
    const person = await signUp(app, name);
    await app.database.db
      .insert(memberships)
      .values({ groupId: group.id, userId: person.id, displayName: name, status: 'active' });
    members.push(person);
  }
  const base = (key: string) => `/api/groups/${group.id}/series/${series.id}/occurrences/${encodeURIComponent(key)}`;
  const answer = async (who: Person, status: string, key = KEY) => {
    const res = await app.inject({ method: 'PUT', url: `${base(key)}/rsvp`, headers: as(who), payload: { status } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const setPlaces = (payload: unknown, who: Person = admin, key = KEY) =>
    app.inject({
      method: 'PUT',
      url: `${base(key)}/places`,
      headers: as(who),
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  // The outbox is the app's, shared by the file's tests: only this group's members count.
  const promotions = async () =>
    (await outbox(app)).filter((m) => m.tag === 'rsvp-promoted' && members.some((p) => p.email === m.to));
  return {
    app,
    admin,
    facilitator,
    group,
    series,
    members: members as [Person, Person, Person, ...Person[]],
    answer,
    setPlaces,
    promotions,
  };
}

describe('setting the places of one session', { timeout: 60_000 }, () => {
  it('refuses fewer places than people going, naming how many are going, and bumps nobody', async () => {
    const { members, answer, setPlaces } = await setup(3);
    const [ash, birch, cedar] = members;
    for (const m of [ash, birch, cedar]) await answer(m, 'going');

    const lower = await setPlaces({ places: 2 });
    expect(lower.statusCode).toBe(409);
    expect(lower.json()).toMatchObject({ code: 'places_below_going' });
    expect(lower.json().message).toContain('3 people are going');
    expect(lower.json().fields).toEqual([{ field: 'body.places', message: expect.stringContaining('at least 3') }]);
    expect(await answer(ash, 'going')).toMatchObject({ status: 'going', places: 3, going: 3, waitlisted: 0 });

    const same = await setPlaces({ places: 3 });
    expect(same.statusCode, same.body).toBe(200);
    expect(same.json()).toMatchObject({ places: 3, fromGroup: false, going: 3, waitlisted: 0, promoted: 0 });
  });

  it('gives new places to the waitlist, longest-waiting first, and emails them', async () => {
    const { group, members, answer, setPlaces, promotions } = await setup(1, ['Ash', 'Birch', 'Cedar', 'Dogwood']);
    const [ash, birch, cedar] = members;
    const dogwood = members[3] as Person;
    await answer(ash, 'going', SUMMER);
    expect(await answer(birch, 'going', SUMMER)).toMatchObject({ status: 'waitlisted' });
    expect(await answer(cedar, 'going', SUMMER)).toMatchObject({ status: 'waitlisted' });
    expect(await answer(dogwood, 'going', SUMMER)).toMatchObject({ status: 'waitlisted', waitlisted: 3 });

    const raised = await setPlaces({ places: 3 }, undefined, SUMMER);
    expect(raised.statusCode, raised.body).toBe(200);
    const body = raised.json();
    expect(body).toMatchObject({
      occurrenceKey: SUMMER,
      places: 3,
      fromGroup: false,
      going: 3,
      waitlisted: 1,
      promoted: 2,
    });
    expect(body.sessionId).toEqual(expect.any(String));
    expect(await answer(birch, 'going', SUMMER)).toMatchObject({ status: 'going' });
    expect(await answer(cedar, 'going', SUMMER)).toMatchObject({ status: 'going' });
    expect(await answer(dogwood, 'going', SUMMER)).toMatchObject({ status: 'waitlisted' });

    const mail = await promotions();
    expect(mail.map((m) => m.to).sort()).toEqual([birch.email, cedar.email].sort());
    const toBirch = mail.find((m) => m.to === birch.email);
    // The session's own wall clock (BST in July), not the server's UTC.
    expect(toBirch?.subject).toMatch(
      /^A place opened up: you're now going to Thursday Circle on Thursday,? 1 July 2027 at 18:30 BST$/,
    );
    expect(toBirch?.text).toContain('Hello Birch,');
    expect(toBirch?.text).toContain(`http://localhost:3000/groups/${group.id}`);
    expect(toBirch?.text).toContain('http://localhost:3000/me/sessions');
    expect(toBirch?.text).toContain('Where: Quaker Meeting House, 7 Victoria Terrace');

    // Back to the group's capacity of 1 would leave fewer places than the 3 going.
    const back = await setPlaces({ places: null }, undefined, SUMMER);
    expect(back.statusCode).toBe(409);
    expect(back.json().message).toContain("group's capacity of 1");
    expect(back.json().message).toContain('3 people are going');
  });

  it('goes back to the group capacity with null, and makes the session record when there is none', async () => {
    const { app, series, members, answer, setPlaces } = await setup(null);
    const fresh = await setPlaces({ places: 2 }, undefined, '2027-01-14T18:30[Europe/London]');
    expect(fresh.statusCode, fresh.body).toBe(200);
    expect(fresh.json()).toMatchObject({ places: 2, going: 0, waitlisted: 0, promoted: 0, fromGroup: false });
    const [record] = await app.database.db.select().from(sessions).where(eq(sessions.id, fresh.json().sessionId));
    expect(record).toMatchObject({
      seriesId: series.id,
      occurrenceKey: '2027-01-14T18:30[Europe/London]',
      places: 2,
      startsAt: new Date('2027-01-14T18:30:00Z'),
      cancelled: false,
    });

    const [ash, birch, cedar] = members;
    const key = '2027-01-14T18:30[Europe/London]';
    await answer(ash, 'going', key);
    await answer(birch, 'going', key);
    expect(await answer(cedar, 'going', key)).toMatchObject({ status: 'waitlisted', places: 2 });
    const unlimited = await setPlaces({ places: null }, undefined, key);
    expect(unlimited.statusCode, unlimited.body).toBe(200);
    expect(unlimited.json()).toMatchObject({
      sessionId: fresh.json().sessionId,
      places: null,
      fromGroup: true,
      going: 3,
      waitlisted: 0,
      promoted: 1,
    });
    expect(unlimited.json().seriesId).toBe(series.id);
    const [after] = await app.database.db.select().from(sessions).where(eq(sessions.id, fresh.json().sessionId));
    expect(after?.places).toBeNull();
  });

  it('emails whoever moves up when someone says they are not going', async () => {
    const { group, members, answer, promotions } = await setup(1);
    const [ash, birch, cedar] = members;
    await answer(ash, 'going');
    await answer(birch, 'going');
    await answer(cedar, 'going');
    expect(await promotions()).toEqual([]);
    expect(await answer(ash, 'not_going')).toMatchObject({ status: 'not_going', going: 1, waitlisted: 1 });
    const mail = await promotions();
    expect(mail.map((m) => m.to)).toEqual([birch.email]);
    expect(mail[0]?.subject).toContain('Thursday Circle');
    expect(mail[0]?.text).toContain(`/groups/${group.id}`);
    // Saying "not going" again frees nothing, so nobody else is told anything.
    await answer(ash, 'not_going');
    expect((await promotions()).map((m) => m.to)).toEqual([birch.email]);
  });

  it('refuses bad places, closed sessions and people who may not set them', async () => {
    const { app, admin, facilitator, group, series, members, setPlaces } = await setup(null);
    const bad: [unknown, string][] = [
      [{ places: 0 }, 'body.places'],
      [{ places: -3 }, 'body.places'],
      [{ places: 501 }, 'body.places'],
      [{ places: 2.5 }, 'body.places'],
      [{ places: 'three' }, 'body.places'],
      [{}, 'body.places'],
      [{ places: 4, colour: 'blue' }, 'body.colour'],
    ];
    for (const [payload, field] of bad) {
      const res = await setPlaces(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().fields.map((f: { field: string }) => f.field)).toContain(field);
      expect(res.json().message).toEqual(expect.any(String));
    }
    const none = await setPlaces(undefined);
    expect(none.statusCode).toBe(400);

    const past = await setPlaces({ places: 4 }, admin, '2026-10-01T18:30[Europe/London]');
    expect(past.statusCode).toBe(409);
    expect(past.json().code).toBe('session_started');
    expect((await setPlaces({ places: 4 }, admin, '2027-01-08T18:30[Europe/London]')).statusCode).toBe(404);
    await post(app, admin, `/api/groups/${group.id}/series/${series.id}/exceptions`, {
      occurrenceKey: '2027-01-21T18:30[Europe/London]',
      cancelled: true,
      reason: 'The hall is closed',
    });
    const cancelled = await setPlaces({ places: 4 }, admin, '2027-01-21T18:30[Europe/London]');
    expect(cancelled.statusCode).toBe(409);
    expect(cancelled.json()).toMatchObject({ code: 'session_cancelled' });
    expect(cancelled.json().message).toContain('cancelled');

    expect((await setPlaces({ places: 4 }, facilitator)).statusCode).toBe(403);
    expect((await setPlaces({ places: 4 }, members[0])).statusCode).toBe(403);
    const anonymous = await app.inject({
      method: 'PUT',
      url: `/api/groups/${group.id}/series/${series.id}/occurrences/${encodeURIComponent(KEY)}/places`,
      payload: { places: 4 },
    });
    expect(anonymous.statusCode).toBe(401);
  });
});
