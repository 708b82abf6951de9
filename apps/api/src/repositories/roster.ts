import type { Db, Transaction as Tx } from '@peer-support/db/client';
import {
  attendance,
  groundRuleAcceptances,
  groundRuleVersions,
  groups,
  memberships,
  providers,
  sessionEntries,
  sessions,
  users,
} from '@peer-support/db/schema';
import { ERASED_NAME, HOLDS_PLACE, type MembershipStatus } from '@peer-support/domain/roster';
import { and, asc, count, desc, eq, ilike, inArray, ne, or, type SQL } from 'drizzle-orm';

export interface MembershipRow {
  id: string;
  groupId: string;
  userId: string | null;
  displayName: string;
  email: string | null;
  status: MembershipStatus;
  statusChangedAt: Date;
  waitlistedAt: Date | null;
  createdAt: Date;
}

const columns = {
  id: memberships.id,
  groupId: memberships.groupId,
  userId: memberships.userId,
  displayName: memberships.displayName,
  email: users.email,
  status: memberships.status,
  statusChangedAt: memberships.statusChangedAt,
  waitlistedAt: memberships.waitlistedAt,
  createdAt: memberships.createdAt,
};

export interface MyGroupRow {
  membershipId: string;
  status: MembershipStatus;
  displayName: string;
  groupId: string;
  groupName: string;
  providerName: string;
}

/** Whom to write to about a membership, the name they go by in the group, and the group's name. */
export interface MemberContact {
  email: string;
  name: string;
  groupName: string;
}

/** Whose data an erasure takes: every membership of the account, or the one membership if there is no account. */
export type ErasedPerson = { userId: string | null; membershipId: string };

