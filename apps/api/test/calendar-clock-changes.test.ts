import ICAL from 'ical.js';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { as, post, signUp } from './accounts.ts';
import { buildTestApp } from './helper.ts';

/**
 * Our feeds as Thunderbird reads them: ical.js parses every feed and each event's start and end
 * must be the instant the API means, to the minute, through every clock change in a year. The
 * times are picked to land in the spring gap and the autumn fold of each zone (London and New
 * York repeat 01:00-02:00 in autumn; Sydney repeats 02:00-03:00 in April and skips 02:00-03:00
 * in October; New York skips 02:00-03:00 in March, London 01:00-02:00).
 */
const ZONES = {
  'Europe/London': ['01:30', '00:30'],
  'America/New_York': ['01:30', '02:30'],
  'Australia/Sydney': ['02:30', '01:30'],
} as const;

const DAY = 24 * 3600 * 1000;
const tomorrow = () => new Date(Date.now() + DAY).toISOString().slice(0, 10);

/** Every event in an .ics file, as ical.js reads it: UID, start and end instants. */
function readWithIcalJs(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  // ical.js resolves TZID only against zones it has been given: the VTIMEZONEs in the file.
  for (const vtimezone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(vtimezone);
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
    };
  });
}

const iso = (s: string) => new Date(s).toISOString();

/** Whether the local time of this instant in `timeZone` names two instants (the autumn fold). */
function happensTwice(instant: string, timeZone: string) {
  const local = Temporal.Instant.from(instant).toZonedDateTimeISO(timeZone).toPlainDateTime();
  const first = local.toZonedDateTime(timeZone, { disambiguation: 'earlier' });
  const second = local.toZonedDateTime(timeZone, { disambiguation: 'later' });
  return first.epochMilliseconds !== second.epochMilliseconds;
}

describe('calendar files read by ical.js (Thunderbird) give the API’s instants', { timeout: 120_000 }, () => {
  it('across the spring gap and the autumn fold in London, New York and Sydney, moved sessions included', async () => {
    const app = await buildTestApp();
    const admin = await signUp(app, 'Aileen Admin');
    const provider = await post(app, admin, '/api/providers', { name: `Provider ${Math.random()}` });
    let ambiguousSeen = 0;
    for (const [timeZone, times] of Object.entries(ZONES)) {
      const group = await post(app, admin, `/api/providers/${provider.id}/groups`, { name: `Nights in ${timeZone}` });
      for (const startTime of times) {
        await post(app, admin, `/api/groups/${group.id}/series`, {
          rule: { freq: 'weekly', interval: 1, byDay: ['SU'] },
          startDate: tomorrow(),
          startTime,
          durationMinutes: 90,
          timeZone,
          mode: 'online',
        });
      }
      const scheduleNow = async () =>
        (
          await app.inject({
            method: 'GET',
            url: `/api/groups/${group.id}/schedule?from=${tomorrow()}&to=${new Date(Date.now() + 364 * DAY).toISOString()}`,
            headers: as(admin),
          })
        ).json().sessions as { seriesId: string; occurrenceKey: string; start: string; end: string }[];
      const schedule = await scheduleNow();
      expect(schedule.length).toBeGreaterThan(100);

      // One session of the other series moved to the second time the fold night's hour comes
      // round: a local time no TZID can say, since RFC 5545 reads an ambiguous one as the first.
      const fold = schedule.find((s) => happensTwice(s.start, timeZone));
      expect(fold, `${timeZone} has a fold night in the year`).toBeDefined();
      const mover = schedule.find((s) => s.seriesId !== fold?.seriesId);
      await post(app, admin, `/api/groups/${group.id}/series/${mover?.seriesId}/exceptions`, {
        occurrenceKey: mover?.occurrenceKey,
        move: { start: new Date(new Date(fold?.start ?? '').getTime() + 3600_000).toISOString() },
        reason: 'Moved to the night the clocks change',
      });
      const expected = await scheduleNow();

      const feed = await app.inject({ method: 'GET', url: `/api/public/groups/${group.id}/calendar.ics` });
      expect(feed.statusCode, feed.body).toBe(200);
      const read = new Map(readWithIcalJs(feed.body).map((e) => [e.uid, e]));
      for (const s of expected) {
        const event = read.get(`${s.seriesId}-${s.occurrenceKey}@peer-support`);
        expect(event, `${timeZone} ${s.occurrenceKey}`).toBeDefined();
        expect({ key: s.occurrenceKey, start: event?.start, end: event?.end }).toEqual({
          key: s.occurrenceKey,
          start: iso(s.start),
          end: iso(s.end),
        });
      }
      // The zone is still named wherever a local time means one instant only.
      expect(feed.body).toContain(`DTSTART;TZID=${timeZone}:`);
      ambiguousSeen += (feed.body.match(/^DTSTART:\d{8}T\d{6}Z/gm) ?? []).length;

      // The one-session file says the same as the feed.
      const one = expected.find((s) => s.occurrenceKey === mover?.occurrenceKey && s.seriesId === mover.seriesId);
      const file = await app.inject({
        method: 'GET',
        url: `/api/public/groups/${group.id}/sessions/${encodeURIComponent(one?.occurrenceKey ?? '')}.ics?seriesId=${one?.seriesId}`,
      });
      expect(file.statusCode, file.body).toBe(200);
      expect(readWithIcalJs(file.body).map(({ start, end }) => ({ start, end }))).toEqual([
        { start: iso(one?.start ?? ''), end: iso(one?.end ?? '') },
      ]);
    }
    // Each zone has its fold night, and the session moved onto it.
    expect(ambiguousSeen).toBeGreaterThanOrEqual(6);
  });

  it('stamps every event in UTC, as RFC 5545 requires', async () => {
    const app = await buildTestApp();
    const admin = await signUp(app, 'Aileen Admin');
    const provider = await post(app, admin, '/api/providers', { name: `Provider ${Math.random()}` });
    const group = await post(app, admin, `/api/providers/${provider.id}/groups`, { name: 'Summer Circle' });
    await post(app, admin, `/api/groups/${group.id}/series`, {
      rule: { freq: 'weekly', interval: 1, byDay: ['TH'] },
      startDate: tomorrow(),
      startTime: '18:30',
      durationMinutes: 90,
      timeZone: 'Australia/Sydney',
      mode: 'online',
    });
    const body = (await app.inject({ method: 'GET', url: `/api/public/groups/${group.id}/calendar.ics` })).body;
    const stamps = body.match(/^DTSTAMP.*$/gm) ?? [];
    expect(stamps.length).toBeGreaterThan(40);
    for (const stamp of stamps) expect(stamp).toMatch(/^DTSTAMP:\d{8}T\d{6}Z\r?$/);
    // The calendar still says which zone it keeps, for clients that show a calendar in one.
    expect(body).toMatch(/^X-WR-TIMEZONE:Australia\/Sydney\r?$/m);
  });
});
