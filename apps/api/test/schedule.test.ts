import { memberships, series as seriesTable, sessions } from '@peer-support/db/schema';
import { eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { scheduleService } from '../src/services/schedule.ts';
import { addStaff, as, outbox, signUp, signUpVerified } from './accounts.ts';
import { buildTestApp } from './helper.ts';

type App = Awaited<ReturnType<typeof buildTestApp>>;
type Person = Awaited<ReturnType<typeof signUp>>;

const DAY = 24 * 3600 * 1000;

const HALL = { name: "St Mary's Hall", address: '12 Leith Walk, Edinburgh EH6 5AA', accessNotes: 'Step-free entrance' };
const WEEKLY_IN_PERSON = {
  rule: { freq: 'weekly', interval: 1, byDay: ['TH'] },
  startDate: '2026-10-01',
  startTime: '18:30',
  durationMinutes: 90,
  timeZone: 'Europe/London',
  mode: 'in_person',
  venue: HALL,
};
const FIRST_TUESDAY_ONLINE = {
  rule: { freq: 'monthly', interval: 1, byDay: 'TU', bySetPos: 1 },
  startDate: '2026-10-01',
  startTime: '19:00',
  durationMinutes: 90,
  mode: 'online',
};

/** A provider with an admin, a listed group with a facilitator, and one active member. */
async function setup(app: App) {
  const admin = await signUp(app, 'Aileen Admin');
  const facilitator = await signUpVerified(app, 'Fran Facilitator');
  const member = await signUp(app, 'Sam Member');
  const provider = (
    await app.inject({
      method: 'POST',
      url: '/api/providers',
      headers: as(admin),
      payload: { name: `Provider ${Math.random()}` },
    })
  ).json();
  await addStaff(app, admin, provider.id, facilitator);
  const res = await app.inject({
    method: 'POST',
    url: `/api/providers/${provider.id}/groups`,
    headers: as(admin),
    payload: { name: 'Thursday Circle', facilitatorIds: [facilitator.id] },
  });
  expect(res.statusCode).toBe(201);
  const group = res.json() as { id: string };
  await app.database.db
    .insert(memberships)
    .values({ groupId: group.id, userId: member.id, displayName: 'Sunflower', status: 'active' });
  return { admin, facilitator, member, group };
}

async function addSeries(app: App, admin: Person, groupId: string, body: object) {
  const res = await app.inject({
    method: 'POST',
    url: `/api/groups/${groupId}/series`,
    headers: as(admin),
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; sequence: number; description: string };
}

async function schedule(app: App, who: Person, groupId: string, from: string, to: string) {
  const res = await app.inject({
    method: 'GET',
    url: `/api/groups/${groupId}/schedule?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    headers: as(who),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().sessions as {
    seriesId: string;
    occurrenceKey: string;
    start: string;
    end: string;
    mode: string;
    cancelled: boolean;
    moved: boolean;
    reason: string | null;
    description: string;
    sessionId: string | null;
  }[];
}

/** Parses .ics text; registers its VTIMEZONEs so local times convert to real instants. */
function parseIcs(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const tz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(tz));
  return {
    zones: calendar.getAllSubcomponents('vtimezone').map((tz) => tz.getFirstPropertyValue('tzid')),
    events: calendar.getAllSubcomponents('vevent').map((vevent) => {
      const event = new ICAL.Event(vevent);
      const dtstart = vevent.getFirstProperty('dtstart');
      return {
        uid: event.uid,
        sequence: Number(vevent.getFirstPropertyValue('sequence')),
        tzid: dtstart?.getParameter('tzid'),
        local: event.startDate.toString().slice(0, 16),
        start: event.startDate.toJSDate().toISOString(),
        status: String(vevent.getFirstPropertyValue('status')),
        location: String(vevent.getFirstPropertyValue('location')),
        summary: event.summary,
      };
    }),
  };
}

const futureFrom = () => new Date(Date.now() + DAY).toISOString().slice(0, 10);

describe('series: bad input is refused with field messages and nothing is saved', () => {
  it('refuses each kind of mistake', async () => {
    const app = await buildTestApp();
    const { admin, group } = await setup(app);
    const cases: [string, object, number, string][] = [
      ['no weekday', { ...WEEKLY_IN_PERSON, rule: { freq: 'weekly', interval: 1, byDay: [] } }, 422, 'body.rule.byDay'],
      [
        'interval 0',
        { ...WEEKLY_IN_PERSON, rule: { freq: 'weekly', interval: 0, byDay: ['TH'] } },
        422,
        'body.rule.interval',
      ],
      ['unknown time zone', { ...WEEKLY_IN_PERSON, timeZone: 'Mars/Olympus_Mons' }, 422, 'body.timeZone'],
      ['fixed offset', { ...WEEKLY_IN_PERSON, timeZone: '+01:00' }, 422, 'body.timeZone'],
      ['end before start', { ...WEEKLY_IN_PERSON, end: { kind: 'until', date: '2026-09-01' } }, 422, 'body.end.date'],
      ['in person without venue', { ...WEEKLY_IN_PERSON, venue: undefined }, 422, 'body.venue'],
      [
        'venue without address',
        { ...WEEKLY_IN_PERSON, venue: { name: 'Hall', address: ' ' } },
        422,
        'body.venue.address',
      ],
      ['zero duration', { ...WEEKLY_IN_PERSON, durationMinutes: 0 }, 422, 'body.durationMinutes'],
      ['negative duration', { ...WEEKLY_IN_PERSON, durationMinutes: -30 }, 422, 'body.durationMinutes'],
      ['not a date', { ...WEEKLY_IN_PERSON, startDate: '2026-02-30' }, 422, 'body.startDate'],
      ['not a time', { ...WEEKLY_IN_PERSON, startTime: '7pm' }, 422, 'body.startTime'],
      ['unknown field', { ...WEEKLY_IN_PERSON, colour: 'blue' }, 400, 'body.colour'],
    ];
    for (const [name, payload, status, field] of cases) {
      const res = await app.inject({
        method: 'POST',
        url: `/api/groups/${group.id}/series`,
        headers: as(admin),
        payload,
      });
      expect(res.statusCode, name).toBe(status);
      expect(res.json().message, name).toBeTruthy();
      expect(
        res.json().fields.map((f: { field: string }) => f.field),
        name,
      ).toContain(field);
    }
    expect(await app.database.db.select().from(seriesTable)).toEqual([]);

    const tooLong = await app.inject({
      method: 'GET',
      url: `/api/groups/${group.id}/schedule?from=2026-01-01&to=2028-06-01`,
      headers: as(admin),
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json()).toMatchObject({ code: 'invalid_range', fields: [{ field: 'querystring.to' }] });
    const backwards = await app.inject({
      method: 'GET',
      url: `/api/groups/${group.id}/schedule?from=2026-06-01&to=2026-01-01`,
      headers: as(admin),
    });
    expect(backwards.statusCode).toBe(400);
    const unreadable = await app.inject({
      method: 'GET',
      url: `/api/groups/${group.id}/schedule?from=soon`,
      headers: as(admin),
    });
    expect(unreadable.statusCode).toBe(400);
    expect(unreadable.json().fields[0].field).toBe('querystring.from');
  });

  it('words each mistake in a rule once, in a sentence that does not contradict itself', async () => {
    const app = await buildTestApp();
    const { admin, group } = await setup(app);
    const cases: [string, object, string, RegExp][] = [
      ['daily', { freq: 'daily', interval: 1, byDay: ['MO'] }, 'body.rule.freq', /weekly or monthly/],
      ['unknown day', { freq: 'weekly', interval: 1, byDay: ['XX'] }, 'body.rule.byDay', /MO, TU, WE, TH, FR, SA, SU/],
      ['one day, not a list', { freq: 'weekly', interval: 1, byDay: 'MO' }, 'body.rule.byDay', /at least one day/],
      [
        'weekly with a position',
        { freq: 'weekly', interval: 1, byDay: ['MO'], bySetPos: 1 },
        'body.rule.bySetPos',
        /weekly/,
      ],
      [
        'unknown position',
        { freq: 'monthly', interval: 1, byDay: 'TU', bySetPos: 7 },
        'body.rule.bySetPos',
        /first, second, third, fourth or last/,
      ],
      [
        'monthly unknown day',
        { freq: 'monthly', interval: 1, byDay: 'XX', bySetPos: 1 },
        'body.rule.byDay',
        /day of the week/,
      ],
      [
        'monthly both ways',
        { freq: 'monthly', interval: 1, byDay: 'TU', bySetPos: 1, byMonthDay: 5 },
        'body.rule.byMonthDay',
        /either/,
      ],
      [
        'monthly neither way',
        { freq: 'monthly', interval: 1 },
        'body.rule.byDay',
        /date in the month or a day of the week/,
      ],
    ];
    for (const [name, rule, field, words] of cases) {
      const res = await app.inject({
        method: 'POST',
        url: `/api/groups/${group.id}/series`,
        headers: as(admin),
        payload: { ...WEEKLY_IN_PERSON, rule },
      });
      expect(res.statusCode, name).toBe(422);
      expect(res.json().fields, name).toEqual([{ field, message: expect.stringMatching(words) }]);
      expect(res.json().message, name).not.toMatch(/allowed choices|not a field we accept|is required/);
    }
    // A missing field is only that.
    const noFreq = await app.inject({
      method: 'POST',
      url: `/api/groups/${group.id}/series`,
      headers: as(admin),
      payload: { ...WEEKLY_IN_PERSON, rule: { interval: 1 } },
    });
    expect(noFreq.json().fields).toEqual([{ field: 'body.rule.freq', message: 'is required' }]);
    expect(await app.database.db.select().from(seriesTable)).toEqual([]);

    // An edit hears the same sentence.
    const created = await app.inject({
      method: 'POST',
      url: `/api/groups/${group.id}/series`,
      headers: as(admin),
      payload: WEEKLY_IN_PERSON,
    });
    expect(created.statusCode, created.body).toBe(201);
    const edit = await app.inject({
      method: 'PATCH',
      url: `/api/groups/${group.id}/series/${created.json().id}`,
      headers: as(admin),
      payload: { rule: { freq: 'fortnightly', interval: 1, byDay: ['TH'] } },
    });
    expect(edit.statusCode).toBe(422);
    expect(edit.json().fields).toEqual([
      { field: 'body.rule.freq', message: expect.stringMatching(/weekly or monthly/) },
    ]);
  });

  it('refuses a bad edit and keeps the series as it was', async () => {
    const app = await buildTestApp();
    const { admin, group } = await setup(app);
    const created = await addSeries(app, admin, group.id, WEEKLY_IN_PERSON);
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/groups/${group.id}/series/${created.id}`,
      headers: as(admin),
      payload: { mode: 'hybrid', venue: null, durationMinutes: 0 },
    });
    expect(res.statusCode).toBe(422);
    expect(
      res
        .json()
        .fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(['body.durationMinutes', 'body.venue']);
    const [row] = await app.database.db.select().from(seriesTable);
    expect(row).toMatchObject({ sequence: 0, durationMinutes: 90, mode: 'in_person', venue: HALL });
  });
});

