import type { Locator } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { adminWithGroup, expectJson } from '../support/accounts.ts';
import { expectNoAxeViolations } from '../support/axe.ts';
import { browserPerFile, h1 } from '../support/browser.ts';

const stack = inject('stack');
const url = (path: string) => `${stack.baseUrl}${path}`;
// London, like the group: the pages show times in the viewer's zone as well as the group's.
const { newPage, pageErrors } = browserPerFile({ timezoneId: 'Europe/London' });

/** Today in London, as the date input wants it. */
const todayInLondon = () =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());

async function fillSeries(form: Locator, values: { time: string; minutes: string }) {
  await form.getByLabel('First day').fill(todayInLondon());
  await form.getByLabel('Start time').fill(values.time);
  await form.getByLabel('Length in minutes').fill(values.minutes);
  expect(await form.getByLabel('Time zone').inputValue()).toBe('Europe/London');
}

describe('scheduling', () => {
  it('an admin builds a blended schedule, cancels a session, and the public page shows it with calendar links', async () => {
    const admin = await newPage();
    const { providerId, groupId } = await adminWithGroup(admin, stack.baseUrl, {
      admin: 'Isla',
      provider: 'Portobello Peer Support',
      group: {
        name: 'Thursday Tea Circle',
        description: 'Company and a cup of tea.',
        capacity: 12,
        visibility: 'listed',
      },
    });

    // From the provider's group list to the schedule.
    await admin.goto(url(`/admin/${providerId}`));
    await admin.getByRole('link', { name: 'Schedule of Thursday Tea Circle' }).click();
    await h1(admin, 'Schedule of Thursday Tea Circle').waitFor();
    await admin.getByText('This group has no sessions planned yet.').waitFor();
    await expectNoAxeViolations(admin);

    const form = admin.getByRole('region', { name: 'Add a series' });
    const preview = form.getByRole('status', { name: 'In plain words' });

    // Weekly, Thursday 18:30 in person at a venue.
    await form.getByRole('checkbox', { name: 'Thursday' }).check();
    await fillSeries(form, { time: '18:30', minutes: '90' });
    await form.getByLabel('Mode', { exact: true }).selectOption({ label: 'In person' });
    await form.getByLabel('Venue name').fill('Bath Street Hall');
    await form.getByLabel('Address', { exact: true }).fill('12 Bath Street, Edinburgh EH15 1HB');
    await form.getByLabel('Access notes (optional)').fill('Step-free entrance on the left.');
    const weekly = 'Every week on Thursday, 18:30–20:00, in person at Bath Street Hall';
    expect(await preview.textContent()).toBe(weekly);
    await expectNoAxeViolations(admin);
    await form.getByRole('button', { name: 'Add series' }).click();
    await admin.getByRole('status').getByText(`Series added: ${weekly}.`).waitFor();

    // Then the first Tuesday of every month, 19:00 online; a fresh form each time.
    expect(await form.getByRole('checkbox', { name: 'Thursday' }).isChecked()).toBe(false);
    await form.getByLabel('Repeats').selectOption({ label: 'Monthly, on a weekday (for example the first Tuesday)' });
    await form.getByLabel('Which one in the month').selectOption({ label: 'First' });
    await form.getByLabel('Day of the week').selectOption({ label: 'Tuesday' });
    await fillSeries(form, { time: '19:00', minutes: '90' });
    const monthly = 'First Tuesday of every month, 19:00–20:30, online';
    expect(await preview.textContent()).toBe(monthly);
    expect(await form.getByLabel('Venue name').count()).toBe(0);
    await form.getByRole('button', { name: 'Add series' }).click();
    await admin.getByRole('status').getByText(`Series added: ${monthly}.`).waitFor();

    // Both series, in the API's plain words, each with its next dates.
    const series = admin.getByRole('region', { name: 'Series', exact: true });
    expect(await series.getByRole('heading', { level: 3 }).allTextContents()).toEqual([weekly, monthly]);
    expect(
      await series.getByRole('list', { name: 'Next sessions' }).first().getByRole('listitem').count(),
    ).toBeGreaterThan(0);

    // Both merge into one list, a month at a time; next month always has both kinds. Its first
    // session is cancelled, with a reason.
    const upcoming = admin.getByRole('region', { name: 'Sessions', exact: true });
    await upcoming.getByRole('link', { name: /^Next month/ }).click();
    await upcoming
      .getByRole('button', { name: /^Cancel this session/ })
      .first()
      .waitFor();
    expect(await upcoming.getByText('Online', { exact: true }).count()).toBeGreaterThan(0);
    expect(await upcoming.getByText(/^In person at Bath Street Hall/).count()).toBeGreaterThan(0);
    const firstCancel = upcoming.getByRole('button', { name: /^Cancel this session/ }).first();
    const when = ((await firstCancel.textContent()) ?? '').replace(/^Cancel this session on /, '');
    await firstCancel.click();
    const reason = 'The hall is closed for repairs; we meet again the week after.';
    await upcoming.getByLabel('Reason').fill(reason);
    await upcoming.getByRole('button', { name: 'Cancel the session' }).click();
    await upcoming.getByText(`The session on ${when} is cancelled.`, { exact: false }).waitFor();
    expect(await upcoming.getByText('Cancelled', { exact: true }).count()).toBe(1);
    await upcoming.getByText(`Reason: ${reason}`).waitFor();
    await expectNoAxeViolations(admin);

    // Anyone can see the sessions on the public page, with the cancelled one marked.
    const visitor = await newPage();
    await visitor.goto(url(`/groups/${groupId}`));
    await h1(visitor, 'Thursday Tea Circle').waitFor();
    const sessions = visitor.getByRole('region', { name: 'Upcoming sessions' });
    await sessions.getByRole('listitem').first().waitFor();
    expect(await sessions.getByRole('listitem').count()).toBeGreaterThan(3);
    const cancelled = sessions.getByRole('listitem').filter({ hasText: 'Cancelled' });
    expect(await cancelled.count()).toBe(1);
    await cancelled.getByText(reason, { exact: false }).waitFor();
    await sessions.getByText('How to take part: Join online').first().waitFor();
    await sessions
      .getByText(/How to take part: Bath Street Hall, 12 Bath Street/)
      .first()
      .waitFor();
    await expectNoAxeViolations(visitor);

    // Each session has an .ics file; the group has a subscription feed.
    const addLinks = sessions.getByRole('link', { name: /^Add to calendar/ });
    expect(await addLinks.count()).toBe(await sessions.getByRole('listitem').count());
    for (const link of [addLinks.first(), cancelled.getByRole('link', { name: /^Add to calendar/ })]) {
      const href = await link.getAttribute('href');
      const ics = await visitor.context().request.get(href ?? '');
      expect(ics.status()).toBe(200);
      expect(await ics.text()).toMatch(/^BEGIN:VCALENDAR/);
    }
    const subscribe = sessions.getByRole('link', { name: "Subscribe to this group's calendar" });
    expect(await subscribe.getAttribute('href')).toMatch(/^webcal:\/\//);
    const feedUrl = await sessions.getByLabel('Calendar address').inputValue();
    expect(feedUrl).toBe(url(`/api/public/groups/${groupId}/calendar.ics`));
    const feed = await visitor.context().request.get(feedUrl);
    expect(await feed.text()).toMatch(/^BEGIN:VCALENDAR/);

    expect(pageErrors).toEqual([]);
  });
  it('changing a series that has met says from when, keeps its past, and it is ended rather than deleted', async () => {
    const admin = await newPage();
    const { groupId } = await adminWithGroup(admin, stack.baseUrl, {
      admin: 'Morven',
      provider: 'Leith Peer Support',
      group: { name: 'Wednesday Walkers', visibility: 'listed' },
    });
    // Weekly on Wednesdays since five weeks ago: five or so sessions have taken place.
    const startDate = new Date(Date.now() - 35 * 24 * 3600_000).toISOString().slice(0, 10);
    const created = await expectJson<{ id: string; met: number }>(
      await admin.context().request.post(url(`/api/groups/${groupId}/series`), {
        data: {
          rule: { freq: 'weekly', interval: 1, byDay: ['WE'] },
          startDate,
          startTime: '10:00',
          durationMinutes: 90,
          mode: 'online',
        },
      }),
      201,
    );
    expect(created.met).toBeGreaterThanOrEqual(4);

    await admin.goto(url(`/admin/groups/${groupId}/schedule`));
    const series = admin.getByRole('region', { name: 'Series', exact: true });
    const before = 'Every week on Wednesday, 10:00–11:30, online';
    await series.getByRole('heading', { level: 3, name: before }).waitFor();
    // A series that has met is not deleted: the page says how to end it instead.
    expect(await series.getByRole('button', { name: /^Delete/ }).count()).toBe(0);
    await series.getByText(`It has met ${created.met} times, so it is not deleted`, { exact: false }).waitFor();

    await series.getByRole('button', { name: `Change ${before}` }).click();
    const form = series
      .getByRole('listitem')
      .filter({ has: admin.getByRole('heading', { name: `Change: ${before}` }) });
    await form.getByLabel('Start time').fill('10:30');
    const preview = form.getByRole('status', { name: 'In plain words' });
    await expect
      .poll(() => preview.textContent())
      .toMatch(
        new RegExp(
          `^From Wednesday, \\d+ \\w+ \\d{4}: Every week on Wednesday, 10:30–12:00, online\\. The ${created.met} sessions that have taken place stay as they were\\.$`,
        ),
      );
    await expectNoAxeViolations(admin);
    await form.getByRole('button', { name: 'Save changes' }).click();
    await admin
      .getByRole('status')
      .getByText('Changes saved from the next session on: Every week on Wednesday, 10:30–12:00, online.', {
        exact: false,
      })
      .waitFor();
    // The series as it was ends the day before; the new part carries it on.
    await series
      .getByRole('heading', { level: 3, name: /^Every week on Wednesday, 10:00–11:30, online, until / })
      .waitFor();
    await series.getByRole('heading', { level: 3, name: 'Every week on Wednesday, 10:30–12:00, online' }).waitFor();

    // The past in the schedule is still at 10:00.
    const list = await expectJson<{ sessions: { start: string }[] }>(
      await admin
        .context()
        .request.get(url(`/api/groups/${groupId}/schedule?from=${startDate}&to=${new Date().toISOString()}`)),
      200,
    );
    const times = list.sessions.map((s) =>
      new Date(s.start).toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' }),
    );
    expect(times.length).toBe(created.met);
    expect(new Set(times)).toEqual(new Set(['10:00']));
    expect(pageErrors).toEqual([]);
  });

  it('admins and visitors page month by month, in the group zone, and a viewer abroad is told the zone', async () => {
    // The admin is in New York this week; the group meets in London.
    const admin = await newPage({ timezoneId: 'America/New_York' });
    const { groupId } = await adminWithGroup(admin, stack.baseUrl, {
      admin: 'Fiona',
      provider: 'Musselburgh Peer Support',
      group: { name: 'Musselburgh Monday Group', description: 'Mondays together.', capacity: 12, visibility: 'listed' },
    });
    await expectJson(
      await admin.context().request.post(url(`/api/groups/${groupId}/series`), {
        data: {
          rule: { freq: 'weekly', interval: 1, byDay: ['MO'] },
          startDate: todayInLondon(),
          startTime: '18:30',
          durationMinutes: 90,
          timeZone: 'Europe/London',
          mode: 'online',
        },
      }),
      201,
    );
    const monthLabel = (month: string) =>
      new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
        new Date(`${month}-15T12:00:00Z`),
      );
    const addMonths = (month: string, n: number) => {
      const d = new Date(`${month}-15T12:00:00Z`);
      d.setUTCMonth(d.getUTCMonth() + n);
      return d.toISOString().slice(0, 7);
    };
    const mondaysIn = (month: string) => {
      const days: string[] = [];
      for (
        let d = new Date(`${month}-01T12:00:00Z`);
        d.toISOString().startsWith(month);
        d.setUTCDate(d.getUTCDate() + 1)
      )
        if (d.getUTCDay() === 1 && d.toISOString().slice(0, 10) >= todayInLondon())
          days.push(d.toISOString().slice(0, 10));
      return days;
    };
    const thisMonth = todayInLondon().slice(0, 7);

    // The admin schedule opens on this month in London, names it, and says whose clock the times are on.
    await admin.goto(url(`/admin/groups/${groupId}/schedule`));
    await h1(admin, 'Schedule of Musselburgh Monday Group').waitFor();
    const sessions = admin.getByRole('region', { name: 'Sessions', exact: true });
    await sessions.getByRole('heading', { level: 3, exact: true, name: monthLabel(thisMonth) }).waitFor();
    if (mondaysIn(thisMonth).length > 0) await sessions.getByText('London time').first().waitFor();

    // Month after month by keyboard, the address saying which; five months on is past the old 8 weeks.
    let month = thisMonth;
    for (let i = 0; i < 5; i++) {
      await sessions.getByRole('link', { name: /^Next month/ }).focus();
      await admin.keyboard.press('Enter');
      month = addMonths(month, 1);
      await sessions.getByRole('heading', { level: 3, exact: true, name: monthLabel(month) }).waitFor();
      expect(new URL(admin.url()).searchParams.get('month')).toBe(month);
    }
    // The heading changes at once; the month's sessions follow.
    await sessions.getByText('18:30–20:00').first().waitFor();
    expect(await sessions.getByRole('listitem').filter({ hasText: '18:30–20:00' }).count()).toBe(
      mondaysIn(month).length,
    );
    await sessions.getByText('London time').first().waitFor();
    await expectNoAxeViolations(admin);
    await sessions.getByRole('link', { name: /^Previous month/ }).click();
    await sessions.getByRole('heading', { level: 3, exact: true, name: monthLabel(addMonths(month, -1)) }).waitFor();
    // A month a person typed or bookmarked opens as it is.
    const later = addMonths(thisMonth, 7);
    await admin.goto(url(`/admin/groups/${groupId}/schedule?month=${later}`));
    await sessions.getByRole('heading', { level: 3, exact: true, name: monthLabel(later) }).waitFor();
    await sessions.getByText('18:30–20:00').first().waitFor();
    expect(await sessions.getByRole('listitem').filter({ hasText: '18:30–20:00' }).count()).toBe(
      mondaysIn(later).length,
    );

    // A visitor pages the public month view past the next twenty sessions (seven months of Mondays).
    const visitor = await newPage();
    await visitor.goto(url(`/groups/${groupId}`));
    await h1(visitor, 'Musselburgh Monday Group').waitFor();
    const upcoming = visitor.getByRole('region', { name: 'Upcoming sessions' });
    await upcoming.getByRole('group', { name: 'Show the sessions as' }).getByRole('button', { name: 'Month' }).click();
    await upcoming.getByRole('heading', { level: 3, exact: true, name: monthLabel(thisMonth) }).waitFor();
    month = thisMonth;
    for (let i = 0; i < 7; i++) {
      await upcoming.getByRole('link', { name: /^Next month/ }).click();
      month = addMonths(month, 1);
      await upcoming.getByRole('table', { name: monthLabel(month) }).waitFor();
      expect(new URL(visitor.url()).searchParams.get('month')).toBe(month);
    }
    const days = await upcoming
      .getByRole('table')
      .locator('td')
      .filter({ hasText: '18:30 Online' })
      .locator('time')
      .all();
    expect(await Promise.all(days.map((t) => t.getAttribute('datetime')))).toEqual(mondaysIn(month));
    await expectNoAxeViolations(visitor);

    // The home page, seen from New York, says the times are London's.
    await admin.goto(url('/'));
    await h1(admin, "What's on").waitFor();
    const ours = admin.getByRole('listitem').filter({ hasText: 'Musselburgh Monday Group' }).first();
    await ours.getByText('18:30 London time', { exact: false }).waitFor();
    await ours.getByText('your time', { exact: false }).waitFor();

    expect(pageErrors).toEqual([]);
  });
});
