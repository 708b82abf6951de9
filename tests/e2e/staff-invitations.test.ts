import { describe, expect, inject, it } from 'vitest';
import { adminWithGroup, emailFor } from '../support/accounts.ts';
import { expectNoAxeViolations } from '../support/axe.ts';
import { browserPerFile, h1 } from '../support/browser.ts';
import { linkIn, waitForEmail } from '../support/outbox.ts';

const stack = inject('stack');
const url = (path: string) => `${stack.baseUrl}${path}`;
const { newPage, pageErrors } = browserPerFile();

describe('staff invitations', () => {
  it('an admin invites a facilitator by email; she signs up, confirms from the outbox, accepts and sees the provider', async () => {
    const admin = await newPage();
    const { providerId } = await adminWithGroup(admin, stack.baseUrl, {
      admin: 'Ada',
      provider: 'Granton Peer Network',
      group: { name: 'Monday Circle' },
    });

    // The admin invites someone who has no account yet.
    await admin.goto(url(`/admin/${providerId}/staff`));
    await h1(admin, 'Granton Peer Network').waitFor();
    await admin.getByRole('heading', { name: 'Invite someone to the staff' }).waitFor();
    await expectNoAxeViolations(admin);
    const email = emailFor('fatima');
    await admin.getByLabel('Their email address').fill(email);
    await admin.getByLabel('Role', { exact: true }).selectOption('facilitator');
    await admin.getByRole('button', { name: 'Send invitation' }).click();
    await admin
      .getByText(`We have emailed an invitation to ${email}. They become a facilitator when they accept it`)
      .waitFor();
    const pending = admin.getByRole('table', { name: /Staff invitations waiting/ });
    await pending
      .getByRole('row', { name: new RegExp(email) })
      .getByText('Facilitator')
      .waitFor();
    const staffTable = admin.getByRole('table', { name: 'Admins and facilitators' });
    expect(await staffTable.getByText(email).count()).toBe(0);
    await expectNoAxeViolations(admin);

    // Fatima opens the emailed link in her own browser and makes an account with that address.
    const fatima = await newPage();
    const invitation = await waitForEmail(stack.outboxDir, email, { tag: 'staff-invite' });
    await fatima.goto(linkIn(invitation, url('/staff-invitation/')));
    await h1(fatima, 'Granton Peer Network').waitFor();
    await fatima.getByText(`The invitation was sent to ${email}`).waitFor();
    await expectNoAxeViolations(fatima);
    await fatima.getByRole('link', { name: 'Create an account' }).click();
    await h1(fatima, 'Create an account').waitFor();
    await fatima.getByLabel('Your name').fill('Fatima');
    await fatima.getByLabel('Email address').fill(email);
    await fatima.getByLabel('Password').fill('fatima password 123');
    await fatima.getByRole('button', { name: 'Create account' }).click();

    // Back on the invitation, she is asked to confirm her address first; there is nothing to accept yet.
    await fatima.getByRole('heading', { name: 'Check your inbox to confirm your email' }).waitFor();
    expect(await fatima.getByRole('button', { name: 'Accept the invitation' }).count()).toBe(0);
    await expectNoAxeViolations(fatima);

    // The confirmation link from the outbox, in the same browser, says it worked and leads back.
    const confirmation = await waitForEmail(stack.outboxDir, email, { tag: 'verify-email' });
    await fatima.goto(linkIn(confirmation, url('/verify-email?')));
    await h1(fatima, 'Email address confirmed').waitFor();
    await expectNoAxeViolations(fatima);
    await fatima.getByRole('link', { name: 'Go back to your invitation' }).click();
    await fatima.getByRole('button', { name: 'Accept the invitation' }).click();
    await fatima.getByText('You are on the staff.').waitFor();
    await fatima.getByRole('link', { name: 'Go to Granton Peer Network' }).click();
    await h1(fatima, 'Granton Peer Network').waitFor();
    await fatima.getByText('Your role: Facilitator').waitFor();
    await fatima.getByText('You do not facilitate any groups here yet.').waitFor();

    // The admin sees her on the staff and nothing left waiting; makes her an admin, then takes her off.
    await admin.reload();
    const row = staffTable.getByRole('row', { name: /Fatima/ });
    await row.waitFor();
    await admin.getByText('No invitations are waiting.').waitFor();
    await row.getByRole('combobox', { name: 'Role of Fatima' }).selectOption('provider_admin');
    await row.getByRole('button', { name: 'Save role of Fatima' }).click();
    await admin.getByRole('status').getByText('Fatima is now provider admin.').waitFor();
    await row.getByRole('button', { name: 'Remove Fatima from the staff' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Remove Fatima from the staff?' });
    await dialog.waitFor();
    await expectNoAxeViolations(admin);
    await dialog.getByRole('button', { name: 'Remove from the staff' }).click();
    await admin.getByRole('status').getByText('Fatima is no longer on the staff.').waitFor();
    expect(await staffTable.getByText('Fatima').count()).toBe(0);

    // Fatima's access went with it.
    await fatima.reload();
    await h1(fatima, 'Not found').waitFor();

    expect(pageErrors).toEqual([]);
  });
});
