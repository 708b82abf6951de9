import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { adminWithGroup, emailFor, joinByInvitation } from '../support/accounts.ts';
import { expectNoAxeViolations } from '../support/axe.ts';
import { browserPerFile, h1 } from '../support/browser.ts';
import { linkIn, waitForEmail } from '../support/outbox.ts';

const stack = inject('stack');
const url = (path: string) => `${stack.baseUrl}${path}`;
const { newPage, pageErrors } = browserPerFile();

async function signUpHere(page: Page, name: string, email: string) {
  await h1(page, 'Create an account').waitFor();
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(`${name} password 123`);
  await page.getByRole('button', { name: 'Create account' }).click();
}

const row = (page: Page, name: string | RegExp) =>
  page.getByRole('table', { name: /roster|Asked to join|Active/ }).getByRole('row', { name });

describe('rosters and invitations', () => {
  it('an emailed invitation and an approved request both reach the roster, which only its provider can see', async () => {
    const admin = await newPage();
    const { providerId, groupId } = await adminWithGroup(admin, stack.baseUrl, {
      admin: 'Morag',
      provider: 'Granton Peer Support',
      group: {
        name: 'Thursday Walk and Talk',
        description: 'A gentle walk and a talk, whatever the weather.',
        capacity: 12,
      },
    });

    // From the provider's group list to the roster.
    await admin.goto(url(`/admin/${providerId}`));
    await admin.getByRole('link', { name: 'Roster of Thursday Walk and Talk' }).click();
    await h1(admin, 'Roster of Thursday Walk and Talk').waitFor();
    await admin.getByText('0 of 12 places taken').waitFor();
    await admin.getByText('Nobody is on the roster yet.', { exact: false }).waitFor();
    await expectNoAxeViolations(admin);

    // An invitation by email…
    const sunflowerEmail = emailFor('sunflower');
    await admin.getByLabel('Their email address').fill(sunflowerEmail);
    await admin.getByRole('button', { name: 'Send invitation' }).click();
    await admin.getByText(`Invitation emailed to ${sunflowerEmail}.`, { exact: false }).waitFor();
    const inviteRow = admin.getByRole('row', { name: new RegExp(`Email to ${sunflowerEmail}`) });
    expect(await inviteRow.getByRole('cell', { name: 'Active', exact: true }).count()).toBe(1);

    // …arrives in the outbox with a link to this app.
    const email = await waitForEmail(stack.outboxDir, sunflowerEmail, { tag: 'group-invite' });
    expect(email.subject).toBe('You are invited to join Thursday Walk and Talk');
    const link = linkIn(email, url('/invite/'));

    // The invitee opens it in their own browser, signs up, and comes back to the invitation.
    const invitee = await newPage();
    await invitee.goto(link);
    await h1(invitee, 'Thursday Walk and Talk').waitFor();
    await invitee.getByText('Run by Granton Peer Support').waitFor();
    const rules = invitee.getByRole('region', { name: 'Ground rules' }).getByRole('listitem');
    expect(await rules.count()).toBe(8);
    await invitee.getByText(/This invitation works until/).waitFor();
    await expectNoAxeViolations(invitee);
    await invitee.getByRole('link', { name: 'Create an account' }).click();
    await signUpHere(invitee, 'Sam', sunflowerEmail);

    await h1(invitee, 'Thursday Walk and Talk').waitFor();
    expect(new URL(invitee.url()).pathname).toBe(new URL(link).pathname);
    // An emailed invitation waits for a confirmed address: the invitee confirms it from the
    // outbox, in this browser, and is brought back.
    await invitee.getByRole('heading', { name: 'Check your inbox to confirm your email' }).waitFor();
    const confirmation = await waitForEmail(stack.outboxDir, sunflowerEmail, { tag: 'verify-email' });
    await invitee.goto(linkIn(confirmation, url('/verify-email?')));
    await h1(invitee, 'Email address confirmed').waitFor();
    await invitee.getByRole('link', { name: 'Go back to your invitation' }).click();
    await h1(invitee, 'Thursday Walk and Talk').waitFor();
    expect(await invitee.getByRole('heading', { name: 'Check your inbox to confirm your email' }).count()).toBe(0);
    const displayName = invitee.getByLabel('Your name in the group');
    expect(await displayName.inputValue()).toBe('Sam');
    await displayName.fill('Sunflower');
    await invitee.getByRole('checkbox', { name: 'I have read and accept these ground rules' }).check();
    await expectNoAxeViolations(invitee);
    await invitee.getByRole('button', { name: 'Join the group' }).click();
    await invitee.getByRole('status').getByText("You're in.").waitFor();
    await expectNoAxeViolations(invitee);

    // My groups says where they stand, in plain words.
    await invitee.getByRole('link', { name: 'Go to My groups' }).click();
    await h1(invitee, 'My groups').waitFor();
    const mine = invitee.getByRole('listitem').filter({ hasText: 'Thursday Walk and Talk' });
    await mine.getByText('You are a member of this group.').waitFor();
    await mine.getByText('Your name in this group: Sunflower').waitFor();
    await expectNoAxeViolations(invitee);

    // The admin's roster shows them after a reload; the invitation is used up.
    await admin.reload();
    await h1(admin, 'Roster of Thursday Walk and Talk').waitFor();
    await admin.getByText('1 of 12 places taken').waitFor();
    expect(
      await row(admin, /Sunflower/)
        .getByRole('cell', { name: 'Active', exact: true })
        .count(),
    ).toBe(1);
    // The invitations list loads on its own after the roster: wait for it rather than count at once.
    await inviteRow.getByRole('cell', { name: 'Used', exact: true }).waitFor();

    // A third person asks to join from the public page, signing up on the way.
    const alex = await newPage();
    await alex.goto(url(`/groups/${groupId}`));
    await h1(alex, 'Thursday Walk and Talk').waitFor();
    await alex.getByRole('link', { name: 'Create an account' }).click();
    await signUpHere(alex, 'Alex', emailFor('alex'));
    await h1(alex, 'Thursday Walk and Talk').waitFor();
    await alex.getByRole('checkbox', { name: 'I have read and accept these ground rules' }).check();
    await alex.getByRole('button', { name: 'Ask to join' }).click();
    await alex.getByText('Your request has been sent; the facilitator will get back to you.').waitFor();
    await expectNoAxeViolations(alex);

    // The admin finds the request by filtering, and approves it.
    await admin.reload();
    await h1(admin, 'Roster of Thursday Walk and Talk').waitFor();
    await admin.getByLabel('Status', { exact: true }).selectOption({ label: 'Asked to join' });
    await admin.getByRole('table', { name: 'Asked to join (1)' }).waitFor();
    expect(await row(admin, /Sunflower/).count()).toBe(0);
    await admin.getByRole('button', { name: 'Approve Alex' }).click();
    await admin.getByRole('status').getByText('Alex is now active.').waitFor();
    await admin.getByText('2 of 12 places taken').waitFor();

    // Searching works as the person types.
    await admin.getByLabel('Status', { exact: true }).selectOption({ label: 'Everyone' });
    await admin.getByLabel('Search names and emails').fill('sunf');
    await admin.getByRole('table', { name: /Everyone on the roster \(1\), matching/ }).waitFor();
    expect(await row(admin, /Sunflower/).count()).toBe(1);
    await admin.getByLabel('Search names and emails').fill('');
    await admin.getByRole('table', { name: 'Everyone on the roster (2)' }).waitFor();
    await expectNoAxeViolations(admin);

    // The CSV export has both of them.
    const [download] = await Promise.all([
      admin.waitForEvent('download'),
      admin.getByRole('link', { name: 'Download the roster as CSV' }).click(),
    ]);
    const csv = await readFile(await download.path(), 'utf8');
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('display_name,email,status,joined_at,status_changed_at,waitlisted_at');
    expect(lines).toHaveLength(3);
    expect(csv).toMatch(/^Alex,alex-.*,active,/m);
    expect(csv).toContain(`Sunflower,${sunflowerEmail},active,`);

    // An admin of another provider finds nothing at the roster's address.
    const stranger = await newPage();
    await adminWithGroup(stranger, stack.baseUrl, {
      admin: 'Fergus',
      provider: 'Musselburgh Peers',
      group: { name: 'Monday Circle' },
    });
    await stranger.goto(url(`/admin/groups/${groupId}/roster`));
    await h1(stranger, 'Not found').waitFor();
    await stranger.getByRole('alert').getByText('That group was not found.', { exact: false }).waitFor();
    expect(await stranger.getByText('Thursday Walk and Talk').count()).toBe(0);
    expect(await stranger.getByText('Sunflower').count()).toBe(0);
    const strangerApi = stranger.context().request;
    expect((await strangerApi.get(url(`/api/groups/${groupId}/roster`))).status()).toBe(404);
    expect((await strangerApi.get(url(`/api/groups/${groupId}/roster.csv`))).status()).toBe(404);

    expect(pageErrors).toEqual([]);
  });

  it('revokes a shareable link, and erases a person’s data only after confirming', async () => {
    const admin = await newPage();
    const { groupId } = await adminWithGroup(admin, stack.baseUrl, {
      admin: 'Isla',
      provider: 'Pilton Peers',
      group: {
        name: 'Saturday Morning Circle',
        description: 'A gentle walk and a talk, whatever the weather.',
        capacity: 12,
      },
    });

    // Kit accepts an emailed invitation through the API, in their own session.
    const adminApi = admin.context().request;
    const kit = (await newPage()).context().request;
    const { email: kitEmail } = await joinByInvitation(adminApi, kit, stack.baseUrl, groupId, 'Kit');

    // A shareable link, made and then revoked on the roster page.
    await admin.goto(url(`/admin/groups/${groupId}/roster`));
    await h1(admin, 'Roster of Saturday Morning Circle').waitFor();
    await admin.getByRole('button', { name: 'Create a link' }).click();
    const newLink = admin.getByLabel('Your new link');
    await newLink.waitFor();
    const shareable = await newLink.inputValue();
    expect(shareable.startsWith(url('/invite/'))).toBe(true);
    await admin.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.baseUrl });
    await admin.getByRole('button', { name: 'Copy the new link' }).click();
    await admin.getByText('Copied.').waitFor();
    expect(await admin.evaluate('navigator.clipboard.readText()')).toBe(shareable);
    const linkRow = admin.getByRole('row', { name: /^Shareable link/ });
    expect(await linkRow.getByRole('cell', { name: 'Active', exact: true }).count()).toBe(1);
    await expectNoAxeViolations(admin);
    await linkRow.getByRole('button', { name: /^Revoke the link/ }).click();
    await admin.getByText('The shareable link was revoked. It no longer works.').waitFor();
    expect(await linkRow.getByRole('cell', { name: 'Revoked', exact: true }).count()).toBe(1);

    // The revoked link says so plainly.
    const visitor = await newPage();
    await visitor.goto(shareable);
    await h1(visitor, 'This invitation cannot be used').waitFor();
    await visitor.getByRole('alert').getByText('This invitation has been withdrawn.', { exact: false }).waitFor();
    await expectNoAxeViolations(visitor);

    // Erasing asks first; Escape backs out and puts the keyboard back where it was.
    const erase = admin.getByRole('button', { name: 'Erase Kit’s data' });
    await erase.click();
    const dialog = admin.getByRole('dialog', { name: 'Erase Kit’s data?' });
    await dialog.getByText('every group run by Pilton Peers', { exact: false }).waitFor();
    await dialog.getByText('This cannot be undone.', { exact: false }).waitFor();
    await dialog.getByText('Their place here becomes free.', { exact: false }).waitFor();
    await expectNoAxeViolations(admin);
    await admin.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await admin.evaluate('document.activeElement?.id')).toBe(await erase.getAttribute('id'));

    await erase.click();
    await dialog.getByRole('button', { name: 'Erase their data' }).click();
    await admin
      .getByRole('status')
      .getByText('Kit’s name and email address were erased from 1 membership in the groups of Pilton Peers.')
      .waitFor();
    await row(admin, /Erased member/).waitFor();
    expect(await row(admin, /Kit/).count()).toBe(0);
    // Gone from the invitations list too, which reloads after an erasure.
    await admin.getByRole('row', { name: /^Email to an erased person/ }).waitFor();
    expect(await admin.getByText(kitEmail).count()).toBe(0);
    // They stay in the counts, anonymously, but hold no place and offer no action (decision 0017).
    await admin.getByRole('list', { name: 'People by status' }).getByText('1 erased').waitFor();
    await admin.getByText('0 of 12 places taken').waitFor();
    expect(
      await row(admin, /Erased member/)
        .getByRole('button')
        .count(),
    ).toBe(0);

    expect(pageErrors).toEqual([]);
  });
});
