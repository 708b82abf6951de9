import type { APIRequestContext, APIResponse, Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { linkIn, waitForEmail } from './outbox.ts';

/** A unique address per run, so reruns against a kept database never collide. */
export const emailFor = (who: string) =>
  `${who.toLowerCase()}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.org`;

/** The response's JSON (null when it has no body), after checking its status; a wrong status fails with the body. */
export async function expectJson<T>(response: APIResponse, status: number): Promise<T> {
  const text = await response.text();
  expect(response.status(), text).toBe(status);
  return (text ? JSON.parse(text) : null) as T;
}

/**
 * Signs `name` up through the API; the request context (a page's, so its browser) keeps the
 * session cookie and is signed in from then on. The password is "<name> password 123".
 */
export async function signUpWithApi(
  request: APIRequestContext,
  baseUrl: string,
  name: string,
  email = emailFor(name),
): Promise<{ userId: string; email: string }> {
  const body = await expectJson<{ user: { id: string } }>(
    await request.post(`${baseUrl}/api/auth/sign-up/email`, {
      data: { name, email, password: `${name} password 123` },
    }),
    200,
  );
  return { userId: body.user.id, email };
}

/**
 * Confirms `email` the way its owner would: the link from the confirmation email in the
 * outbox, opened with the request context (so the browser) signed in to that account.
 */
export async function verifyEmailWithApi(request: APIRequestContext, baseUrl: string, email: string): Promise<void> {
  const mail = await waitForEmail(inject('stack').outboxDir, email, { tag: 'verify-email' });
  const token = new URL(linkIn(mail, `${baseUrl}/verify-email?`)).searchParams.get('token') ?? '';
  await expectJson(await request.get(`${baseUrl}/api/auth/verify-email?token=${encodeURIComponent(token)}`), 200);
}

/**
 * A provider with one group, made by the signed-in request context (which becomes the
 * provider's admin). `group` is the create-group body: at least a name. Every e2e file shares
 * one stack, so the provider's web address gets a suffix: two files may pick the same name.
 */
export async function providerWithGroup(
  request: APIRequestContext,
  baseUrl: string,
  names: { provider: string; group: { name: string } & Record<string, unknown> },
): Promise<{ providerId: string; groupId: string }> {
  const provider = await expectJson<{ id: string }>(
    await request.post(`${baseUrl}/api/providers`, {
      data: {
        name: names.provider,
        slug: `${names.provider.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${Math.random().toString(36).slice(2, 8)}`,
      },
    }),
    201,
  );
  const group = await expectJson<{ id: string }>(
    await request.post(`${baseUrl}/api/providers/${provider.id}/groups`, { data: names.group }),
    201,
  );
  return { providerId: provider.id, groupId: group.id };
}

/** A new account in this page's browser that starts a provider with one group: the usual admin. */
export async function adminWithGroup(
  page: Page,
  baseUrl: string,
  names: { admin: string; provider: string; group: { name: string } & Record<string, unknown> },
): Promise<{ userId: string; providerId: string; groupId: string }> {
  const request = page.context().request;
  const { userId } = await signUpWithApi(request, baseUrl, names.admin);
  return { userId, ...(await providerWithGroup(request, baseUrl, names)) };
}

/**
 * `name` joins a group's roster the way an invited person does: the admin's request context
 * sends an emailed invitation, `member` (a page's request context) signs up with that address
 * and accepts it, agreeing to ground rules version 1.
 */
export async function joinByInvitation(
  admin: APIRequestContext,
  member: APIRequestContext,
  baseUrl: string,
  groupId: string,
  name: string,
): Promise<{ email: string }> {
  const email = emailFor(name);
  const invite = await expectJson<{ url: string }>(
    await admin.post(`${baseUrl}/api/groups/${groupId}/invites`, { data: { kind: 'email', email } }),
    201,
  );
  await signUpWithApi(member, baseUrl, name, email);
  // An emailed invitation is for whoever reads the mailbox, so the member confirms it first.
  await verifyEmailWithApi(member, baseUrl, email);
  const token = invite.url.split('/invite/')[1];
  await expectJson(
    await member.post(`${baseUrl}/api/invites/${token}/accept`, {
      data: { displayName: name, acceptGroundRulesVersion: 1 },
    }),
    201,
  );
  return { email };
}
