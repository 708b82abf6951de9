import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { emailFor, providerWithGroup, signUpWithApi } from '../support/accounts.ts';
import { expectNoAxeViolations } from '../support/axe.ts';
import { browserPerFile, h1 } from '../support/browser.ts';

const stack = inject('stack');
const url = (path: string) => `${stack.baseUrl}${path}`;
const UUID = '[0-9a-f-]{36}';
const { newPage, pageErrors } = browserPerFile();

async function signUpInBrowser(page: Page, name: string, email: string, password: string) {
  await page.goto(url('/sign-up'));
  await h1(page, 'Create an account').waitFor();
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('navigation', { name: 'Account' }).getByText(`Signed in as ${name}`).waitFor();
}

const activeElementId = (page: Page) => page.evaluate('document.activeElement?.id') as Promise<string | undefined>;

describe('provider admin: groups and ground rules', () => {
  it('signs up, starts a provider, creates a group and saves a new version of its ground rules', async () => {
    const page = await newPage();

    // Sign up (checked with axe before typing anything).
    await page.goto(url('/sign-up'));
    await h1(page, 'Create an account').waitFor();
    await expectNoAxeViolations(page);
    await page.getByLabel('Your name').fill('Ada');
    await page.getByLabel('Email address').fill(emailFor('ada'));
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Create account' }).click();

    // With no provider yet, the admin page offers to start one.
    await h1(page, 'Admin').waitFor();
    await page.getByRole('link', { name: 'start a provider' }).click();
    await h1(page, 'Start a provider').waitFor();
    await page.getByLabel('Provider name').fill('Leith Peer Network');
    await page.getByRole('button', { name: 'Start provider' }).click();
    await h1(page, 'Leith Peer Network').waitFor();
    const providerId = page.url().match(new RegExp(`/admin/(${UUID})$`))?.[1];
    expect(providerId).toBeDefined();

    // A new group, with Ada as its facilitator.
    await page.getByRole('link', { name: 'New group' }).click();
    await h1(page, 'New group').waitFor();
    await page.getByLabel('Group name').fill('Tuesday Evening Circle');
    await page.getByLabel('Description').fill('A calm evening group for anyone living with anxiety or low mood.');
    await page.getByLabel('Topics').fill('anxiety, low mood');
    await page.getByLabel('Capacity').fill('12');
    await page.getByRole('checkbox', { name: /^Ada / }).check();
    // The Scottish support lines are filled in from the start.
    expect(await page.getByRole('group', { name: 'Support line 1: Samaritans' }).isVisible()).toBe(true);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Create group' }).click();

    await h1(page, 'Tuesday Evening Circle').waitFor();
    await page.getByText('Group created.').waitFor();
    const groupId = page.url().match(new RegExp(`/admin/groups/(${UUID})$`))?.[1];
    expect(groupId).toBeDefined();
    expect(await page.getByLabel('Capacity').inputValue()).toBe('12');
    expect(await page.getByRole('checkbox', { name: /^Ada / }).isChecked()).toBe(true);
    await expectNoAxeViolations(page);

    // The ground-rules editor: the defaults are version 1.
    await page.getByRole('link', { name: 'Edit ground rules' }).click();
    await h1(page, 'Ground rules for Tuesday Evening Circle').waitFor();
    await expectNoAxeViolations(page);
    const rule = (n: number) => page.getByLabel(`Rule ${n}`, { exact: true });
    expect(await rule(1).inputValue()).toMatch(/^What is said here stays here\./);
    expect(await rule(8).inputValue()).toMatch(/^Look after yourself\./);

    const editedFirst = 'What is said here stays here. We do not share who came or what anyone said.';
    await rule(1).fill(editedFirst);

    // An empty new rule is refused by the API; the message sits by the rule, and focus goes there.
    await page.getByRole('button', { name: 'Add a rule' }).click();
    expect(await activeElementId(page)).toBe(await rule(9).getAttribute('id'));
    await page.getByRole('button', { name: 'Save as version 2' }).click();
    await page.getByRole('alert').getByText('Rule 9 is empty. Write the rule, or remove it.').waitFor();
    expect(await rule(9).getAttribute('aria-invalid')).toBe('true');
    expect(await activeElementId(page)).toBe(await rule(9).getAttribute('id'));

    const added = 'We start and finish on time, so everyone knows when the session ends.';
    await rule(9).fill(added);
    // Keyboard-sized reordering: the new rule moves up one place, and focus follows it.
    await page.getByRole('button', { name: 'Move up rule 9' }).click();
    expect(await rule(8).inputValue()).toBe(added);
    expect(await rule(9).inputValue()).toMatch(/^Look after yourself\./);
    expect(await activeElementId(page)).toBe(
      await page.getByRole('button', { name: 'Move up rule 8' }).getAttribute('id'),
    );

    await page.getByRole('button', { name: 'Save as version 2' }).click();
    await page.getByRole('status').getByText('Saved version 2. It is now in use.').waitFor();
    expect(await page.getByRole('button', { name: 'Save as version 3' }).isDisabled()).toBe(true);

    // History, newest first: version 2 (in use), then version 1.
    const history = page.getByRole('region', { name: 'Version history' });
    expect(await history.getByRole('heading', { level: 3 }).allTextContents()).toEqual([
      'Version 2 (in use)',
      'Version 1',
    ]);
    await history.getByText('Show the 8 rules of version 1').click();
    expect(await history.getByRole('listitem').filter({ hasText: editedFirst }).count()).toBe(1);
    await expectNoAxeViolations(page);

    // The public page, seen by someone who is not signed in, shows the new rules.
    const visitor = await newPage();
    await visitor.goto(url(`/groups/${groupId}`));
    await h1(visitor, 'Tuesday Evening Circle').waitFor();
    const rules = visitor.getByRole('region', { name: 'Ground rules' }).getByRole('listitem');
    expect(await rules.count()).toBe(9);
    expect(await rules.nth(0).textContent()).toBe(editedFirst);
    expect(await rules.nth(7).textContent()).toBe(added);
    expect(await visitor.getByRole('list', { name: 'Topics' }).getByRole('listitem').allTextContents()).toEqual([
      'anxiety',
      'low mood',
    ]);
    expect(await visitor.getByRole('link', { name: 'Call Samaritans on 116 123' }).getAttribute('href')).toBe(
      'tel:116123',
    );
    // Signed out, asking to join starts with an account, and comes back here afterwards.
    await visitor.getByText(/To ask to join, you need an account/).waitFor();
    expect(await visitor.getByRole('link', { name: 'Create an account' }).getAttribute('href')).toBe(
      `/sign-up?next=${encodeURIComponent(`/groups/${groupId}`)}`,
    );
    await expectNoAxeViolations(visitor);

    expect(pageErrors).toEqual([]);
  });

  it('shows another person "not found" for a provider and group that are not theirs', async () => {
    // The owner's provider and group, set up through the API with the owner's own cookies.
    const owner = await newPage();
    const ownerApi = owner.context().request;
    await signUpWithApi(ownerApi, stack.baseUrl, 'Owner');
    const { providerId, groupId } = await providerWithGroup(ownerApi, stack.baseUrl, {
      provider: 'Portobello Peers',
      group: { name: 'Private Carers Circle', visibility: 'invite_only' },
    });

    // Someone else signs up in their own browser…
    const page = await newPage();
    const email = emailFor('blair');
    await signUpInBrowser(page, 'Blair', email, 'blair password 123');

    // …and finds nothing at the owner's admin addresses: not a refusal, and no names.
    for (const [path, message] of [
      [`/admin/${providerId}`, 'That provider was not found.'],
      [`/admin/${providerId}/staff`, 'That provider was not found.'],
      [`/admin/groups/${groupId}`, 'That group was not found.'],
      [`/admin/groups/${groupId}/ground-rules`, 'That group was not found.'],
      [`/groups/${groupId}`, 'That group was not found.'],
    ] as const) {
      await page.goto(url(path));
      await h1(page, 'Not found').waitFor();
      await page.getByRole('alert').getByText(message).waitFor();
      expect(await page.getByText('Private Carers Circle').count()).toBe(0);
    }
    expect((await page.context().request.get(url(`/api/groups/${groupId}`))).status()).toBe(404);

    // Signing out and back in with the password works from the header.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Sign in' }).click();
    await h1(page, 'Sign in').waitFor();
    await page.getByLabel('Email address', { exact: true }).fill(email);
    await page.getByLabel('Password').fill('blair password 123');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('navigation', { name: 'Account' }).getByText('Signed in as Blair').waitFor();

    expect(pageErrors).toEqual([]);
  });
});
