import type { Database, Transaction as Tx } from '@peer-support/db/client';
import { staleRulesRefusal } from '@peer-support/domain/ground-rules';
import { type InviteAcceptCode, type InviteDeadCode, usableInvite } from '@peer-support/domain/invites';
import {
  type MembershipStatus,
  nextToPromote,
  promotionsFor,
  type RosterEvent,
  transition,
} from '@peer-support/domain/roster';
import { AppError, refusal } from '../errors.ts';
import type { CallRoom } from '../live/call-room.ts';
import type { Mailer } from '../mail/mailer.ts';
import { rosterAnswerMessage, waitlistPromotedMessage } from '../mail/messages.ts';
import { calendarFeedsRepository } from '../repositories/calendar-feeds.ts';
import { invitesRepository } from '../repositories/invites.ts';
import { type MembershipRow, rosterRepository as repo } from '../repositories/roster.ts';

const GROUP_GONE = () => new AppError(404, 'not_found', 'That group was not found. Check the link.');

/** The HTTP status of each reason an invitation cannot be accepted. */
export const INVITE_REFUSAL_STATUS: Record<InviteDeadCode | InviteAcceptCode, number> = {
  invite_not_found: 404,
  invite_revoked: 410,
  invite_expired: 410,
  invite_used: 410,
  invite_for_someone_else: 403,
  email_not_confirmed: 403,
};

/**
 * Roster changes. Each runs in one transaction holding the group's row lock, so two
 * facilitators (or a facilitator and a joining member) cannot both take the last place.
 * Rules come from @peer-support/domain/roster; this module only loads, applies and saves.
 */
export interface RosterDeps {
  db: Database;
  mailer: Mailer;
  publicUrl: string;
  /** Roster changes take effect in running calls before the change answers (decision 0011). */
  calls: Pick<CallRoom, 'standingChanged'>;
  now: () => Date;
}