describe('blended schedule', () => {
  it('merges weekly in person and first Tuesday online, right across the October clock change', async () => {
    const app = await buildTestApp();
    const { admin, facilitator, group } = await setup(app);
    const weekly = await addSeries(app, admin, group.id, WEEKLY_IN_PERSON);
    const monthly = await addSeries(app, admin, group.id, FIRST_TUESDAY_ONLINE);
    expect(weekly.description).toBe("Every week on Thursday, 18:30–20:00, in person at St Mary's Hall");
    expect(monthly.description).toBe('First Tuesday of every month, 19:00–20:30, online');

    // Staff (the facilitator too) can read the timeline.
    const timeline = await schedule(app, facilitator, group.id, '2026-10-01', '2026-11-06');
    expect(timeline.map((s) => [s.start, s.seriesId === weekly.id ? 'TH in person' : 'TU online'])).toEqual([
      ['2026-10-01T17:30:00.000Z', 'TH in person'], // 18:30 BST
      ['2026-10-06T18:00:00.000Z', 'TU online'], // 19:00 BST
      ['2026-10-08T17:30:00.000Z', 'TH in person'],
      ['2026-10-15T17:30:00.000Z', 'TH in person'],
      ['2026-10-22T17:30:00.000Z', 'TH in person'],
      ['2026-10-29T18:30:00.000Z', 'TH in person'], // clocks went back on 25 October: 18:30 GMT
      ['2026-11-03T19:00:00.000Z', 'TU online'], // 19:00 GMT
      ['2026-11-05T18:30:00.000Z', 'TH in person'],
    ]);
    expect(timeline[5]).toMatchObject({
      occurrenceKey: '2026-10-29T18:30[Europe/London]',
      end: '2026-10-29T20:00:00.000Z',
      mode: 'in_person',
      cancelled: false,
      moved: false,
      description: weekly.description,
      sessionId: null,
    });
    expect(timeline[1]).toMatchObject({ mode: 'online', occurrenceKey: '2026-10-06T19:00[Europe/London]' });

    const list = await app.inject({ method: 'GET', url: `/api/groups/${group.id}/series`, headers: as(admin) });
    expect(list.json().series.map((s: { rrule: string }) => s.rrule)).toEqual([
      'FREQ=WEEKLY;BYDAY=TH',
      'FREQ=MONTHLY;BYDAY=1TU',
    ]);
  });

  it('shows the public the next sessions with how to take part', async () => {
    const app = await buildTestApp();
    const { admin, group } = await setup(app);
    await addSeries(app, admin, group.id, { ...WEEKLY_IN_PERSON, startDate: futureFrom() });
    await addSeries(app, admin, group.id, { ...FIRST_TUESDAY_ONLINE, startDate: futureFrom() });
    const res = await app.inject({ method: 'GET', url: `/api/public/groups/${group.id}/schedule` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.calendarUrl).toMatch(new RegExp(`/api/public/groups/${group.id}/calendar.ics$`));
    const online = body.sessions.find((s: { mode: string }) => s.mode === 'online');
    const inPerson = body.sessions.find((s: { mode: string }) => s.mode === 'in_person');
    expect(online).toMatchObject({ howToJoin: 'Join online', venue: null });
    expect(inPerson).toMatchObject({ howToJoin: `${HALL.name}, ${HALL.address}`, venue: HALL });
    expect(inPerson.icsUrl).toContain('.ics?seriesId=');
    expect(new Date(body.sessions[0].start).getTime()).toBeGreaterThan(Date.now());
    // Nothing about rooms or members leaks into the public answer.
    expect(JSON.stringify(body)).not.toMatch(/roomName|room_name|Sunflower/);
  });

  it('gives sessions their link once they have a record: on the public page and in calendar files', async () => {
    const app = await buildTestApp();
    const { admin, group } = await setup(app);
    await addSeries(app, admin, group.id, { ...WEEKLY_IN_PERSON, startDate: futureFrom() });
    await addSeries(app, admin, group.id, { ...FIRST_TUESDAY_ONLINE, startDate: futureFrom() });
    const publicSchedule = async () =>
      (await app.inject({ method: 'GET', url: `/api/public/groups/${group.id}/schedule` })).json().sessions as {
        mode: string;
        sessionId: string | null;
      }[];
    // New series get records for the coming fortnight; the first Tuesday of next month is
    // always within 40 days.
    await scheduleService(app.database.db).materialiseAhead(new Date(), 40);
    const [online] = (await publicSchedule()).filter((s) => s.mode === 'online');
    expect(online?.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    const feed = await app.inject({ method: 'GET', url: `/api/public/groups/${group.id}/calendar.ics` });
    const unfolded = feed.body.replace(/\r\n[ \t]/g, '');
    expect(unfolded).toMatch(new RegExp(`Join online: https?://[^\\s]+/sessions/${online?.sessionId}`));
    // In-person sessions have no video call, so no link.
    const events = unfolded.split('BEGIN:VEVENT').slice(1);
    const inPerson = events.filter((e) => !e.includes('LOCATION:Online'));
    expect(inPerson.length).toBeGreaterThan(0);
    expect(inPerson.some((e) => e.includes('Join online'))).toBe(false);
  });
});

describe('exceptions', () => {
  it('cancels and moves single sessions, with a session record each, and emails the members why', async () => {
    const app = await buildTestApp();
    const { admin, facilitator, member, group } = await setup(app);
    const weekly = await addSeries(app, admin, group.id, { ...WEEKLY_IN_PERSON, startDate: futureFrom() });
    const upcoming = await schedule(
      app,
      admin,
      group.id,
      new Date().toISOString(),
      new Date(Date.now() + 60 * DAY).toISOString(),
    );
    const [first, second] = upcoming;
    if (!first || !second) throw new Error('expected sessions');

    const cancel = await app.inject({
      method: 'POST',
      url: `/api/groups/${group.id}/series/${weekly.id}/exceptions`,
      headers: as(admin),
      payload: { occurrenceKey: first.occurrenceKey, cancelled: true, reason: 'The hall is closed for repairs.' },
    });
    expect(cancel.statusCode, cancel.body).toBe(201);
    expect(cancel.json()).toMatchObject({ cancelled: true, notified: 1 });

    const newStart = new Date(new Date(second.start).getTime() + DAY + 30 * 60_000).toISOString();
    const move = await app.inject({
      method: 'POST',
      url: `/api/groups/${group.id}/series/${weekly.id}/exceptions`,
      headers: as(admin),
      payload: {
        occurrenceKey: second.occurrenceKey,
        move: { start: newStart, durationMinutes: 60, mode: 'online' },
        reason: 'Snow is forecast, so we will meet online.',
      },
    });
    expect(move.statusCode, move.body).toBe(201);

    const after = await schedule(
      app,
      admin,
      group.id,
      new Date().toISOString(),
      new Date(Date.now() + 60 * DAY).toISOString(),
    );
    const cancelled = after.find((s) => s.occurrenceKey === first.occurrenceKey);
    const moved = after.find((s) => s.occurrenceKey === second.occurrenceKey);
    expect(cancelled).toMatchObject({ cancelled: true, reason: 'The hall is closed for repairs.', start: first.start });
    expect(moved).toMatchObject({ moved: true, mode: 'online', start: newStart, cancelled: false });
    expect(new Date(moved?.end ?? '').getTime() - new Date(newStart).getTime()).toBe(60 * 60_000);

    // Both occurrences now have session records, which RSVPs and attendance can attach to.
    const records = await app.database.db.select().from(sessions).where(eq(sessions.seriesId, weekly.id));
    expect(records.map((r) => [r.occurrenceKey, r.cancelled, r.mode]).sort()).toEqual(
      [
        [first.occurrenceKey, true, 'in_person'],
        [second.occurrenceKey, false, 'online'],
      ].sort(),
    );
    expect(cancelled?.sessionId).toBe(records.find((r) => r.occurrenceKey === first.occurrenceKey)?.id);

    const mail = (await outbox(app)).filter((m) => m.tag.startsWith('session-'));
    expect(mail.map((m) => [m.to, m.tag])).toEqual([
      [member.email, 'session-cancelled'],
      [member.email, 'session-moved'],
    ]);
    expect(mail[0]?.subject).toMatch(/Thursday Circle: the session on .* is cancelled/);
    expect(mail[0]?.text).toContain('Why: The hall is closed for repairs.');
    expect(mail[1]?.text).toContain('Where: Join online');
    expect(mail[1]?.text).toContain('Why: Snow is forecast');
    expect(mail.some((m) => m.to === facilitator.email || m.to === admin.email)).toBe(false);

    // The public page shows the change too.
    const pub = (await app.inject({ method: 'GET', url: `/api/public/groups/${group.id}/schedule` })).json();
    expect(pub.sessions.find((s: { occurrenceKey: string }) => s.occurrenceKey === second.occurrenceKey)).toMatchObject(
      { howToJoin: 'Join online', moved: true },
    );
  });

  it('refuses changes that make no sense, and changes to sessions that have started', async () => {
    const app = await buildTestApp();
    const { admin, group } = await setup(app);
    const weekly = await addSeries(app, admin, group.id, WEEKLY_IN_PERSON);
    // The series' own records for the coming fortnight; no refusal below may change them.
    const recordsBefore = await app.database.db.select().from(sessions);
    const post = (payload: object) =>
      app.inject({
        method: 'POST',
        url: `/api/groups/${group.id}/series/${weekly.id}/exceptions`,
        headers: as(admin),
        payload,
      });
    const future = (
      await schedule(app, admin, group.id, new Date().toISOString(), new Date(Date.now() + 30 * DAY).toISOString())
    )[0];
    if (!future) throw new Error('expected a future session');

    const notOne = await post({ occurrenceKey: '2030-01-01T18:30[Europe/London]', cancelled: true, reason: 'x' });
    expect(notOne.statusCode).toBe(422);
    expect(notOne.json().fields).toEqual([{ field: 'body.occurrenceKey', message: expect.any(String) }]);

    const both = await post({
      occurrenceKey: future.occurrenceKey,
      cancelled: true,
      move: { durationMinutes: 60 },
      reason: 'x',
    });
    expect(both.statusCode).toBe(422);
    expect(both.json().fields.map((f: { field: string }) => f.field)).toContain('body.cancelled');

    const nothing = await post({ occurrenceKey: future.occurrenceKey, reason: 'x' });
    expect(nothing.statusCode).toBe(422);

    const inPersonNoVenue = await post({
      occurrenceKey: future.occurrenceKey,
      move: { mode: 'hybrid', venue: { name: '', address: '' } },
      reason: 'x',
    });
    expect(inPersonNoVenue.statusCode).toBe(422);
    expect(inPersonNoVenue.json().fields.map((f: { field: string }) => f.field)).toContain('body.move.venue.name');

    const past = await post({ occurrenceKey: '2026-10-01T18:30[Europe/London]', cancelled: true, reason: 'x' });
    expect(past.statusCode).toBe(409);
    expect(past.json().code).toBe('session_started');

    const noReason = await post({ occurrenceKey: future.occurrenceKey, cancelled: true, reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().fields).toEqual([{ field: 'body.reason', message: 'must not be blank' }]);
    const emptyReason = await post({ occurrenceKey: future.occurrenceKey, cancelled: true, reason: '' });
    expect(emptyReason.json().fields).toEqual([{ field: 'body.reason', message: 'must not be empty' }]);

    expect(await app.database.db.select().from(sessions)).toEqual(recordsBefore);
    expect((await outbox(app)).filter((m) => m.tag.startsWith('session-'))).toEqual([]);
  });
});

describe('editing a series', () => {
  it('raises SEQUENCE, keeps sessions that have started, and carries later ones over to the new part', async () => {
    const app = await buildTestApp();
    const { admin, group } = await setup(app);
    const weekly = await addSeries(app, admin, group.id, { ...WEEKLY_IN_PERSON, startDate: '2026-09-03' });
    // A past session with attendance attached (as the waiting room will record it).
    const pastKey = '2026-09-03T18:30[Europe/London]';
    const [past] = await app.database.db
      .insert(sessions)
      .values({
        groupId: group.id,
        title: 'Thursday Circle',
        startsAt: new Date('2026-09-03T17:30:00Z'),
        endsAt: new Date('2026-09-03T19:00:00Z'),
        mode: 'in_person',
        roomName: `past-${weekly.id}`,
        seriesId: weekly.id,
        occurrenceKey: pastKey,
      })
      .returning();
    // A future session record, made by moving that occurrence to a longer session.
    const next = (
      await schedule(app, admin, group.id, new Date().toISOString(), new Date(Date.now() + 30 * DAY).toISOString())
    )[0];
    if (!next) throw new Error('expected a future session');
    const move = await app.inject({
      method: 'POST',
      url: `/api/groups/${group.id}/series/${weekly.id}/exceptions`,
      headers: as(admin),
      payload: { occurrenceKey: next.occurrenceKey, move: { durationMinutes: 120 }, reason: 'A longer session.' },
    });
    expect(move.statusCode).toBe(201);

    const edit = await app.inject({
      method: 'PATCH',
      url: `/api/groups/${group.id}/series/${weekly.id}`,
      headers: as(admin),
      payload: { startTime: '19:00' },
    });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(edit.json()).toMatchObject({ sequence: 1, startTime: '19:00' });

    const rows = await app.database.db.select().from(sessions);
    expect(rows.find((r) => r.id === past?.id)).toEqual(past);
    // The series has met, so the change applies from its next session: that record goes with the
    // part that carries the series on, at 19:00, still two hours long as it was moved to be.
    const laterId = edit.json().id;
    expect(laterId).not.toBe(weekly.id);
    const carried = rows.find((r) => r.occurrenceKey === `${next.occurrenceKey.slice(0, 10)}T19:00[Europe/London]`);
    expect(carried).toMatchObject({ seriesId: laterId, cancelled: false });
    expect((carried?.endsAt.getTime() ?? 0) - (carried?.startsAt.getTime() ?? 0)).toBe(120 * 60_000);

    // Deleting would take what took place out of the schedule: refused, and nothing changes.
    // The later part has not met: deleting it just ends the series where it was split.
    const del = (id: string) =>
      app.inject({ method: 'DELETE', url: `/api/groups/${group.id}/series/${id}`, headers: as(admin) });
    expect((await del(weekly.id)).statusCode).toBe(409);
    expect((await del(laterId)).statusCode).toBe(204);
    expect((await del(weekly.id)).statusCode).toBe(409);
    const [kept] = await app.database.db
      .select()
      .from(sessions)
      .where(eq(sessions.id, past?.id ?? ''));
    expect(kept).toEqual(past);
  });
});

describe('a series that has met changes from a date forward, never behind', () => {
  /** A weekly Thursday series that began five weeks ago, a past session record, and the schedule then. */
  async function metSeries(app: App) {
    const { admin, group } = await setup(app);
    const startDate = new Date(Date.now() - 35 * DAY).toISOString().slice(0, 10);
    const weekly = await addSeries(app, admin, group.id, { ...WEEKLY_IN_PERSON, startDate });
    const window = () => schedule(app, admin, group.id, startDate, new Date(Date.now() + 60 * DAY).toISOString());
    const first = (await window())[0];
    if (!first) throw new Error('expected a past session');
    // The session that ran, with attendance hanging off it.
    const [record] = await app.database.db
      .insert(sessions)
      .values({
        groupId: group.id,
        title: 'Thursday Circle',
        startsAt: new Date(first.start),
        endsAt: new Date(first.end),
        mode: 'in_person',
        roomName: `past-${weekly.id}`,
        seriesId: weekly.id,
        occurrenceKey: first.occurrenceKey,
      })
      .returning();
    const before = await window();
    const now = Date.now();
    const past = before.filter((s) => Date.parse(s.start) <= now);
    const future = before.filter((s) => Date.parse(s.start) > now);
    expect(past.length).toBeGreaterThanOrEqual(4);
    const feed = async () =>
      parseIcs((await app.inject({ method: 'GET', url: `/api/public/groups/${group.id}/calendar.ics` })).body);
    const oneIcs = (key: string, seriesId: string) =>
      app.inject({
        method: 'GET',
        url: `/api/public/groups/${group.id}/sessions/${encodeURIComponent(key)}.ics?seriesId=${seriesId}`,
      });
    const patch = (payload: object, id = weekly.id) =>
      app.inject({ method: 'PATCH', url: `/api/groups/${group.id}/series/${id}`, headers: as(admin), payload });
    return { admin, group, weekly, window, past, future, record, feed, oneIcs, patch };
  }
  /** What a session is, leaving out the words describing its series (which now say "until"). */
  const facts = (list: { description: string }[]) => list.map(({ description: _, ...rest }) => rest);
  const local = (iso: string) =>
    new Date(iso).toLocaleString('sv-SE', { timeZone: 'Europe/London' }).slice(0, 16).replace(' ', 'T');

  it('a new time and length: the past keeps its times, records, UIDs and links; the future moves in place', async () => {
    const app = await buildTestApp();
    const { weekly, window, past, future, record, feed, oneIcs, patch } = await metSeries(app);
    const feedBefore = await feed();
    const nextRecord = (await app.database.db.select().from(sessions).where(eq(sessions.seriesId, weekly.id))).find(
      (r) => r.occurrenceKey === future[0]?.occurrenceKey,
    );
    expect(nextRecord, 'the next session has its record (made ahead)').toBeDefined();

    const edit = await patch({ startTime: '19:30', durationMinutes: 60 });
    expect(edit.statusCode, edit.body).toBe(200);
    const later = edit.json();
    expect(later).toMatchObject({ follows: weekly.id, startTime: '19:30', durationMinutes: 60, sequence: 1 });
    expect(later.id).not.toBe(weekly.id);

    const after = await window();
    const now = Date.now();
    // The past exactly as it was: same series, keys, times.
    expect(facts(after.filter((s) => Date.parse(s.start) <= now))).toEqual(facts(past));
    // Every later session on the same day, at the new time.
    const moved = after.filter((s) => Date.parse(s.start) > now);
    expect(moved.map((s) => local(s.start).slice(0, 10))).toEqual(future.map((s) => local(s.start).slice(0, 10)));
    expect(moved.every((s) => local(s.start).endsWith('T19:30') && s.seriesId === later.id)).toBe(true);
    expect(moved.every((s) => Date.parse(s.end) - Date.parse(s.start) === 60 * 60_000)).toBe(true);

    // Records: the one that ran untouched; the next one is the same record, at the new time.
    const records = await app.database.db.select().from(sessions);
    expect(records.find((r) => r.id === record?.id)).toEqual(record);
    expect(records.find((r) => r.id === nextRecord?.id)).toMatchObject({
      seriesId: later.id,
      cancelled: false,
      startsAt: new Date(moved[0]?.start ?? ''),
    });

    // Calendars: the same events, changed (SEQUENCE up), not new ones beside the old.
    const feedAfter = await feed();
    const future1 = (f: typeof feedAfter) => f.events.filter((e) => Date.parse(e.start) > now);
    expect(future1(feedAfter).map((e) => e.uid)).toEqual(future1(feedBefore).map((e) => e.uid));
    expect(future1(feedAfter).every((e) => e.sequence === 1 && e.local.endsWith('T19:30'))).toBe(true);

    // Links made before the edit still answer: the past one as it was, a later one as it is now.
    const pastFile = await oneIcs(past[1]?.occurrenceKey ?? '', weekly.id);
    expect(pastFile.statusCode, pastFile.body).toBe(200);
    expect(parseIcs(pastFile.body).events[0]).toMatchObject({ start: new Date(past[1]?.start ?? '').toISOString() });
    const laterFile = await oneIcs(future[2]?.occurrenceKey ?? '', weekly.id);
    expect(laterFile.statusCode, laterFile.body).toBe(200);
    expect(parseIcs(laterFile.body).events[0]).toMatchObject({
      uid: `${weekly.id}-${future[2]?.occurrenceKey}@peer-support`,
      local: `${future[2]?.occurrenceKey.slice(0, 10)}T19:30`,
      sequence: 1,
    });
  });

  it('new days: the past stays; dropped days leave the calendar and their records are cancelled, new days come in', async () => {
    const app = await buildTestApp();
    const { admin, group, weekly, window, past, future, feed, patch } = await metSeries(app);
    const edit = await patch({ rule: { freq: 'weekly', interval: 1, byDay: ['FR'] } });
    expect(edit.statusCode, edit.body).toBe(200);
    const laterId = edit.json().id;
    const after = await window();
    const now = Date.now();
    expect(facts(after.filter((s) => Date.parse(s.start) <= now))).toEqual(facts(past));
    const upcoming = after.filter((s) => Date.parse(s.start) > now);
    expect(upcoming.length).toBeGreaterThan(4);
    expect(upcoming.every((s) => new Date(s.start).getUTCDay() === 5 && s.seriesId === laterId)).toBe(true);
    const thursdayRecords = (await app.database.db.select().from(sessions)).filter(
      (r) => future.some((f) => f.occurrenceKey === r.occurrenceKey) && r.startsAt.getTime() > now,
    );
    expect(thursdayRecords.length).toBeGreaterThan(0);
    expect(thursdayRecords.every((r) => r.cancelled && r.seriesId === weekly.id)).toBe(true);
    const events = (await feed()).events.filter((e) => Date.parse(e.start) > now);
    expect(events.every((e) => e.uid.startsWith(laterId))).toBe(true);

    const list = await app.inject({ method: 'GET', url: `/api/groups/${group.id}/series`, headers: as(admin) });
    const parts = list.json().series as { id: string; end: object; follows: string | null }[];
    expect(parts.map((p) => p.id)).toEqual([weekly.id, laterId]);
    expect(parts[0]?.end).toEqual({ kind: 'until', date: expect.any(String) });
    expect(parts[1]?.follows).toBe(weekly.id);
    // The part as it was is history now: changing it would have two parts meet on the same days.
    const again = await patch({ end: { kind: 'never' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('series_carried_on');
  });

  it('from a chosen day, with the later plans of that day carried over; not from a day that has passed', async () => {
    const app = await buildTestApp();
    const { admin, group, weekly, window, past, future, patch } = await metSeries(app);
    const [f0, f1, f2] = future;
    if (!f0 || !f1 || !f2) throw new Error('expected future sessions');
    // A cancelled day after the change: still cancelled after it.
    const cancel = await app.inject({
      method: 'POST',
      url: `/api/groups/${group.id}/series/${weekly.id}/exceptions`,
      headers: as(admin),
      payload: { occurrenceKey: f2.occurrenceKey, cancelled: true, reason: 'The hall is closed' },
    });
    expect(cancel.statusCode, cancel.body).toBe(201);

    const tooEarly = await patch({ startTime: '19:00', effectiveFrom: past.at(-1)?.occurrenceKey.slice(0, 10) });
    expect(tooEarly.statusCode).toBe(422);
    expect(tooEarly.json().fields).toEqual([
      { field: 'body.effectiveFrom', message: expect.stringMatching(/already taken place/) },
    ]);
    const onlyDate = await patch({ effectiveFrom: f1.occurrenceKey.slice(0, 10) });
    expect(onlyDate.statusCode).toBe(422);
    expect(onlyDate.json().code).toBe('nothing_to_change');

    const edit = await patch({ startTime: '19:00', effectiveFrom: f1.occurrenceKey.slice(0, 10) });
    expect(edit.statusCode, edit.body).toBe(200);
    const after = await window();
    const byDay = new Map(after.map((s) => [local(s.start).slice(0, 10), s]));
    expect(local(byDay.get(f0.occurrenceKey.slice(0, 10))?.start ?? '')).toMatch(/T18:30$/);
    expect(local(byDay.get(f1.occurrenceKey.slice(0, 10))?.start ?? '')).toMatch(/T19:00$/);
    expect(byDay.get(f2.occurrenceKey.slice(0, 10))).toMatchObject({ cancelled: true, reason: 'The hall is closed' });

    // A series that has not met yet changes as a whole: no date to choose.
    const fresh = await addSeries(app, admin, group.id, { ...WEEKLY_IN_PERSON, startDate: futureFrom() });
    const notMet = await patch({ startTime: '20:00', effectiveFrom: futureFrom() }, fresh.id);
    expect(notMet.statusCode).toBe(422);
    expect(notMet.json().fields[0].field).toBe('body.effectiveFrom');
    const whole = await patch({ startTime: '20:00' }, fresh.id);
    expect(whole.json()).toMatchObject({ id: fresh.id, follows: null, startTime: '20:00' });
  });

  it('ends from a date and keeps its past; deleting one that has met is refused, one that has not is deleted', async () => {
    const app = await buildTestApp();
    const { admin, group, weekly, window, past, future, patch } = await metSeries(app);
    const lastDay = future[1]?.occurrenceKey.slice(0, 10) ?? '';
    const beforeThePast = await patch({ end: { kind: 'until', date: past[1]?.occurrenceKey.slice(0, 10) } });
    expect(beforeThePast.statusCode).toBe(422);
    expect(beforeThePast.json().fields).toEqual([
      { field: 'body.end.date', message: expect.stringMatching(/already taken place/) },
    ]);

    const end = await patch({ end: { kind: 'until', date: lastDay } });
    expect(end.statusCode, end.body).toBe(200);
    expect(end.json()).toMatchObject({ id: weekly.id, end: { kind: 'until', date: lastDay }, sequence: 1 });
    const after = await window();
    expect(facts(after)).toEqual(facts([...past, ...future.slice(0, 2)]));

    const del = await app.inject({
      method: 'DELETE',
      url: `/api/groups/${group.id}/series/${weekly.id}`,
      headers: as(admin),
    });
    expect(del.statusCode).toBe(409);
    expect(del.json()).toMatchObject({ code: 'series_has_met', message: expect.stringMatching(/End it instead/) });
    expect(await window()).toEqual(after);

    const fresh = await addSeries(app, admin, group.id, { ...WEEKLY_IN_PERSON, startDate: futureFrom() });
    const gone = await app.inject({
      method: 'DELETE',
      url: `/api/groups/${group.id}/series/${fresh.id}`,
      headers: as(admin),
    });
    expect(gone.statusCode).toBe(204);
  });
});

describe('calendars', () => {
  it('one session as .ics: named zone with VTIMEZONE, right on both sides of the clock change', async () => {
    const app = await buildTestApp();
    const { admin, group } = await setup(app);
    const weekly = await addSeries(app, admin, group.id, WEEKLY_IN_PERSON);
    const one = async (key: string) => {
      const res = await app.inject({
        method: 'GET',
        url: `/api/public/groups/${group.id}/sessions/${encodeURIComponent(key)}.ics`,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/calendar/);
      return parseIcs(res.body);
    };
    const summer = await one('2026-10-22T18:30[Europe/London]');
    const winter = await one('2026-10-29T18:30[Europe/London]');
    expect(summer.zones).toEqual(['Europe/London']);
    expect(summer.events).toEqual([
      expect.objectContaining({
        uid: `${weekly.id}-2026-10-22T18:30[Europe/London]@peer-support`,
        tzid: 'Europe/London',
        local: '2026-10-22T18:30',
        start: '2026-10-22T17:30:00.000Z',
        sequence: 0,
        status: 'CONFIRMED',
        location: `${HALL.name}, ${HALL.address}`,
      }),
    ]);
    expect(winter.events[0]).toMatchObject({ local: '2026-10-29T18:30', start: '2026-10-29T18:30:00.000Z' });

    const missing = await app.inject({
      method: 'GET',
      url: `/api/public/groups/${group.id}/sessions/${encodeURIComponent('2026-10-23T18:30[Europe/London]')}.ics`,
    });
    expect(missing.statusCode).toBe(404);
  });

  it('the feed keeps UIDs through edits, raises SEQUENCE on change, and shows cancellations', async () => {
    const app = await buildTestApp();
    const { admin, group } = await setup(app);
    const weekly = await addSeries(app, admin, group.id, { ...WEEKLY_IN_PERSON, startDate: futureFrom() });
    const monthly = await addSeries(app, admin, group.id, { ...FIRST_TUESDAY_ONLINE, startDate: futureFrom() });
    const feed = async () => {
      const res = await app.inject({ method: 'GET', url: `/api/public/groups/${group.id}/calendar.ics` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/calendar/);
      return parseIcs(res.body);
    };
    const before = await feed();
    expect(before.zones).toEqual(['Europe/London']);
    // Twelve months: about 52 Thursdays and 12 first Tuesdays.
    expect(before.events.length).toBeGreaterThanOrEqual(60);
    expect(before.events.every((e) => e.tzid === 'Europe/London' && e.sequence === 0)).toBe(true);
    const thursdays = before.events.filter((e) => e.uid.startsWith(weekly.id));
    expect(thursdays.every((e) => e.local.endsWith('T18:30'))).toBe(true);
    // A year always crosses both clock changes: 18:30 is 17:30Z in summer and 18:30Z in winter.
    expect(new Set(thursdays.map((e) => e.start.slice(11, 16)))).toEqual(new Set(['17:30', '18:30']));
    expect(before.events.filter((e) => e.uid.startsWith(monthly.id)).every((e) => e.location === 'Online')).toBe(true);

    const edit = await app.inject({
      method: 'PATCH',
      url: `/api/groups/${group.id}/series/${weekly.id}`,
      headers: as(admin),
      payload: { durationMinutes: 120 },
    });
    expect(edit.statusCode).toBe(200);
    const target = thursdays[1];
    if (!target) throw new Error('expected Thursdays');
    const key = target.uid.slice(weekly.id.length + 1, -'@peer-support'.length);
    const cancel = await app.inject({
      method: 'POST',
      url: `/api/groups/${group.id}/series/${weekly.id}/exceptions`,
      headers: as(admin),
      payload: { occurrenceKey: key, cancelled: true, reason: 'Holiday.' },
    });
    expect(cancel.statusCode, cancel.body).toBe(201);

    const after = await feed();
    const afterThursdays = after.events.filter((e) => e.uid.startsWith(weekly.id));
    expect(afterThursdays.map((e) => e.uid)).toEqual(thursdays.map((e) => e.uid));
    expect(afterThursdays.filter((e) => e.uid !== target.uid).every((e) => e.sequence === 1)).toBe(true);
    expect(afterThursdays.find((e) => e.uid === target.uid)).toMatchObject({
      sequence: 2,
      status: 'CANCELLED',
      summary: 'Cancelled: Thursday Circle',
    });
    // The monthly series was not edited: its events are unchanged.
    expect(after.events.filter((e) => e.uid.startsWith(monthly.id)).every((e) => e.sequence === 0)).toBe(true);
  });
});
