import type { Locator, Page } from 'playwright-core';
import postgres from 'postgres';
import { describe, expect, inject, it } from 'vitest';
import { adminWithGroup, expectJson, joinByInvitation } from '../support/accounts.ts';
import { expectNoAxeViolations } from '../support/axe.ts';
import { browserPerFile, h1 } from '../support/browser.ts';

const stack = inject('stack');
const url = (path: string) => `${stack.baseUrl}${path}`;
// On a London clock like the group's.
const { newPage, pageErrors } = browserPerFile({ timezoneId: 'Europe/London' });

/** YYYY-MM-DD `days` after today in London. */
function londonDate(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
  return new Date(Date.parse(`${today}T12:00:00Z`) + days * 24 * 3600 * 1000).toISOString().slice(0, 10);
}

const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;
const weekdayOf = (day: string) => WEEKDAYS[new Date(`${day}T12:00:00Z`).getUTCDay()];

/** A day as the pages head it (en-GB, long). */
const longDay = (day: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(`${day}T12:00:00Z`));

const monthLabel = (month: string) =>
  new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-15T12:00:00Z`),
  );
const nextMonth = (month: string) =>
  new Date(Date.parse(`${month}-15T12:00:00Z`) + 31 * 24 * 3600 * 1000).toISOString().slice(0, 7);

interface MySession {
  seriesId: string;
  occurrenceKey: string;
}

/** One session of the list on /me/sessions, found by its day heading. */
const sessionOn = (page: Page, day: string) =>
  page
    .getByRole('region', { name: longDay(day) })
    .getByRole('listitem')
    .filter({ hasText: 'Leith Tea and Talk' });

async function expectPressed(button: Locator, pressed: boolean) {
  expect(await button.getAttribute('aria-pressed')).toBe(String(pressed));
}

describe('my sessions', () => {
  it('members say whether they are going; when places run out they wait, and a freed place goes to the next in line', async () => {
    const admin = await newPage();
    const adminApi = admin.context().request;
    // Two places: a group's capacity caps its roster too, so two members need two. The first
    // session is cut to one place further down.
    const { groupId } = await adminWithGroup(admin, stack.baseUrl, {
      admin: 'Ailsa',
      provider: 'Leith Peer Support',
      group: {
        name: 'Leith Tea and Talk',
        description: 'Tea, biscuits and company.',
        capacity: 2,
        visibility: 'listed',
      },
    });

    // Weekly from tomorrow, 18:30 London time, at a hall or online.
    const firstDay = londonDate(1);
    await expectJson(
      await adminApi.post(url(`/api/groups/${groupId}/series`), {
        data: {
          rule: { freq: 'weekly', interval: 1, byDay: [weekdayOf(firstDay)] },
          startDate: firstDay,
          startTime: '18:30',
          durationMinutes: 90,
          timeZone: 'Europe/London',
          mode: 'hybrid',
          venue: {
            name: 'Leith Community Hall',
            address: '12 Newkirkgate, Edinburgh EH6 6AD',
            accessNotes: 'Step-free entrance from the car park.',
            mapUrl: 'https://www.openstreetmap.org/#map=19/55.9716/-3.1726',
          },
        },
      }),
      201,
    );

    // Two members, each accepting an emailed invitation in their own browser.
    async function member(name: string): Promise<Page> {
      const page = await newPage();
      await joinByInvitation(adminApi, page.context().request, stack.baseUrl, groupId, name);
      return page;
    }
    const ash = await member('Ash');
    const birch = await member('Birch');

    // Ash finds My sessions in the site header.
    await ash.goto(url('/me/groups'));
    await h1(ash, 'My groups').waitFor();
    await ash.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'My sessions' }).click();
    await h1(ash, 'My sessions').waitFor();
    const ashFirst = sessionOn(ash, firstDay);
    await ashFirst.getByText('18:30–20:00').waitFor();
    await ashFirst
      .getByText('How to take part: Leith Community Hall, 12 Newkirkgate, Edinburgh EH6 6AD, or join online')
      .waitFor();
    await ashFirst.getByText('Access: Step-free entrance from the car park.').waitFor();
    await ashFirst.getByRole('link', { name: 'Map of Leith Community Hall' }).waitFor();
    await ashFirst.getByText("You haven't said yet whether you're going. 2 of 2 places left.").waitFor();
    // Next week is there too.
    await sessionOn(ash, londonDate(8)).waitFor();
    // Online or in person: the session link is here, a record made as soon as the series was.
    const joinHref = await ashFirst.getByRole('link', { name: /^Join online/ }).getAttribute('href');
    expect(joinHref).toMatch(/^\/sessions\/[0-9a-f-]{36}$/);

    // Its calendar file is a real .ics.
    const ics = await ashFirst.getByRole('link', { name: /^Add to calendar/ }).getAttribute('href');
    const icsResponse = await ash.context().request.get(url(ics ?? ''));
    expect(icsResponse.status()).toBe(200);
    expect(await icsResponse.text()).toMatch(/^BEGIN:VCALENDAR/);

    const ashGoing = ashFirst.getByRole('button', { name: 'Going', exact: true });
    const ashNotGoing = ashFirst.getByRole('button', { name: 'Not going', exact: true });
    await expectPressed(ashGoing, false);
    await expectPressed(ashNotGoing, false);
    await ashFirst.getByRole('group', { name: /^Are you going to Leith Tea and Talk on / }).waitFor();
    await expectNoAxeViolations(ash);

    await ashGoing.click();
    await ashFirst.getByRole('status').getByText("You're going. 1 of 2 places left.").waitFor();
    await expectPressed(ashGoing, true);
    await expectPressed(ashNotGoing, false);

    // The facilitator makes this one session smaller: one place. (Set in the database, as the
    // page for it is not built yet.)
    const ashApi = ash.context().request;
    const [first] = (await expectJson<{ sessions: MySession[] }>(await ashApi.get(url('/api/me/sessions')), 200))
      .sessions;
    if (!first) throw new Error('Ash has no sessions');
    const db = postgres(stack.databaseUrl, { max: 1, onnotice: () => {} });
    try {
      const updated = await db`update sessions set places = 1
        where series_id = ${first.seriesId} and occurrence_key = ${first.occurrenceKey} returning id`;
      expect(updated).toHaveLength(1);
    } finally {
      await db.end();
    }

    // Birch is told the session is full, says Going anyway, and waits.
    await birch.goto(url('/me/sessions'));
    await h1(birch, 'My sessions').waitFor();
    const birchFirst = sessionOn(birch, firstDay);
    await birchFirst
      .getByText('All places are taken. Saying Going puts you on the waiting list.', { exact: false })
      .waitFor();
    const birchGoing = birchFirst.getByRole('button', { name: 'Going', exact: true });
    await birchGoing.click();
    await birchFirst.getByRole('status').getByText("You're on the waiting list.", { exact: false }).waitFor();
    await expectPressed(birchGoing, true);
    await expectNoAxeViolations(birch);

    // Ash cannot come after all, which frees the place.
    await ashNotGoing.click();
    await ashFirst.getByRole('status').getByText("You're not going.", { exact: false }).waitFor();
    await expectPressed(ashNotGoing, true);
    await expectPressed(ashGoing, false);

    // Birch has it now.
    await birch.reload();
    await h1(birch, 'My sessions').waitFor();
    await birchFirst.getByText(/^You're going\./).waitFor();
    await expectPressed(birchFirst.getByRole('button', { name: 'Going', exact: true }), true);

    // The group page says the same to Birch, a member…
    await birch.goto(url(`/groups/${groupId}`));
    await h1(birch, 'Leith Tea and Talk').waitFor();
    const sessions = birch.getByRole('region', { name: 'Upcoming sessions' });
    const birchListFirst = sessions.getByRole('listitem').first();
    await birchListFirst.getByText(/^You're going\./).waitFor();
    await expectPressed(birchListFirst.getByRole('button', { name: 'Going', exact: true }), true);

    // …and its month view puts each session on its day.
    const showAs = sessions.getByRole('group', { name: 'Show the sessions as' });
    await showAs.getByRole('button', { name: 'Month' }).click();
    await expectPressed(showAs.getByRole('button', { name: 'Month' }), true);
    await expectPressed(showAs.getByRole('button', { name: 'List' }), false);
    const table = sessions.getByRole('table');
    /** The days of the month on show that list the session, as the grid's <time> elements give them. */
    async function daysWithSessions(): Promise<string[]> {
      await table.waitFor();
      const times = await table.locator('td').filter({ hasText: '18:30 Hybrid' }).locator('time').all();
      return Promise.all(times.map(async (t) => (await t.getAttribute('datetime')) ?? ''));
    }
    /** Every week from the first day, within one month. */
    const weeklyIn = (month: string) =>
      Array.from({ length: 10 }, (_, week) => londonDate(1 + 7 * week)).filter((d) => d.startsWith(month));

    const firstMonth = firstDay.slice(0, 7);
    await sessions.getByRole('heading', { level: 3, name: monthLabel(firstMonth) }).waitFor();
    await sessions.getByRole('table', { name: monthLabel(firstMonth) }).waitFor();
    expect(await daysWithSessions()).toEqual(weeklyIn(firstMonth));
    await expectNoAxeViolations(birch);

    await sessions.getByRole('link', { name: /^Next month/ }).click();
    const secondMonth = nextMonth(firstMonth);
    await sessions.getByRole('heading', { level: 3, name: monthLabel(secondMonth) }).waitFor();
    expect(await daysWithSessions()).toEqual(weeklyIn(secondMonth));
    // Weeks start on Monday; each column is named in full for screen readers.
    expect(await table.getByRole('columnheader').first().textContent()).toContain('Monday');
    expect(await table.getByRole('columnheader', { name: 'Sunday', exact: true }).count()).toBe(1);

    // A visitor sees the sessions, but nothing to answer.
    const visitor = await newPage();
    await visitor.goto(url(`/groups/${groupId}`));
    await h1(visitor, 'Leith Tea and Talk').waitFor();
    await visitor.getByRole('region', { name: 'Upcoming sessions' }).getByRole('listitem').first().waitFor();
    expect(await visitor.getByRole('button', { name: 'Going', exact: true }).count()).toBe(0);

    // Tomorrow's session link, opened today: Ash is early, and told when the waiting room opens.
    await ash.goto(url(joinHref ?? ''));
    await ash
      .getByRole('status')
      .filter({ hasText: /^You're early\. The waiting room opens on \w+ \d+ \w+ at 18:00\./ })
      .waitFor();

    expect(pageErrors).toEqual([]);
  });
  it('a session that has started stays listed with its link until it ends; one ended for everyone says so', async () => {
    const admin = await newPage();
    const adminApi = admin.context().request;
    const { groupId } = await adminWithGroup(admin, stack.baseUrl, {
      admin: 'Morag',
      provider: 'Granton Peer Support',
      group: { name: 'Granton Late Circle', description: 'Evening company.', capacity: 10, visibility: 'listed' },
    });
    /** The London wall clock `minutesAgo` before now, as a series wants it and as the page writes it. */
    const londonClock = (minutesAgo: number) => {
      const at = new Date(Math.floor((Date.now() - minutesAgo * 60_000) / 60_000) * 60_000);
      const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(at);
      const time = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/London',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(at);
      return { day, time };
    };
    // Two online series, 90 minutes long: one began 30 minutes ago, the other 20.
    const today: { day: string; range: string }[] = [];
    for (const minutesAgo of [30, 20]) {
      const start = londonClock(minutesAgo);
      const end = londonClock(minutesAgo - 90);
      today.push({ day: start.day, range: `${start.time}–${end.time}` });
      await expectJson(
        await adminApi.post(url(`/api/groups/${groupId}/series`), {
          data: {
            rule: { freq: 'weekly', interval: 1, byDay: [weekdayOf(start.day)] },
            startDate: start.day,
            startTime: start.time,
            durationMinutes: 90,
            timeZone: 'Europe/London',
            mode: 'online',
          },
        }),
        201,
      );
    }
    const [first, second] = today as [{ day: string; range: string }, { day: string; range: string }];

    const ash = await newPage();
    await joinByInvitation(adminApi, ash.context().request, stack.baseUrl, groupId, 'Ash');
    await ash.goto(url('/me/sessions'));
    await h1(ash, 'My sessions').waitFor();
    // Today's, not next week's at the same time: found under the day's heading.
    const row = ({ day, range }: { day: string; range: string }) =>
      ash
        .getByRole('region', { name: longDay(day) })
        .getByRole('listitem')
        .filter({ hasText: 'Granton Late Circle' })
        .filter({ hasText: range });

    // A latecomer still finds both sessions, each with its link.
    const running = row(first);
    const ended = row(second);
    await running.getByRole('link', { name: /^Join online/ }).waitFor();
    const endedLink = await ended.getByRole('link', { name: /^Join online/ }).getAttribute('href');
    expect(endedLink).toMatch(/^\/sessions\/[0-9a-f-]{36}$/);

    // The facilitator ends the second one for everyone.
    await expectJson(
      await adminApi.post(url(`/api/sessions/${endedLink?.slice('/sessions/'.length)}/end`), { data: {} }),
      200,
    );
    await ash.reload();
    await h1(ash, 'My sessions').waitFor();
    await ended.getByText('Ended', { exact: true }).waitFor();
    await ended.getByText('This session has ended for everyone.').waitFor();
    expect(await ended.getByRole('link', { name: /^Join online/ }).count()).toBe(0);
    // The one still running keeps its link.
    await running.getByRole('link', { name: /^Join online/ }).waitFor();
    expect(await running.getByText('Ended', { exact: true }).count()).toBe(0);
    await expectNoAxeViolations(ash);

    expect(pageErrors).toEqual([]);
  });
});
