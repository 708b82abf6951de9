import type { Db, Transaction as Tx } from '@peer-support/db/client';
import { groups, memberships, rsvps, sessions, users } from '@peer-support/db/schema';
import { and, asc, count, eq, inArray } from 'drizzle-orm';

export type RsvpStatus = (typeof rsvps.$inferSelect)['status'];

/** Queries only: the waitlist rules live in services/rsvp.ts. */
export const rsvpRepository = {
  /** The session row, locked for the rest of the transaction so answers for it queue up. */
  async lockSession(tx: Tx, sessionId: string): Promise<{ id: string; places: number | null } | undefined> {
    const [row] = await tx
      .select({ id: sessions.id, places: sessions.places })
      .from(sessions)
      .where(eq(sessions.id, sessionId))
      .for('update');
    return row;
  },

  async sessionOf(db: Db, seriesId: string, occurrenceKey: string) {
    const [row] = await db
      .select({ id: sessions.id, places: sessions.places })
      .from(sessions)
      .where(and(eq(sessions.seriesId, seriesId), eq(sessions.occurrenceKey, occurrenceKey)));
    return row;
  },

  async statusOf(db: Db, sessionId: string, userId: string): Promise<RsvpStatus | null> {
    const [row] = await db
      .select({ status: rsvps.status })
      .from(rsvps)
      .where(and(eq(rsvps.sessionId, sessionId), eq(rsvps.userId, userId)));
    return row?.status ?? null;
  },

  async counts(db: Db, sessionId: string): Promise<{ going: number; waitlisted: number }> {
    const rows = await db
      .select({ status: rsvps.status, n: count() })
      .from(rsvps)
      .where(eq(rsvps.sessionId, sessionId))
      .groupBy(rsvps.status);
    const of = (status: RsvpStatus) => Number(rows.find((r) => r.status === status)?.n ?? 0);
    return { going: of('going'), waitlisted: of('waitlisted') };
  },

  async save(db: Db, sessionId: string, userId: string, status: RsvpStatus) {
    await db
      .insert(rsvps)
      .values({ sessionId, userId, status })
      .onConflictDoUpdate({ target: [rsvps.sessionId, rsvps.userId], set: { status, updatedAt: new Date() } });
  },

  /** Whoever has waited longest for a place. */
  async firstWaitlisted(db: Db, sessionId: string): Promise<string | undefined> {
    const [row] = await db
      .select({ userId: rsvps.userId })
      .from(rsvps)
      .where(and(eq(rsvps.sessionId, sessionId), eq(rsvps.status, 'waitlisted')))
      .orderBy(asc(rsvps.updatedAt), asc(rsvps.createdAt), asc(rsvps.id))
      .limit(1);
    return row?.userId;
  },

  /** A session's own places; null hands it back to the group's capacity. */
  async setPlaces(db: Db, sessionId: string, places: number | null) {
    await db.update(sessions).set({ places }).where(eq(sessions.id, sessionId));
  },

  /** Where to write to these people, and the name they go by in the group. */
  async contacts(db: Db, groupId: string, userIds: string[]): Promise<{ email: string; name: string }[]> {
    if (userIds.length === 0) return [];
    return db
      .select({ email: users.email, name: memberships.displayName })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.groupId, groupId), inArray(memberships.userId, userIds)));
  },

  /** Group names by id, for listing sessions across groups. */
  async groupNames(db: Db, groupIds: string[]): Promise<Map<string, string>> {
    if (groupIds.length === 0) return new Map();
    const rows = await db.select({ id: groups.id, name: groups.name }).from(groups).where(inArray(groups.id, groupIds));
    return new Map(rows.map((g) => [g.id, g.name]));
  },

  async statusesOf(db: Db, userId: string, sessionIds: string[]): Promise<Map<string, RsvpStatus>> {
    if (sessionIds.length === 0) return new Map();
    const rows = await db
      .select({ sessionId: rsvps.sessionId, status: rsvps.status })
      .from(rsvps)
      .where(and(eq(rsvps.userId, userId), inArray(rsvps.sessionId, sessionIds)));
    return new Map(rows.map((r) => [r.sessionId, r.status]));
  },
};