/** `%` and `_` typed by a person are searched for literally. */
const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export const rosterRepository = {
  /** Locks the group row: roster changes to one group happen one at a time. */
  async lockGroup(tx: Tx, groupId: string) {
    const [row] = await tx
      .select({
        id: groups.id,
        capacity: groups.capacity,
        visibility: groups.visibility,
        name: groups.name,
        providerId: groups.providerId,
      })
      .from(groups)
      .where(eq(groups.id, groupId))
      .for('update');
    return row;
  },

  async find(db: Db, groupId: string, membershipId: string): Promise<MembershipRow | undefined> {
    const [row] = await db
      .select(columns)
      .from(memberships)
      .leftJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.groupId, groupId), eq(memberships.id, membershipId)));
    return row as MembershipRow | undefined;
  },

  async findForUser(db: Db, groupId: string, userId: string): Promise<MembershipRow | undefined> {
    const [row] = await db
      .select(columns)
      .from(memberships)
      .leftJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.groupId, groupId), eq(memberships.userId, userId)));
    return row as MembershipRow | undefined;
  },

  /** Members holding a place (active or paused), leaving out `except` (the person a change is about). */
  async placesTaken(db: Db, groupId: string, except?: string): Promise<number> {
    const where = [eq(memberships.groupId, groupId), inArray(memberships.status, [...HOLDS_PLACE])];
    if (except) where.push(ne(memberships.id, except));
    const [row] = await db
      .select({ n: count() })
      .from(memberships)
      .where(and(...where));
    return row?.n ?? 0;
  },

  /** The waiting list, unordered; a row from before `waitlisted_at` existed waits from when it was made. */
  async waitlist(db: Db, groupId: string) {
    const rows = await db
      .select({
        membershipId: memberships.id,
        displayName: memberships.displayName,
        waitlistedAt: memberships.waitlistedAt,
        createdAt: memberships.createdAt,
      })
      .from(memberships)
      .where(and(eq(memberships.groupId, groupId), eq(memberships.status, 'waitlisted')));
    return rows.map((r) => ({
      membershipId: r.membershipId,
      displayName: r.displayName,
      waitlistedAt: r.waitlistedAt ?? r.createdAt,
    }));
  },

  async setStatus(db: Db, membershipId: string, status: MembershipStatus, now: Date, displayName?: string) {
    await db
      .update(memberships)
      .set({
        status,
        statusChangedAt: now,
        waitlistedAt: status === 'waitlisted' ? now : null,
        ...(displayName !== undefined && { displayName }),
      })
      .where(eq(memberships.id, membershipId));
  },

  async insert(
    db: Db,
    input: { groupId: string; userId: string; displayName: string; status: MembershipStatus; now: Date },
  ) {
    const [row] = await db
      .insert(memberships)
      .values({
        groupId: input.groupId,
        userId: input.userId,
        displayName: input.displayName,
        status: input.status,
        statusChangedAt: input.now,
        waitlistedAt: input.status === 'waitlisted' ? input.now : null,
      })
      .returning({ id: memberships.id });
    if (!row) throw new Error('insert returned nothing');
    return row.id;
  },

  async list(db: Db, groupId: string, filter: { status?: MembershipStatus; q?: string }): Promise<MembershipRow[]> {
    const where: SQL[] = [eq(memberships.groupId, groupId)];
    if (filter.status) where.push(eq(memberships.status, filter.status));
    const q = filter.q?.trim();
    if (q) {
      const pattern = `%${likeEscape(q)}%`;
      const match = or(ilike(memberships.displayName, pattern), ilike(users.email, pattern));
      if (match) where.push(match);
    }
    const rows = await db
      .select(columns)
      .from(memberships)
      .leftJoin(users, eq(users.id, memberships.userId))
      .where(and(...where))
      .orderBy(asc(memberships.displayName), asc(memberships.createdAt));
    return rows as MembershipRow[];
  },

  async counts(db: Db, groupId: string): Promise<Record<MembershipStatus, number>> {
    const rows = await db
      .select({ status: memberships.status, n: count() })
      .from(memberships)
      .where(eq(memberships.groupId, groupId))
      .groupBy(memberships.status);
    const result = { requested: 0, active: 0, waitlisted: 0, paused: 0, removed: 0, erased: 0 };
    for (const r of rows) result[r.status as MembershipStatus] = r.n;
    return result;
  },

  async myGroups(db: Db, userId: string): Promise<MyGroupRow[]> {
    const rows = await db
      .select({
        membershipId: memberships.id,
        status: memberships.status,
        displayName: memberships.displayName,
        groupId: groups.id,
        groupName: groups.name,
        providerName: providers.name,
      })
      .from(memberships)
      .innerJoin(groups, eq(groups.id, memberships.groupId))
      .innerJoin(providers, eq(providers.id, groups.providerId))
      .where(eq(memberships.userId, userId))
      .orderBy(asc(groups.name));
    return rows as MyGroupRow[];
  },

  /** Gives these waiting members their places. */
  async givePlaces(db: Db, membershipIds: string[], now: Date) {
    if (membershipIds.length === 0) return;
    await db
      .update(memberships)
      .set({ status: 'active', statusChangedAt: now, waitlistedAt: null })
      .where(inArray(memberships.id, membershipIds));
  },

  /** Memberships without an account (erased) have nobody to write to, so they are left out. */
  async contacts(db: Db, membershipIds: string[]): Promise<MemberContact[]> {
    if (membershipIds.length === 0) return [];
    return db
      .select({ email: users.email, name: memberships.displayName, groupName: groups.name })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .innerJoin(groups, eq(groups.id, memberships.groupId))
      .where(inArray(memberships.id, membershipIds));
  },

  /** The group's current ground rules version; undefined when the group is gone. */
  async currentRules(db: Db, groupId: string): Promise<{ id: string; version: number } | undefined> {
    const [row] = await db
      .select({ id: groundRuleVersions.id, version: groundRuleVersions.version })
      .from(groundRuleVersions)
      .where(eq(groundRuleVersions.groupId, groupId))
      .orderBy(desc(groundRuleVersions.version))
      .limit(1);
    return row;
  },

  async recordAcceptance(db: Db, versionId: string, userId: string, now: Date) {
    await db.insert(groundRuleAcceptances).values({ versionId, userId, acceptedAt: now });
  },

  async groupIdsOfProvider(db: Db, providerId: string): Promise<string[]> {
    const rows = await db.select({ id: groups.id }).from(groups).where(eq(groups.providerId, providerId));
    return rows.map((g) => g.id);
  },

  // ----- erasure: the rows stay, anonymous, so counts and history still add up -------

  /** The groups among `groupIds` the person has a membership in. */
  async groupsOf(db: Db, groupIds: string[], person: ErasedPerson): Promise<string[]> {
    const rows = await db.select({ groupId: memberships.groupId }).from(memberships).where(personIn(groupIds, person));
    return rows.map((m) => m.groupId);
  },

  /** Returns how many memberships were erased. */
  async erase(db: Db, groupIds: string[], person: ErasedPerson, now: Date): Promise<number> {
    const erased = await db
      .update(memberships)
      .set({ displayName: ERASED_NAME, userId: null, status: 'erased', statusChangedAt: now, waitlistedAt: null })
      .where(personIn(groupIds, person))
      .returning({ id: memberships.id });
    return erased.length;
  },

  /** The person's ground rules acceptances in these groups no longer name them. */
  async forgetAcceptances(db: Db, groupIds: string[], userId: string) {
    const versionIds = (
      await db
        .select({ id: groundRuleVersions.id })
        .from(groundRuleVersions)
        .where(inArray(groundRuleVersions.groupId, groupIds))
    ).map((v) => v.id);
    if (versionIds.length === 0) return;
    await db
      .update(groundRuleAcceptances)
      .set({ userId: null, guestName: null })
      .where(and(inArray(groundRuleAcceptances.versionId, versionIds), eq(groundRuleAcceptances.userId, userId)));
  },

  /** The person's names in these groups' waiting rooms and attendance go; the counts stay. */
  async forgetSessionNames(db: Db, groupIds: string[], userId: string) {
    const sessionIds = db.select({ id: sessions.id }).from(sessions).where(inArray(sessions.groupId, groupIds));
    const entries = await db
      .update(sessionEntries)
      .set({ displayName: ERASED_NAME, userId: null })
      .where(and(inArray(sessionEntries.sessionId, sessionIds), eq(sessionEntries.userId, userId)))
      .returning({ id: sessionEntries.id });
    if (entries.length === 0) return;
    await db
      .update(attendance)
      .set({ displayName: ERASED_NAME })
      .where(
        inArray(
          attendance.entryId,
          entries.map((e) => e.id),
        ),
      );
  },
};

function personIn(groupIds: string[], person: ErasedPerson) {
  return person.userId
    ? and(inArray(memberships.groupId, groupIds), eq(memberships.userId, person.userId))
    : eq(memberships.id, person.membershipId);
}
