import type { Locator } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { adminWithGroup } from '../support/accounts.ts';
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

    // Both merge into one list; the first session is cancelled, with a reason.
    const upcoming = admin.getByRole('region', { name: 'Upcoming sessions' });
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
});
