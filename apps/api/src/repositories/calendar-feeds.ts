import type { Db } from '@peer-support/db/client';
import { calendarFeeds, groups, memberships } from '@peer-support/db/schema';
import { and, asc, eq, sql } from 'drizzle-orm';

/** Queries only: what a feed link means lives in services/calendar-feed.ts. */
export const calendarFeedsRepository = {
  /** The person's feed version, creating the row (version 1) the first time. */
  async ensure(db: Db, userId: string): Promise<number> {
    await db.insert(calendarFeeds).values({ userId }).onConflictDoNothing();
    const version = await calendarFeedsRepository.versionOf(db, userId);
    if (version === undefined) throw new Error('calendar feed row vanished');
    return version;
  },

  /** Raises the version (old links stop working); a person without a row gets version 1. */
  async raise(db: Db, userId: string): Promise<number> {
    const [row] = await db
      .insert(calendarFeeds)
      .values({ userId })
      .onConflictDoUpdate({
        target: calendarFeeds.userId,
        set: { version: sql`${calendarFeeds.version} + 1`, updatedAt: new Date() },
      })
      .returning({ version: calendarFeeds.version });
    if (!row) throw new Error('calendar feed upsert returned nothing');
    return row.version;
  },

  async versionOf(db: Db, userId: string): Promise<number | undefined> {
    const [row] = await db
      .select({ version: calendarFeeds.version })
      .from(calendarFeeds)
      .where(eq(calendarFeeds.userId, userId));
    return row?.version;
  },

  /** The groups the person is an active member of, with the names their events carry. */
  async activeGroupsOf(db: Db, userId: string): Promise<{ id: string; name: string }[]> {
    return db
      .select({ id: groups.id, name: groups.name })
      .from(memberships)
      .innerJoin(groups, eq(groups.id, memberships.groupId))
      .where(and(eq(memberships.userId, userId), eq(memberships.status, 'active')))
      .orderBy(asc(groups.name), asc(groups.id));
  },
};
