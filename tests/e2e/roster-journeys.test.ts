import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { adminWithGroup, joinByInvitation } from '../support/accounts.ts';
import { expectNoAxeViolations } from '../support/axe.ts';
import { browserPerFile, h1 } from '../support/browser.ts';
import { waitForEmail } from '../support/outbox.ts';
import { insertSession } from '../support/sessions.ts';

const stack = inject('stack');
const url = (path: string) => `${stack.baseUrl}${path}`;
const { newPage, pageErrors } = browserPerFile();

const row = (page: Page, name: string | RegExp) =>
  page.getByRole('table', { name: /Everyone on the roster/ }).getByRole('row', { name });

const status = (page: Page, text: string) => page.getByRole('status').getByText(text, { exact: true }).waitFor();

describe('roster journeys (issue 11)', () => {
  it('pause keeps the place and says so first, remove names who moves up, and an erased person never comes back', async () => {
    const admin = await newPage();
    const { groupId } = await adminWithGroup(admin, stack.baseUrl, {
      admin: 'Rhona',
      provider: 'Craigmillar Peers',
      group: { name: 'Tuesday Circle', description: 'A small group that meets on Tuesdays.', capacity: 1 },
    });
    // Tom takes the one place; Sam and then Kit go onto the waiting list.
    const adminApi = admin.context().request;
    const people = { Tom: '', Sam: '', Kit: '' };
    for (const name of Object.keys(people) as (keyof typeof people)[]) {
      const member = (await newPage()).context().request;
      people[name] = (await joinByInvitation(adminApi, member, stack.baseUrl, groupId, name)).email;
    }

    await admin.goto(url(`/admin/groups/${groupId}/roster`));
    await h1(admin, 'Roster of Tuesday Circle').waitFor();
    await admin.getByText('1 of 1 places taken', { exact: true }).waitFor();

    // Pausing says, before it happens, that Tom keeps his place and nobody moves up.
    const pause = admin.getByRole('button', { name: 'Pause Tom' });
    await pause.click();
    const pauseDialog = admin.getByRole('dialog', { name: 'Pause Tom’s membership?' });
    await pauseDialog
      .getByText('Tom keeps their place while paused, so nobody moves up from the waiting list (Sam is first on it).', {
        exact: true,
      })
      .waitFor();
    await pauseDialog.getByText('To give the place to someone else instead, remove Tom.', { exact: true }).waitFor();
    await expectNoAxeViolations(admin);
    // Cancel changes nothing and puts the keyboard back on the button.
    await pauseDialog.getByRole('button', { name: 'Cancel' }).click();
    await pauseDialog.waitFor({ state: 'detached' });
    expect(await admin.evaluate('document.activeElement?.id')).toBe(await pause.getAttribute('id'));
    expect(await row(admin, /^Tom/).getByRole('cell', { name: 'Active', exact: true }).count()).toBe(1);

    await pause.click();
    await pauseDialog.getByRole('button', { name: 'Pause Tom' }).click();
    await status(admin, 'Tom is now paused and keeps their place.');
    await admin.getByText('1 of 1 places taken (1 by a paused member)', { exact: true }).waitFor();
    expect(await row(admin, /^Sam/).getByRole('cell', { name: 'On the waiting list', exact: true }).count()).toBe(1);

    // Resuming gives the kept place straight back, with no waiting list.
    await admin.getByRole('button', { name: 'Resume Tom' }).click();
    await status(admin, 'Tom is now active.');
    await admin.getByText('1 of 1 places taken', { exact: true }).waitFor();

    // Removing says who gets the place.
    await admin.getByRole('button', { name: 'Remove Tom' }).click();
    const removeDialog = admin.getByRole('dialog', { name: 'Remove Tom from the roster?' });
    await removeDialog
      .getByText('Tom’s place goes to Sam, first on the waiting list, who is emailed to say so.', { exact: true })
      .waitFor();
    await expectNoAxeViolations(admin);
    await removeDialog.getByRole('button', { name: 'Remove Tom' }).click();
    await status(admin, 'Tom is no longer on the roster. Sam got a place from the waiting list.');
    const promoted = await waitForEmail(stack.outboxDir, people.Sam, { tag: 'waitlist-promoted' });
    expect(promoted.subject).toBe('A place is yours in Tuesday Circle');

    // Erasing Sam gives the place to Kit, and leaves a row nothing can bring back.
    await admin.getByRole('button', { name: 'Erase Sam’s data' }).click();
    const eraseDialog = admin.getByRole('dialog', { name: 'Erase Sam’s data?' });
    await eraseDialog.getByText('Their place here goes to Kit, first on the waiting list.', { exact: false }).waitFor();
    await eraseDialog.getByRole('button', { name: 'Erase their data' }).click();
    await status(
      admin,
      'Sam’s name and email address were erased from 1 membership in the groups of Craigmillar Peers. Kit got the place from the waiting list.',
    );
    const erased = row(admin, /^Erased member/);
    await erased.waitFor();
    expect(await erased.getByRole('cell', { name: 'Erased', exact: true }).count()).toBe(1);
    expect(await erased.getByRole('button').count()).toBe(0);
    await erased.getByText('None: this person’s data was erased.').waitFor();
    // The counts still have them, anonymously; the place is Kit's.
    await admin.getByRole('list', { name: 'People by status' }).getByText('1 erased').waitFor();
    await admin.getByText('1 of 1 places taken', { exact: true }).waitFor();
    expect(await row(admin, /^Kit/).getByRole('cell', { name: 'Active', exact: true }).count()).toBe(1);
    // Tom, removed but not erased, can still be brought back.
    expect(await row(admin, /^Tom/).getByRole('button', { name: 'Rejoin Tom' }).count()).toBe(1);
    await expectNoAxeViolations(admin);

    // Still gone after a reload.
    await admin.reload();
    await h1(admin, 'Roster of Tuesday Circle').waitFor();
    await erased.waitFor();
    expect(await erased.getByRole('button').count()).toBe(0);

    // The in-person check-in list has Kit, and nobody erased or removed.
    const sessionId = await insertSession(stack.databaseUrl, groupId, 'Tuesday Circle', { mode: 'in_person' });
    await admin.goto(url(`/admin/sessions/${sessionId}/attendance`));
    await h1(admin, /^Attendance/).waitFor();
    const checkin = admin.getByRole('group', { name: 'Tick everyone who is here' });
    await checkin.getByRole('checkbox', { name: 'Kit' }).waitFor();
    expect(await checkin.getByRole('checkbox').count()).toBe(1);
    expect(await admin.getByText('Erased member').count()).toBe(0);

    expect(pageErrors).toEqual([]);
  });
});
