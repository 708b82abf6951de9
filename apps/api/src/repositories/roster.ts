import type { Database, Db, Transaction as Tx } from '@peer-support/db/client';
import { groups, memberships, users } from '@peer-support/db/schema';
import { HOLDS_PLACE, type MembershipStatus } from '@peer-support/domain/roster';
import { and, asc, count, eq, ilike, inArray, ne, or, type SQL } from 'drizzle-orm';

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

  async myGroups(db: Db, userId: string) {
    return db
      .select({
        membershipId: memberships.id,
        status: memberships.status,
        displayName: memberships.displayName,
        groupId: groups.id,
        groupName: groups.name,
        providerId: groups.providerId,
      })
      .from(memberships)
      .innerJoin(groups, eq(groups.id, memberships.groupId))
      .where(eq(memberships.userId, userId))
      .orderBy(asc(groups.name));
  },
};