export function rosterService({ db, mailer, publicUrl, calls, now: clock }: RosterDeps) {
  /** Fills free places from the waiting list, oldest first; returns who moved up. */
  async function promote(tx: Tx, groupId: string, capacity: number | null, now: Date): Promise<string[]> {
    const waitlist = await repo.waitlist(tx, groupId);
    const ids = promotionsFor(waitlist, { capacity, placesTaken: await repo.placesTaken(tx, groupId) });
    await repo.givePlaces(tx, ids, now);
    return ids;
  }

  /** Tells people who got a place from the waiting list. Best effort, after commit. */
  async function notifyPromoted(ids: string[]) {
    for (const r of await repo.contacts(db, ids)) {
      await mailer.send({
        to: r.email,
        ...waitlistPromotedMessage({ name: r.name, groupName: r.groupName, publicUrl }),
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
    if (to !== 'active' && to !== 'waitlisted') return;
    const [r] = await repo.contacts(db, [membershipId]);
    if (!r) return;
    await mailer.send({
      to: r.email,
      ...rosterAnswerMessage({ name: r.name, groupName: r.groupName, event, placed: to, publicUrl }),
    });
  }

  async function checkRulesVersion(tx: Tx, groupId: string, version: number) {
    const current = await repo.currentRules(tx, groupId);
    if (!current) throw GROUP_GONE();
    const stale = staleRulesRefusal(current.version, version);
    if (stale) throw refusal(409, stale);
    return current.id;
  }

  /** The person's own move: ask to join, or accept an invitation. `displayName` as typed. */
  async function join(input: {
    groupId: string;
    userId: string;
    displayName: string;
    rulesVersion: number;
    event: Extract<RosterEvent, 'request' | 'accept_invite'>;
    inviteId?: string;
  }): Promise<MembershipRow> {
    const now = clock();
    const displayName = input.displayName.trim();
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
      if (id) await repo.setStatus(tx, id, result.status, now, displayName);
      else
        id = await repo.insert(tx, {
          groupId: input.groupId,
          userId: input.userId,
          displayName,
          status: result.status,
          now,
        });
      await repo.recordAcceptance(tx, versionId, input.userId, now);
      const row = await repo.find(tx, input.groupId, id);
      if (!row) throw new Error('membership vanished');
      return row;
    });
  }

  /** Counts one use of an invitation, refusing a revoked, expired or used-up one. */
  async function useInvite(tx: Tx, inviteId: string, now: Date) {
    const usable = usableInvite(await invitesRepository.lock(tx, inviteId), now);
    if (!usable.ok) throw refusal(INVITE_REFUSAL_STATUS[usable.code], usable);
    await invitesRepository.countUse(tx, inviteId);
  }

  /** A staff action on someone's membership. */
  async function act(groupId: string, membershipId: string, event: RosterEvent) {
    const now = clock();
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
    await calls.standingChanged({ groupIds: [groupId] });
    await notifyAnswered(membershipId, event, outcome.from, outcome.membership.status);
    await notifyPromoted(outcome.promoted);
    return { membership: outcome.membership, promoted: outcome.promoted };
  }

  /** After a capacity rise: give the new places to the waiting list. */
  async function fillPlaces(groupId: string) {
    const promoted = await db.transaction(async (tx) => {
      const group = await repo.lockGroup(tx, groupId);
      if (!group) throw GROUP_GONE();
      return promote(tx, groupId, group.capacity, clock());
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
    const now = clock();
    const outcome = await db.transaction(async (tx) => {
      const target = await repo.find(tx, groupId, membershipId);
      if (!target) throw new AppError(404, 'not_found', 'That person is not on this group’s roster.');
      const groupIds = await repo.groupIdsOfProvider(tx, providerId);
      const person = { userId: target.userId, membershipId: target.id };
      // Their places change hands, so each of their groups is locked as a roster change would
      // lock it; always in the same order, so two erasures cannot wait on each other.
      const affected = [...new Set(await repo.groupsOf(tx, groupIds, person))].sort();
      const locked = [];
      for (const id of affected) {
        const group = await repo.lockGroup(tx, id);
        if (group) locked.push(group);
      }
      const erased = await repo.erase(tx, groupIds, person, now);
      // A group with no place freed promotes nobody.
      const promoted: { groupId: string; ids: string[] }[] = [];
      for (const group of locked) {
        promoted.push({ groupId: group.id, ids: await promote(tx, group.id, group.capacity, now) });
      }
      if (target.userId) {
        await repo.forgetAcceptances(tx, groupIds, target.userId);
        // A calendar link they may have shared stops working (the version rises, so an old link never comes back).
        await calendarFeedsRepository.raise(tx, target.userId);
        // Their names in this provider's waiting rooms and attendance go too; the counts stay.
        await repo.forgetSessionNames(tx, groupIds, target.userId);
      }
      if (target.email) await invitesRepository.forgetEmail(tx, groupIds, target.email);
      return { memberships: erased, promoted };
    });
    await calls.standingChanged({ providerId });
    await notifyPromoted(outcome.promoted.flatMap((p) => p.ids));
    return {
      memberships: outcome.memberships,
      promoted: outcome.promoted.find((p) => p.groupId === groupId)?.ids ?? [],
    };
  }

  /** A group's roster as staff see it, with who is next for a place. */
  async function roster(groupId: string, filter: RosterFilter) {
    const [memberships, counts, waitlist] = await Promise.all([
      repo.list(db, groupId, filter),
      repo.counts(db, groupId),
      repo.waitlist(db, groupId),
    ]);
    const next = nextToPromote(waitlist);
    return { memberships, counts, nextInLine: waitlist.find((w) => w.membershipId === next)?.displayName ?? null };
  }

  /** The roster's rows alone, for the export. */
  async function members(groupId: string, filter: RosterFilter): Promise<MembershipRow[]> {
    return repo.list(db, groupId, filter);
  }

  /** Groups the person belongs to or asked to join. */
  async function myGroups(userId: string) {
    return repo.myGroups(db, userId);
  }

  return { join, act, fillPlaces, erasePerson, roster, members, myGroups };
}

type RosterFilter = { status?: MembershipStatus; q?: string };

export type RosterService = ReturnType<typeof rosterService>;
