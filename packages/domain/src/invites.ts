import { type Refusal, refuse } from './refusal.ts';

/**
 * Invitations to a group: a link anyone holding it may use until it expires or is withdrawn,
 * or an email invitation for one person, which works once. An invitation is its own record
 * (signed, expiring, revocable); accepting one is the roster's `accept_invite` event.
 */

/** How long an invitation works when whoever makes it does not say. */
export const INVITE_DAYS = 14;

const DAY_MS = 24 * 3600 * 1000;

export type InviteKind = 'link' | 'email';

/** When an invitation made at `now` stops working. */
export function inviteExpiresAt(now: Date, days: number = INVITE_DAYS): Date {
  return new Date(now.getTime() + days * DAY_MS);
}

/**
 * What an invitation of each kind records: an email one keeps the address (compared without
 * case, as mail delivery does) and works once, since it is for one person.
 */
export function inviteTerms(invite: { kind: 'link' } | { kind: 'email'; email: string }): {
  email: string | null;
  maxUses: number | null;
} {
  return invite.kind === 'email' ? { email: invite.email.toLowerCase(), maxUses: 1 } : { email: null, maxUses: null };
}

export type InviteState = { revokedAt: Date | null; expiresAt: Date; maxUses: number | null; uses: number };

export type InviteDeadCode = 'invite_not_found' | 'invite_revoked' | 'invite_expired' | 'invite_used';

/** The invitation if it can be used at `now`; otherwise why not, for the person holding it. */
export function usableInvite<T extends InviteState>(
  invite: T | undefined,
  now: Date,
): { ok: true; invite: T } | Refusal<InviteDeadCode> {
  if (!invite)
    return refuse('invite_not_found', 'This invitation link is not valid. Ask the group’s facilitator for a new one.');
  if (invite.revokedAt) {
    return refuse('invite_revoked', 'This invitation has been withdrawn. Ask the group’s facilitator for a new one.');
  }
  if (invite.expiresAt <= now) {
    return refuse('invite_expired', 'This invitation has expired. Ask the group’s facilitator to send you a new one.');
  }
  if (invite.maxUses !== null && invite.uses >= invite.maxUses) {
    return refuse('invite_used', 'This invitation has already been used. Ask the group’s facilitator for a new one.');
  }
  return { ok: true, invite };
}

/**
 * Enough of an address for its owner to recognise it (`j…@example.org`), not enough for
 * whoever else opens a forwarded invitation link to learn it.
 */
export const emailHint = (email: string) => `${email.charAt(0)}…${email.slice(email.lastIndexOf('@'))}`;

export type InviteAcceptCode = 'invite_for_someone_else' | 'email_not_confirmed';

/** Whether this person may accept a (working) invitation; undefined when they may. */
export function inviteAcceptRefusal(
  invite: { kind: InviteKind; email: string | null },
  person: { email: string; emailVerified: boolean },
): Refusal<InviteAcceptCode> | undefined {
  if (invite.kind !== 'email') return undefined;
  if (invite.email && invite.email !== person.email.toLowerCase()) {
    return refuse(
      'invite_for_someone_else',
      `This invitation was sent to another email address (${emailHint(invite.email)}). Sign in with that address to accept it.`,
    );
  }
  // An invitation sent to an address is for whoever reads that mailbox, which an account
  // only proves by confirming it (decision 0014).
  if (!person.emailVerified) {
    return refuse(
      'email_not_confirmed',
      'Confirm your email address first: open the link we emailed you when you signed up (or ask for a new one), then come back to this page.',
    );
  }
  return undefined;
}
