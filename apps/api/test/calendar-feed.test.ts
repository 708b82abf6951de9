import { memberships } from '@peer-support/db/schema';
import { and, eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { as, post, signUp } from './accounts.ts';
import { appForFile, type buildTestApp } from './helper.ts';

type App = Awaited<ReturnType<typeof buildTestApp>>;
type Person = Awaited<ReturnType<typeof signUp>>;

const DAY = 24 * 3600 * 1000;
const tomorrow = () => new Date(Date.now() + DAY).toISOString().slice(0, 10);

/** One app for the file: every test makes its own people and groups. */
const testApp = appForFile();

/** An admin with two groups (one listed in London, one invite-only in New York), each with a series. */
async function setup(app: App) {
  const admin = await signUp(app, 'Aileen Admin');
  const provider = await post(app, admin, '/api/providers', { name: `Provider ${Math.random()}` });
  const group = (body: object) => post(app, admin, `/api/providers/${provider.id}/groups`, body);
  const circle = await group({ name: 'Thursday Circle' });
  const evenings = await group({ name: 'New York Evenings', visibility: 'invite_only' });
  const elsewhere = await group({ name: 'Not Mine' });
  const thursdays = await post(app, admin, `/api/groups/${circle.id}/series`, {
    rule: { freq: 'weekly', interval: 1, byDay: ['TH'] },
    startDate: tomorrow(),
    startTime: '18:30',
    durationMinutes: 90,
    mode: 'in_person',
    venue: { name: 'Quaker Meeting House', address: '7 Victoria Terrace, Edinburgh' },
  });
  const monthly = await post(app, admin, `/api/groups/${evenings.id}/series`, {
    rule: { freq: 'monthly', interval: 1, byDay: 'TU', bySetPos: 1 },
    startDate: tomorrow(),
    startTime: '19:00',
    durationMinutes: 60,
    timeZone: 'America/New_York',
    mode: 'online',
  });
  const other = await post(app, admin, `/api/groups/${elsewhere.id}/series`, {
    rule: { freq: 'weekly', interval: 1, byDay: ['MO'] },
    startDate: tomorrow(),
    startTime: '10:00',
    durationMinutes: 60,
    mode: 'online',
  });
  const member = await signUp(app, 'Sam Member');
  await app.database.db.insert(memberships).values([
    { groupId: circle.id, userId: member.id, displayName: 'Sunflower', status: 'active' },
    { groupId: evenings.id, userId: member.id, displayName: 'Sunflower', status: 'active' },
    // Asking to join is not belonging: this group's sessions stay out of the feed.
    { groupId: elsewhere.id, userId: member.id, displayName: 'Sunflower', status: 'requested' },
  ]);
  return { admin, member, circle, evenings, thursdays, monthly, other };
}

async function feedLink(app: App, who: Person) {
  const res = await app.inject({ method: 'GET', url: '/api/me/calendar-feed', headers: as(who) });
  expect(res.statusCode, res.body).toBe(200);
  expect(Object.keys(res.json())).toEqual(['url']);
  return res.json().url as string;
}

/** The request path of a feed URL (the app is reached through inject, not over the network). */
const pathOf = (url: string) => new URL(url).pathname;

function parseIcs(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return {
    name: calendar.getFirstPropertyValue('x-wr-calname'),
    zones: calendar
      .getAllSubcomponents('vtimezone')
      .map((tz) => tz.getFirstPropertyValue('tzid'))
      .sort(),
    events: calendar.getAllSubcomponents('vevent').map((vevent) => ({
      uid: String(vevent.getFirstPropertyValue('uid')),
      tzid: vevent.getFirstProperty('dtstart')?.getParameter('tzid'),
      status: String(vevent.getFirstPropertyValue('status')),
      summary: String(vevent.getFirstPropertyValue('summary')),
      url: String(vevent.getFirstPropertyValue('url')),
    })),
  };
}

describe('a member’s private calendar feed', { timeout: 60_000 }, () => {
  it('has every session of the groups I belong to, with the group feeds’ UIDs and cancellations', async () => {
    const app = await testApp();
    const { admin, member, circle, evenings, thursdays, monthly, other } = await setup(app);
    const url = await feedLink(app, member);
    expect(url).toMatch(/^http:\/\/localhost:3000\/api\/calendar\/[A-Za-z0-9_-]+\.1\.[A-Za-z0-9_-]+\.ics$/);
    // Asking again gives the same link: calendar apps keep polling the one they were given.
    expect(await feedLink(app, member)).toBe(url);

    const schedule = (
      await app.inject({
        method: 'GET',
        url: `/api/groups/${circle.id}/schedule?from=${tomorrow()}&to=${new Date(Date.now() + 60 * DAY).toISOString()}`,
        headers: as(admin),
      })
    ).json().sessions as { occurrenceKey: string }[];
    const cancelledKey = schedule[1]?.occurrenceKey ?? '';
    await post(app, admin, `/api/groups/${circle.id}/series/${thursdays.id}/exceptions`, {
      occurrenceKey: cancelledKey,
      cancelled: true,
      reason: 'The hall is closed',
    });

    const res = await app.inject({ method: 'GET', url: pathOf(url) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    expect(res.headers['cache-control']).toBe('private, max-age=300');
    const feed = parseIcs(res.body);
    expect(feed.zones).toEqual(['America/New_York', 'Europe/London']);
    const weekly = feed.events.filter((e) => e.uid.startsWith(thursdays.id));
    const monthlies = feed.events.filter((e) => e.uid.startsWith(monthly.id));
    // Twelve months ahead: about 52 Thursdays and 12 first Tuesdays; nothing of the group I only asked to join.
    expect(weekly.length).toBeGreaterThanOrEqual(51);
    expect(monthlies.length).toBeGreaterThanOrEqual(11);
    expect(feed.events).toHaveLength(weekly.length + monthlies.length);
    expect(feed.events.some((e) => e.uid.startsWith(other.id))).toBe(false);
    expect(
      weekly.every((e) => e.tzid === 'Europe/London' && e.url === `http://localhost:3000/groups/${circle.id}`),
    ).toBe(true);
    expect(monthlies.every((e) => e.tzid === 'America/New_York' && e.summary === 'New York Evenings')).toBe(true);
    expect(feed.events.find((e) => e.uid === `${thursdays.id}-${cancelledKey}@peer-support`)).toMatchObject({
      status: 'CANCELLED',
      summary: 'Cancelled: Thursday Circle',
    });

    // The same occurrence has the same UID in the group's own feed, so clients that merge both see it once.
    const groupFeed = parseIcs(
      (await app.inject({ method: 'GET', url: `/api/public/groups/${circle.id}/calendar.ics` })).body,
    );
    expect(weekly.map((e) => e.uid)).toEqual(groupFeed.events.map((e) => e.uid));

    // Leaving a group takes its sessions out of the feed.
    await app.database.db
      .update(memberships)
      .set({ status: 'removed' })
      .where(and(eq(memberships.groupId, evenings.id), eq(memberships.userId, member.id)));
    const later = parseIcs((await app.inject({ method: 'GET', url: pathOf(url) })).body);
    expect(later.events.some((e) => e.uid.startsWith(monthly.id))).toBe(false);
    expect(later.events.length).toBe(weekly.length);
  });

  it('a new link stops the old one working', async () => {
    const app = await testApp();
    const { member } = await setup(app);
    const first = await feedLink(app, member);
    const reset = await app.inject({ method: 'POST', url: '/api/me/calendar-feed/reset', headers: as(member) });
    expect(reset.statusCode, reset.body).toBe(200);
    const second = reset.json().url as string;
    expect(second).not.toBe(first);
    expect(second).toContain('.2.');
    expect(await feedLink(app, member)).toBe(second);

    const old = await app.inject({ method: 'GET', url: pathOf(first) });
    expect(old.statusCode).toBe(404);
    expect(old.json()).toMatchObject({ code: 'not_found' });
    expect(old.json().message).toContain('no longer valid');
    expect(old.json().message).toContain('My sessions');
    expect((await app.inject({ method: 'GET', url: pathOf(second) })).statusCode).toBe(200);

    // Someone who never asked for a link can still make a new one straight away.
    const newcomer = await signUp(app, 'New Person');
    const fresh = await post(app, newcomer, '/api/me/calendar-feed/reset');
    expect(fresh.url).toContain('.1.');
    const empty = await app.inject({ method: 'GET', url: pathOf(fresh.url) });
    expect(empty.statusCode).toBe(200);
    expect(parseIcs(empty.body).events).toEqual([]);
  });

  it('refuses forged, altered and rubbish links with how to get a new one', async () => {
    const app = await testApp();
    const { member } = await setup(app);
    const someoneElse = await signUp(app, 'Someone Else');
    const url = pathOf(await feedLink(app, member));
    const token = url.slice('/api/calendar/'.length, -'.ics'.length);
    const [id, version, signature] = token.split('.') as [string, string, string];
    const otherId = Buffer.from(someoneElse.id).toString('base64url');
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
    const bad = [
      `${otherId}.${version}.${signature}`,
      `${id}.2.${signature}`,
      `${id}.${version}.${flipped}`,
      `${id}.${version}`,
      'not-a-link',
      `${'x'.repeat(600)}`,
      '',
    ];
    const urls = [
      ...bad.map((t) => `/api/calendar/${t}.ics`),
      `/api/calendar/${token}`,
      `/api/calendar/a/${token}.ics`,
    ];
    for (const t of urls) {
      const res = await app.inject({ method: 'GET', url: t });
      expect(res.statusCode, t).toBe(404);
      expect(res.json().message, t).toContain('Sign in and open My sessions to get a new link');
    }
    // A person whose account is gone has no feed either.
    expect((await app.inject({ method: 'GET', url: `/api/calendar/${otherId}.1.${signature}.ics` })).statusCode).toBe(
      404,
    );
  });

  it('needs a signed-in person to see or change the link', async () => {
    const app = await testApp();
    expect((await app.inject({ method: 'GET', url: '/api/me/calendar-feed' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/me/calendar-feed/reset' })).statusCode).toBe(401);
  });
});
