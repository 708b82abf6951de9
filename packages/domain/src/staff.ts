import { type Refusal, refuse } from './refusal.ts';
import type { ProviderRole } from './roles.ts';

/**
 * Staff of a provider: who holds standing, how invitations are accepted, and the rule that a
 * provider always keeps an admin.
 *
 * The trust rule (decision 0014): staff standing is power over other people's data, so it
 * rests on an email address the person has proved they read. An account whose address is not
 * confirmed keeps what any participant has (its own memberships), but staff rows and group
 * facilitation give it nothing, with one exception: the person who started a provider is its
 * admin at once. Starting your own provider takes nothing from anyone; the squatting risk is
 * being *added* to somebody else's provider under their address, and that only happens by
 * accepting an invitation, which needs the confirmed address.
 */

export const STAFF_VIAS = ['founded', 'invitation'] as const;
export type StaffVia = (typeof STAFF_VIAS)[number];
export type StaffRow = { providerId: string; role: ProviderRole; via: StaffVia };

/** Whether a staff row gives its holder standing now. */
export function staffRowCounts(emailVerified: boolean, via: StaffVia): boolean {
  return emailVerified || via === 'founded';
}

/** The provider roles and facilitated groups that hold for this person. */
export function staffStanding(
  person: { emailVerified: boolean },
  rows: readonly StaffRow[],
  facilitatedGroupIds: readonly string[],
): { providerRoles: Map<string, ProviderRole>; facilitatedGroupIds: Set<string> } {
  return {
    providerRoles: new Map(
      rows.filter((r) => staffRowCounts(person.emailVerified, r.via)).map((r) => [r.providerId, r.role]),
    ),
    // A founder is admin of their own provider, which already covers its groups.
    facilitatedGroupIds: new Set(person.emailVerified ? facilitatedGroupIds : []),
  };
}

/** How long a staff invitation can be accepted. */
export const STAFF_INVITATION_DAYS = 7;

export type StaffInvitationState = {
  email: string;
  expiresAt: Date;
  revokedAt: Date | null;
  acceptedAt: Date | null;
  acceptedBy: string | null;
};

export type StaffInvitationRefusalCode =
  | 'invitation_revoked'
  | 'already_accepted'
  | 'invitation_used'
  | 'invitation_expired'
  | 'invitation_for_someone_else'
  | 'email_not_confirmed';

/**
 * Why an invitation cannot be accepted by anyone now (withdrawn, used, expired), or null.
 * `userId` is the signed-in person, if any, so that someone who accepted it is told so.
 */
export function staffInvitationDeadRefusal(
  invitation: StaffInvitationState,
  now: Date,
  userId: string | null = null,
): Refusal<StaffInvitationRefusalCode> | null {
  if (invitation.revokedAt)
    return refuse(
      'invitation_revoked',
      'This invitation has been withdrawn. Ask an admin of the provider to send you a new one if you need it.',
    );
  if (invitation.acceptedAt) {
    return userId !== null && invitation.acceptedBy === userId
      ? refuse('already_accepted', 'You have already accepted this invitation, so you are on the staff already.')
      : refuse(
          'invitation_used',
          'This invitation has already been accepted. Ask an admin of the provider for a new one if you need it.',
        );
  }
  if (invitation.expiresAt <= now)
    return refuse(
      'invitation_expired',
      `This invitation has expired (they last ${STAFF_INVITATION_DAYS} days). Ask an admin of the provider to send you a new one.`,
    );
  return null;
}

/**
 * Why this person cannot accept this invitation now, or null when they can. The invitation
 * is checked first, so nobody is asked to confirm an email for an invitation that is dead
 * anyway; then the address must be the one invited, and confirmed.
 */
export function staffInvitationRefusal(
  invitation: StaffInvitationState,
  person: { userId: string; email: string; emailVerified: boolean },
  now: Date,
): Refusal<StaffInvitationRefusalCode> | null {
  const dead = staffInvitationDeadRefusal(invitation, now, person.userId);
  if (dead) return dead;
  if (invitation.email !== person.email.toLowerCase())
    return refuse(
      'invitation_for_someone_else',
      `This invitation was sent to ${invitation.email}. Sign in with that email address to accept it.`,
    );
  if (!person.emailVerified)
    return refuse(
      'email_not_confirmed',
      'Confirm your email address first: open the link we emailed you when you signed up (or ask for a new one), then come back to this page.',
    );
  return null;
}

export type StaffChange = { userId: string; role: ProviderRole | null };

/**
 * A role change or removal that would leave the provider with no admin who can act is
 * refused: nobody could then add staff, edit groups or answer an erasure request.
 */
export function staffChangeRefusal(
  staff: readonly { userId: string; role: ProviderRole; counts: boolean }[],
  change: StaffChange,
): Refusal<'last_admin'> | null {
  if (change.role === 'provider_admin') return null;
  const target = staff.find((s) => s.userId === change.userId);
  if (target?.role !== 'provider_admin') return null;
  const others = staff.filter((s) => s.userId !== change.userId && s.role === 'provider_admin' && s.counts);
  if (others.length > 0) return null;
  return refuse(
    'last_admin',
    'This is the only admin of the provider. Make someone else an admin first, so the provider always has one.',
  );
}
