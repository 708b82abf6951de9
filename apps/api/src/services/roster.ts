import type { Database, Transaction as Tx } from '@peer-support/db/client';
import {
  attendance,
  groundRuleAcceptances,
  groundRuleVersions,
  groups,
  invites,
  memberships,
  sessionEntries,
  sessions,
  users,
} from '@peer-support/db/schema';
import { type MembershipStatus, promotionsFor, type RosterEvent, transition } from '@peer-support/domain/roster';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { AppError, refusal } from '../errors.ts';
import type { Mailer } from '../mail/mailer.ts';
import { calendarFeedsRepository } from '../repositories/calendar-feeds.ts';
import { type MembershipRow, rosterRepository as repo } from '../repositories/roster.ts';

const GROUP_GONE = () => new AppError(404, 'not_found', 'That group was not found. Check the link.');

/**
 * Roster changes. Each runs in one transaction holding the group's row lock, so two
 * facilitators (or a facilitator and a joining member) cannot both take the last place.
 * Rules come from @peer-support/domain/roster; this module only loads, applies and saves.
 */
export function rosterService(db: Database, mailer: Mailer, publicUrl: string) {
  /** Fills free places from the waiting list, oldest first; returns who moved up. */
  async function promote(tx: Tx, groupId: string, capacity: number | null, now: Date): Promise<string[]> {
    const waitlist = await repo.waitlist(tx, groupId);
    const ids = promotionsFor(waitlist, { capacity, placesTaken: await repo.placesTaken(tx, groupId) });
    if (ids.length > 0) {
      await tx
        .update(memberships)
        .set({ status: 'active', statusChangedAt: now, waitlistedAt: null })
        .where(inArray(memberships.id, ids));
    }
    return ids;
  }

  /** Tells people who got a place from the waiting list. Best effort, after commit. */
  async function notifyPromoted(ids: string[]) {
    if (ids.length === 0) return;
    const rows = await db
      .select({ email: users.email, name: memberships.displayName, group: groups.name })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .innerJoin(groups, eq(groups.id, memberships.groupId))
      .where(inArray(memberships.id, ids));
    for (const r of rows) {
      await mailer.send({
        tag: 'waitlist-promoted',
        to: r.email,
        subject: `A place is yours in ${r.group}`,
        text: `Hello ${r.name},\n\nA place has opened in ${r.group} and it is yours. You will find the group under My groups:\n\n${publicUrl}/me/groups\n`,
      });
    }
  }

  /**
   * Tells the person where a staff answer left them: in the group, or on its waiting list.
   * Best effort, after commit; a person without an account (erased) has nobody to tell.
   */
  async function notifyAnswered(
    membershipId: string,
    event: RosterEvent,
    from: MembershipStatus,
    to: MembershipStatus,
  ) {
    if (event !== 'approve' && event !== 'rejoin') return;
    // Someone approved off the waiting list got a place the way promotion gives one.
    if (from === 'waitlisted') return notifyPromoted([membershipId]);
    const [r] = await db
      .select({ email: users.email, name: memberships.displayName, group: groups.name })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .innerJoin(groups, eq(groups.id, memberships.groupId))
      .where(eq(memberships.id, membershipId));
    if (!r) return;
    const answer =
      event === 'approve' ? `Your request to join ${r.group} was approved` : `You are back on the roster of ${r.group}`;
    const link = `You will find the group under My groups:\n\n${publicUrl}/me/groups\n`;
    if (to === 'active') {
      await mailer.send({
        tag: event === 'approve' ? 'request-approved' : 'rejoined',
        to: r.email,
        subject: event === 'approve' ? `You are in ${r.group}` : `You are back in ${r.group}`,
        text: `Hello ${r.name},\n\n${answer}: you have a place in the group. ${link}`,
      });
    } else if (to === 'waitlisted') {
      await mailer.send({
        tag: event === 'approve' ? 'request-waitlisted' : 'rejoined-waitlisted',
        to: r.email,
        subject: `You are on the waiting list for ${r.group}`,
        text: `Hello ${r.name},\n\n${answer}, but ${r.group} is full for now, so you are on its waiting list. Places go to the people waiting in the order they joined the list, and we will email you when one is yours; there is nothing more you need to do. ${link}`,
      });
    }
  }

  async function checkRulesVersion(tx: Tx, groupId: string, version: number) {
    const [current] = await tx
      .select({ id: groundRuleVersions.id, version: groundRuleVersions.version })
      .from(groundRuleVersions)
      .where(eq(groundRuleVersions.groupId, groupId))
      .orderBy(desc(groundRuleVersions.version))
      .limit(1);
    if (!current) throw GROUP_GONE();
    if (current.version !== version) {
      throw new AppError(
        409,
        'ground_rules_changed',
        'The ground rules changed since you read them. Please read the new version and accept it to continue.',
      );
    }
    return current.id;
  }

  /** The person's own move: ask to join, or accept an invitation. */
  async function join(input: {
    groupId: string;
    userId: string;
    displayName: string;
    rulesVersion: number;
    event: Extract<RosterEvent, 'request' | 'accept_invite'>;
    inviteId?: string;
  }): Promise<MembershipRow> {
    const now = new Date();
    return db.transaction(async (tx) => {
      const group = await repo.lockGroup(tx, input.groupId);
      if (!group) throw GROUP_GONE();
      if (input.inviteId) await useInvite(tx, input.inviteId, now);
      const versionId = await checkRulesVersion(tx, input.groupId, input.rulesVersion);
      const existing = await repo.findForUser(tx, input.groupId, input.userId);
      const result = transition(existing?.status ?? null, input.event, {
        capacity: group.capacity,
        placesTaken: await repo.placesTaken(tx, input.groupId, existing?.id),
        visibility: group.visibility,
      });
      if (!result.ok) throw refusal(409, result);
      let id = existing?.id;
      if (id) await repo.setStatus(tx, id, result.status, now, input.displayName);
      else
        id = await repo.insert(tx, {
          groupId: input.groupId,
          userId: input.userId,
          displayName: input.displayName,
          status: result.status,
          now,
        });
      await tx.insert(groundRuleAcceptances).values({ versionId, userId: input.userId, acceptedAt: now });
      const row = await repo.find(tx, input.groupId, id);
      if (!row) throw new Error('membership vanished');
      return row;
    });
  }

  /** Counts one use of an invitation, refusing a revoked, expired or used-up one. */
  async function useInvite(tx: Tx, inviteId: string, now: Date) {
    const [invite] = await tx.select().from(invites).where(eq(invites.id, inviteId)).for('update');
    const problem = inviteProblem(invite, now);
    if (problem) throw problem;
    await tx
      .update(invites)
      .set({ uses: (invite?.uses ?? 0) + 1 })
      .where(eq(invites.id, inviteId));
  }

  /** A staff action on someone's membership. */
  async function act(groupId: string, membershipId: string, event: RosterEvent) {
    const now = new Date();
    const outcome = await db.transaction(async (tx) => {
      const group = await repo.lockGroup(tx, groupId);
      if (!group) throw GROUP_GONE();
      const current = await repo.find(tx, groupId, membershipId);
      if (!current)
        throw new AppError(
          404,
          'not_found',
          'That person is not on this group’s roster. Reload the roster and try again.',
        );
      const result = transition(current.status, event, {
        capacity: group.capacity,
        placesTaken: await repo.placesTaken(tx, groupId, current.id),
        visibility: group.visibility,
      });
      if (!result.ok) throw refusal(409, result);
      await repo.setStatus(tx, current.id, result.status, now);
      const promoted = await promote(tx, groupId, group.capacity, now);
      const membership = await repo.find(tx, groupId, current.id);
      if (!membership) throw new Error('membership vanished');
      return { membership, promoted, from: current.status };
    });
    await notifyAnswered(membershipId, event, outcome.from, outcome.membership.status);
    await notifyPromoted(outcome.promoted);
    return { membership: outcome.membership, promoted: outcome.promoted };
  }

  /** After a capacity rise: give the new places to the waiting list. */
  async function fillPlaces(groupId: string) {
    const promoted = await db.transaction(async (tx) => {
      const group = await repo.lockGroup(tx, groupId);
      if (!group) throw GROUP_GONE();
      return promote(tx, groupId, group.capacity, new Date());
    });
    await notifyPromoted(promoted);
    return promoted;
  }

  /**
   * Erases the person behind a membership from every group of the provider: names, emails
   * and links to their account go; the rows stay, as `erased`, so counts and history add up
   * anonymously. Erased memberships are final and hold no place (0017), so each group the
   * person had a place in fills it from its waiting list. `promoted` is who moved up in `groupId`.
   */
  async function erasePerson(providerId: string, groupId: string, membershipId: string) {
    const now = new Date();
    const outcome = await db.transaction(async (tx) => {
      const target = await repo.find(tx, groupId, membershipId);
      if (!target) throw new AppError(404, 'not_found', 'That person is not on this group’s roster.');
      const groupIds = (await tx.select({ id: groups.id }).from(groups).where(eq(groups.providerId, providerId))).map(
        (g) => g.id,
      );
      const theirs = target.userId
        ? and(inArray(memberships.groupId, groupIds), eq(memberships.userId, target.userId))
        : eq(memberships.id, target.id);
      const before = await tx.select({ groupId: memberships.groupId }).from(memberships).where(theirs);
      // Their places change hands, so each of their groups is locked as a roster change would
      // lock it; always in the same order, so two erasures cannot wait on each other.
      const affected = [...new Set(before.map((m) => m.groupId))].sort();
      const locked = [];
      for (const id of affected) {
        const group = await repo.lockGroup(tx, id);
        if (group) locked.push(group);
      }
      const erased = await tx
        .update(memberships)
        .set({ displayName: 'Erased member', userId: null, status: 'erased', statusChangedAt: now, waitlistedAt: null })
        .where(theirs)
        .returning({ id: memberships.id });
      // A group with no place freed promotes nobody.
      const promoted: { groupId: string; ids: string[] }[] = [];
      for (const group of locked) {
        promoted.push({ groupId: group.id, ids: await promote(tx, group.id, group.capacity, now) });
      }
      if (target.userId) {
        const versionIds = (
          await tx
            .select({ id: groundRuleVersions.id })
            .from(groundRuleVersions)
            .where(inArray(groundRuleVersions.groupId, groupIds))
        ).map((v) => v.id);
        if (versionIds.length > 0) {
          await tx
            .update(groundRuleAcceptances)
            .set({ userId: null, guestName: null })
            .where(
              and(
                inArray(groundRuleAcceptances.versionId, versionIds),
                eq(groundRuleAcceptances.userId, target.userId),
              ),
            );
        }
      }
      if (target.userId) {
        // A calendar link they may have shared stops working (the version rises, so an old link never comes back).
        await calendarFeedsRepository.raise(tx, target.userId);
        // Their names in this provider's waiting rooms and attendance go too; the counts stay.
        const sessionIds = tx.select({ id: sessions.id }).from(sessions).where(inArray(sessions.groupId, groupIds));
        const entries = await tx
          .update(sessionEntries)
          .set({ displayName: 'Erased member', userId: null })
          .where(and(inArray(sessionEntries.sessionId, sessionIds), eq(sessionEntries.userId, target.userId)))
          .returning({ id: sessionEntries.id });
        if (entries.length > 0) {
          await tx
            .update(attendance)
            .set({ displayName: 'Erased member' })
            .where(
              inArray(
                attendance.entryId,
                entries.map((e) => e.id),
              ),
            );
        }
      }
      if (target.email) {
        await tx
          .update(invites)
          .set({ email: null })
          .where(and(inArray(invites.groupId, groupIds), eq(invites.email, target.email)));
      }
      return { memberships: erased.length, promoted };
    });
    await notifyPromoted(outcome.promoted.flatMap((p) => p.ids));
    return {
      memberships: outcome.memberships,
      promoted: outcome.promoted.find((p) => p.groupId === groupId)?.ids ?? [],
    };
  }

  return { join, act, fillPlaces, erasePerson };
}

/** Why an invitation cannot be used now, as a message for the person holding it. */
export function inviteProblem(
  invite: { revokedAt: Date | null; expiresAt: Date; maxUses: number | null; uses: number } | undefined,
  now: Date,
): AppError | undefined {
  if (!invite)
    return new AppError(
      404,
      'invite_not_found',
      'This invitation link is not valid. Ask the group’s facilitator for a new one.',
    );
  if (invite.revokedAt) {
    return new AppError(
      410,
      'invite_revoked',
      'This invitation has been withdrawn. Ask the group’s facilitator for a new one.',
    );
  }
  if (invite.expiresAt <= now) {
    return new AppError(
      410,
      'invite_expired',
      'This invitation has expired. Ask the group’s facilitator to send you a new one.',
    );
  }
  if (invite.maxUses !== null && invite.uses >= invite.maxUses) {
    return new AppError(
      410,
      'invite_used',
      'This invitation has already been used. Ask the group’s facilitator for a new one.',
    );
  }
  return undefined;
}
