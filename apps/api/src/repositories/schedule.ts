import type { Db } from '@peer-support/db/client';
import { groups, memberships, providers, series, seriesExceptions, sessions, users } from '@peer-support/db/schema';
import type { OccurrenceException } from '@peer-support/domain/recurrence';
import type { Series, SeriesInput } from '@peer-support/domain/series';
import { and, asc, eq, gte, inArray, isNotNull } from 'drizzle-orm';

export interface SeriesRow {
  id: string;
  groupId: string;
  input: Series;
  sequence: number;
  /** The earlier part of the same schedule, when an edit split it (see services/schedule.ts). */
  follows: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ExceptionRow {
  id: string;
  seriesId: string;
  occurrenceKey: string;
  exception: OccurrenceException;
  cancelled: boolean;
  start: Date | null;
  durationMinutes: number | null;
  mode: SeriesInput['mode'] | null;
  venue: SeriesInput['venue'] | null;
  reason: string;
}

/** A series of a listed group, with what the directory shows of its group and provider. */
export interface DirectorySeriesRow extends SeriesRow {
  group: { id: string; name: string; topics: string[] };
  provider: { id: string; name: string };
}

export interface SeriesSessionRow {
  id: string;
  seriesId: string;
  occurrenceKey: string;
  startsAt: Date;
  endsAt: Date;
  /** Set when a facilitator ended it for everyone (or LiveKit finished its room). */
  endedAt: Date | null;
}

const toSeries = (r: typeof series.$inferSelect): SeriesRow => ({
  id: r.id,
  groupId: r.groupId,
  input: {
    rule: r.rule,
    startDate: r.startDate,
    startTime: r.startTime,
    durationMinutes: r.durationMinutes,
    timeZone: r.timeZone,
    end: r.end,
    mode: r.mode,
    ...(r.venue === null ? {} : { venue: r.venue }),
  },
  sequence: r.sequence,
  follows: r.followsSeriesId,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

const toException = (r: typeof seriesExceptions.$inferSelect): ExceptionRow => ({
  id: r.id,
  seriesId: r.seriesId,
  occurrenceKey: r.occurrenceKey,
  exception: {
    ...(r.cancelled ? { cancelled: true as const } : {}),
    ...(r.start === null ? {} : { start: r.start }),
    ...(r.durationMinutes === null ? {} : { durationMinutes: r.durationMinutes }),
    ...(r.mode === null ? {} : { mode: r.mode }),
    ...(r.venue === null ? {} : { venue: r.venue }),
    ...(r.reason === '' ? {} : { reason: r.reason }),
  },
  cancelled: r.cancelled,
  start: r.start,
  durationMinutes: r.durationMinutes,
  mode: r.mode,
  venue: r.venue,
  reason: r.reason,
});

const seriesValues = (input: Series) => ({
  rule: input.rule,
  startDate: input.startDate,
  startTime: input.startTime,
  durationMinutes: input.durationMinutes,
  timeZone: input.timeZone,
  end: input.end,
  mode: input.mode,
  venue: input.venue ?? null,
});

/** Queries only: the rules live in services/schedule.ts and @peer-support/domain/recurrence. */
export const scheduleRepository = {
  async listSeries(db: Db, groupIds: string[]): Promise<SeriesRow[]> {
    if (groupIds.length === 0) return [];
    const rows = await db
      .select()
      .from(series)
      .where(inArray(series.groupId, groupIds))
      .orderBy(asc(series.createdAt), asc(series.id));
    return rows.map(toSeries);
  },

  /** Every series (or only `seriesId`) with its group's name: session records are titled with it. */
  async allSeries(db: Db, seriesId?: string): Promise<(SeriesRow & { groupName: string })[]> {
    const rows = await db
      .select({ series, groupName: groups.name })
      .from(series)
      .innerJoin(groups, eq(groups.id, series.groupId))
      .where(seriesId === undefined ? undefined : eq(series.id, seriesId))
      .orderBy(asc(series.createdAt), asc(series.id));
    return rows.map((r) => ({ ...toSeries(r.series), groupName: r.groupName }));
  },

  /** Every series of every listed group (optionally of one provider), in one query. */
  async listedSeries(db: Db, providerId?: string): Promise<DirectorySeriesRow[]> {
    const where = [eq(groups.visibility, 'listed')];
    if (providerId) where.push(eq(groups.providerId, providerId));
    const rows = await db
      .select({
        series,
        group: { id: groups.id, name: groups.name, topics: groups.topics },
        provider: { id: providers.id, name: providers.name },
      })
      .from(series)
      .innerJoin(groups, eq(groups.id, series.groupId))
      .innerJoin(providers, eq(providers.id, groups.providerId))
      .where(and(...where))
      .orderBy(asc(series.createdAt), asc(series.id));
    return rows.map((r) => ({ ...toSeries(r.series), group: r.group, provider: r.provider }));
  },

  async findSeries(db: Db, groupId: string, seriesId: string, lock = false): Promise<SeriesRow | undefined> {
    const query = db
      .select()
      .from(series)
      .where(and(eq(series.groupId, groupId), eq(series.id, seriesId)));
    const [row] = lock ? await query.for('update') : await query;
    return row && toSeries(row);
  },

  async createSeries(
    db: Db,
    groupId: string,
    input: Series,
    part?: { follows: string; sequence: number },
  ): Promise<string> {
    const [row] = await db
      .insert(series)
      .values({
        groupId,
        ...seriesValues(input),
        ...(part && { followsSeriesId: part.follows, sequence: part.sequence }),
      })
      .returning({ id: series.id });
    if (!row) throw new Error('series insert returned nothing');
    return row.id;
  },

  async updateSeries(db: Db, seriesId: string, input: Series, sequence: number) {
    await db
      .update(series)
      .set({ ...seriesValues(input), sequence })
      .where(eq(series.id, seriesId));
  },

  /** Whether an edit split this series: a later part carries it on. */
  async hasLaterPart(db: Db, seriesId: string): Promise<boolean> {
    const [row] = await db.select({ id: series.id }).from(series).where(eq(series.followsSeriesId, seriesId)).limit(1);
    return row !== undefined;
  },

  async deleteSeries(db: Db, seriesId: string) {
    await db.delete(series).where(eq(series.id, seriesId));
  },

  async exceptionsFor(db: Db, seriesIds: string[]): Promise<ExceptionRow[]> {
    if (seriesIds.length === 0) return [];
    const rows = await db.select().from(seriesExceptions).where(inArray(seriesExceptions.seriesId, seriesIds));
    return rows.map(toException);
  },

  /** A later change to the same occurrence replaces the earlier one. */
  async saveException(
    db: Db,
    values: Omit<typeof seriesExceptions.$inferInsert, 'id' | 'createdAt'>,
  ): Promise<ExceptionRow> {
    const [row] = await db
      .insert(seriesExceptions)
      .values(values)
      .onConflictDoUpdate({
        target: [seriesExceptions.seriesId, seriesExceptions.occurrenceKey],
        set: {
          cancelled: values.cancelled ?? false,
          start: values.start ?? null,
          durationMinutes: values.durationMinutes ?? null,
          mode: values.mode ?? null,
          venue: values.venue ?? null,
          reason: values.reason ?? '',
          createdBy: values.createdBy ?? null,
          createdAt: new Date(),
        },
      })
      .returning();
    if (!row) throw new Error('exception upsert returned nothing');
    return toException(row);
  },

  async sessionsOfSeries(db: Db, seriesIds: string[], startingFrom?: Date): Promise<SeriesSessionRow[]> {
    if (seriesIds.length === 0) return [];
    const where = [inArray(sessions.seriesId, seriesIds), isNotNull(sessions.occurrenceKey)];
    if (startingFrom) where.push(gte(sessions.startsAt, startingFrom));
    const rows = await db
      .select({
        id: sessions.id,
        seriesId: sessions.seriesId,
        occurrenceKey: sessions.occurrenceKey,
        startsAt: sessions.startsAt,
        endsAt: sessions.endsAt,
        endedAt: sessions.endedAt,
      })
      .from(sessions)
      .where(and(...where));
    return rows as SeriesSessionRow[];
  },

  /** The session record of one occurrence, created on first use; returns its id. */
  async upsertOccurrenceSession(
    db: Db,
    values: {
      groupId: string;
      seriesId: string;
      occurrenceKey: string;
      title: string;
      startsAt: Date;
      endsAt: Date;
      mode: SeriesInput['mode'];
      cancelled: boolean;
      roomName: string;
    },
  ): Promise<string> {
    const [row] = await db
      .insert(sessions)
      .values(values)
      .onConflictDoUpdate({
        target: [sessions.seriesId, sessions.occurrenceKey],
        set: { startsAt: values.startsAt, endsAt: values.endsAt, mode: values.mode, cancelled: values.cancelled },
      })
      .returning({ id: sessions.id });
    if (!row) throw new Error('session upsert returned nothing');
    return row.id;
  },

  async updateSession(
    db: Db,
    sessionId: string,
    fields: { startsAt: Date; endsAt: Date; mode: SeriesInput['mode']; cancelled: boolean },
  ) {
    await db.update(sessions).set(fields).where(eq(sessions.id, sessionId));
  },

  /** A session record carried over to the part of its series that now holds its date. */
  async moveSession(
    db: Db,
    sessionId: string,
    fields: {
      seriesId: string;
      occurrenceKey: string;
      startsAt: Date;
      endsAt: Date;
      mode: SeriesInput['mode'];
      cancelled: boolean;
    },
  ) {
    await db.update(sessions).set(fields).where(eq(sessions.id, sessionId));
  },

  async moveException(db: Db, exceptionId: string, seriesId: string, occurrenceKey: string) {
    await db.update(seriesExceptions).set({ seriesId, occurrenceKey }).where(eq(seriesExceptions.id, exceptionId));
  },

  async cancelSessions(db: Db, sessionIds: string[]) {
    if (sessionIds.length === 0) return;
    await db.update(sessions).set({ cancelled: true }).where(inArray(sessions.id, sessionIds));
  },

  /** Everyone with a place in the group and an address to write to. */
  async activeMemberContacts(db: Db, groupId: string): Promise<{ email: string; name: string }[]> {
    return db
      .select({ email: users.email, name: memberships.displayName })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.groupId, groupId), eq(memberships.status, 'active')));
  },
};
