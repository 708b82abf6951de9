import type { StaffInvitation, StaffInvitationPreview, StaffInvitationSent } from '@peer-support/contracts/providers';
import type { Database } from '@peer-support/db/client';
import type { ProviderRole } from '@peer-support/domain/roles';
import {
  STAFF_INVITATION_DAYS,
  type StaffInvitationRefusalCode,
  staffChangeRefusal,
  staffInvitationDeadRefusal,
  staffInvitationRefusal,
} from '@peer-support/domain/staff';
import { AppError, refusal } from '../errors.ts';
import type { Mailer } from '../mail/mailer.ts';
import { ROLE_WORDS, staffInviteMessage } from '../mail/messages.ts';
import type { SignedInUser } from '../plugins/auth.ts';
import { type ProviderView, providersRepository as providers } from '../repositories/providers.ts';
import {
  staffInvitationsRepository as invitations,
  type StaffInvitationRow,
} from '../repositories/staff-invitations.ts';
import { readInvite, signInvite } from './invite-tokens.ts';

const DAY = 24 * 3600 * 1000;

const STATUS: Record<StaffInvitationRefusalCode, number> = {
  invitation_revoked: 410,
  invitation_used: 410,
  invitation_expired: 410,
  already_accepted: 409,
  invitation_for_someone_else: 403,
  email_not_confirmed: 403,
};

const notFound = () =>
  new AppError(
    404,
    'not_found',
    'This invitation link is not valid. Check you copied all of it, or ask an admin of the provider for a new one.',
  );

export const invitationView = (i: StaffInvitationRow): StaffInvitation => ({
  id: i.id,
  email: i.email,
  role: i.role,
  sentAt: i.createdAt.toISOString(),
  expiresAt: i.expiresAt.toISOString(),
});

/**
 * Staff are added only by an invitation the person accepts (decision 0014). Inviting answers
 * the same whether or not an account uses the address, and names nobody; the person becomes
 * staff when they accept, signed in with that address, confirmed.
 */
export function staffInvitationsService(deps: { db: Database; mailer: Mailer; publicUrl: string; secret: string }) {
  const { db, mailer, publicUrl, secret } = deps;
  const linkFor = (i: StaffInvitationRow) =>
    `${publicUrl}/staff-invitation/${signInvite(secret, i.id, i.expiresAt, 'staff-invite')}`;

  async function fromToken(token: string): Promise<StaffInvitationRow> {
    const check = readInvite(secret, token, 'staff-invite');
    if (!check.ok) throw notFound();
    const row = await invitations.find(db, check.inviteId);
    if (!row) throw notFound();
    return row;
  }

  return {
    async invite(input: {
      providerId: string;
      inviter: SignedInUser;
      email: string;
      role: ProviderRole;
      now: Date;
    }): Promise<StaffInvitationSent> {
      const email = input.email.trim().toLowerCase();
      const provider = await providers.find(db, input.providerId);
      if (!provider) throw new AppError(404, 'not_found', 'That provider was not found.');
      // Saying so leaks nothing: the staff list already shows every staff member's address.
      if ((await providers.staff(db, provider.id)).some((s) => s.email === email)) {
        throw new AppError(
          409,
          'already_staff',
          `${email} is on the staff already. To give them another role, change it in the staff list.`,
          [{ field: 'body.email', message: `${email} is on the staff already.` }],
        );
      }
      const row = await db.transaction(async (tx) => {
        await invitations.revokePendingTo(tx, provider.id, email, input.now);
        return invitations.insert(tx, {
          providerId: provider.id,
          email,
          role: input.role,
          invitedBy: input.inviter.id,
          now: input.now,
          expiresAt: new Date(input.now.getTime() + STAFF_INVITATION_DAYS * DAY),
        });
      });
      await mailer.send({
        to: email,
        ...staffInviteMessage({
          inviterName: input.inviter.name,
          role: input.role,
          providerName: provider.name,
          email,
          url: linkFor(row),
          expiresAt: row.expiresAt,
        }),
      });
      return {
        message: `We have emailed an invitation to ${email}. They become ${ROLE_WORDS[input.role]} when they accept it; it works for ${STAFF_INVITATION_DAYS} days.`,
        invitation: invitationView(row),
      };
    },

    async pending(providerId: string, now: Date): Promise<StaffInvitation[]> {
      return (await invitations.pending(db, providerId, now)).map(invitationView);
    },

    async revoke(providerId: string, invitationId: string, now: Date): Promise<StaffInvitation> {
      const row = await invitations.revoke(db, providerId, invitationId, now);
      if (!row)
        throw new AppError(
          404,
          'not_found',
          'That invitation is not pending any more (accepted, withdrawn or expired). Reload the list to see where things are.',
        );
      return invitationView(row);
    },

    /** What the link is for; a dead invitation says why, to whoever holds the link. */
    async preview(token: string, userId: string | null, now: Date): Promise<StaffInvitationPreview> {
      const row = await fromToken(token);
      const dead = staffInvitationDeadRefusal(row, now, userId);
      if (dead) throw refusal(STATUS[dead.code], dead);
      const provider = await providers.find(db, row.providerId);
      if (!provider) throw notFound();
      return { providerName: provider.name, role: row.role, email: row.email, expiresAt: row.expiresAt.toISOString() };
    },

    async accept(token: string, user: SignedInUser, now: Date): Promise<ProviderView> {
      const { id } = await fromToken(token);
      return db.transaction(async (tx) => {
        const row = await invitations.lock(tx, id);
        if (!row || !(await providers.lock(tx, row.providerId))) throw notFound();
        const refused = staffInvitationRefusal(
          row,
          { userId: user.id, email: user.email, emailVerified: user.emailVerified },
          now,
        );
        if (refused) throw refusal(STATUS[refused.code], refused);
        // Someone already on the staff takes the invitation's role, unless that would leave no admin.
        const change = staffChangeRefusal(await providers.staff(tx, row.providerId), {
          userId: user.id,
          role: row.role,
        });
        if (change) throw refusal(409, change);
        await providers.setStaff(tx, row.providerId, user.id, row.role);
        await invitations.markAccepted(tx, row.id, user.id, now);
        const provider = await providers.find(tx, row.providerId);
        if (!provider) throw notFound();
        return { id: provider.id, slug: provider.slug, name: provider.name, role: row.role };
      });
    },
  };
}
