import type { AcceptInvite, CreateInvite, Invite, InvitePreview } from '@peer-support/contracts/roster';
import type { Database } from '@peer-support/db/client';
import { inviteAcceptRefusal, inviteExpiresAt, inviteTerms, usableInvite } from '@peer-support/domain/invites';
import { AppError, refusal } from '../errors.ts';
import type { Mailer } from '../mail/mailer.ts';
import { groupInviteMessage } from '../mail/messages.ts';
import type { SignedInUser } from '../plugins/auth.ts';
import { groupsRepository as groups } from '../repositories/groups.ts';
import { type InviteRow, invitesRepository as repo } from '../repositories/invites.ts';
import type { MembershipRow } from '../repositories/roster.ts';
import { readInvite, signInvite } from './invite-tokens.ts';
import { INVITE_REFUSAL_STATUS, type RosterService } from './roster.ts';

/**
 * Invitations to a group: made and withdrawn by its staff, read and accepted by whoever holds
 * the link. Accepting joins the group through the roster, in the roster's transaction.
 */
export function invitesService(deps: {
  db: Database;
  mailer: Mailer;
  publicUrl: string;
  secret: string;
  /** Accepting an invitation is a roster join. */
  roster: RosterService;
}) {
  const { db, mailer, publicUrl, secret, roster } = deps;

  const view = (i: InviteRow): Invite => ({
    id: i.id,
    kind: i.kind,
    email: i.email,
    url: `${publicUrl}/invite/${signInvite(secret, i.id, i.expiresAt)}`,
    expiresAt: i.expiresAt.toISOString(),
    revokedAt: i.revokedAt?.toISOString() ?? null,
    uses: i.uses,
    maxUses: i.maxUses,
    createdAt: i.createdAt.toISOString(),
  });

  /** Reads a token: signature first, then the row, which can be revoked, expired or used up. */
  async function validInvite(token: string, now: Date) {
    const check = readInvite(secret, token);
    if (!check.ok)
      throw new AppError(
        404,
        'invite_not_found',
        'This invitation link is not valid. Check you copied all of it, or ask for a new one.',
      );
    const usable = usableInvite(await repo.find(db, check.inviteId), now);
    if (!usable.ok) throw refusal(INVITE_REFUSAL_STATUS[usable.code], usable);
    const { invite } = usable;
    const group = await groups.find(db, invite.groupId);
    if (!group) throw new AppError(404, 'invite_not_found', 'The group this invitation was for no longer exists.');
    return { invite, group };
  }

  return {
    /** A link, or an invitation emailed to one person. */
    async create(
      group: { id: string; name: string },
      createdBy: string | null,
      input: CreateInvite,
      now: Date,
    ): Promise<Invite> {
      const expiresAt = inviteExpiresAt(now, input.expiresInDays);
      const row = await repo.create(db, {
        groupId: group.id,
        kind: input.kind,
        ...inviteTerms(input),
        expiresAt,
        createdBy,
      });
      const invite = view(row);
      if (input.kind === 'email') {
        await mailer.send({
          to: input.email,
          ...groupInviteMessage({ groupName: group.name, url: invite.url, expiresAt }),
        });
      }
      return invite;
    },

    async list(groupId: string): Promise<Invite[]> {
      return (await repo.listForGroup(db, groupId)).map(view);
    },

    async revoke(groupId: string, inviteId: string, now: Date): Promise<Invite> {
      const row = await repo.revoke(db, groupId, inviteId, now);
      if (!row) throw new AppError(404, 'not_found', 'That invitation was not found. Reload the list and try again.');
      return view(row);
    },

    /** What the invitation is for, to whoever holds the link. */
    async preview(token: string, now: Date): Promise<InvitePreview> {
      const { invite, group } = await validInvite(token, now);
      return {
        group: {
          id: group.id,
          name: group.name,
          description: group.description,
          providerName: await groups.providerName(db, group.providerId),
        },
        groundRules: { version: group.groundRules.version, rules: group.groundRules.rules },
        expiresAt: invite.expiresAt.toISOString(),
      };
    },

    async accept(token: string, user: SignedInUser, answer: AcceptInvite, now: Date): Promise<MembershipRow> {
      const { invite, group } = await validInvite(token, now);
      const refused = inviteAcceptRefusal(invite, user);
      if (refused) throw refusal(INVITE_REFUSAL_STATUS[refused.code], refused);
      return roster.join({
        groupId: group.id,
        userId: user.id,
        displayName: answer.displayName,
        rulesVersion: answer.acceptGroundRulesVersion,
        event: 'accept_invite',
        inviteId: invite.id,
      });
    },
  };
}
