import { randomUUID } from 'node:crypto';
import type { Database } from '@peer-support/db/client';
import { inMonth, monthRange, validateMonth } from '@peer-support/domain/calendar-month';
import {
  type DateRange,
  expand,
  isOccurrenceOf,
  mergeTimelines,
  type Occurrence,
  type OccurrenceException,
  occurrenceOf,
  validateRange,
} from '@peer-support/domain/recurrence';
import { MAX_DURATION_MINUTES, type Series, type SeriesInput } from '@peer-support/domain/series';
import { validateSeries } from '@peer-support/domain/series-check';
import { keyDate } from '@peer-support/domain/series-parts';
import { describeSeries } from '@peer-support/domain/series-words';
import { DAY_MS } from '@peer-support/domain/time';
import { AppError, refusal } from '../errors.ts';
import { type ExceptionRow, scheduleRepository as repo, type SeriesRow } from '../repositories/schedule.ts';

export interface TimelineEntry extends Occurrence {
  /** What calendar clients keep the event under (see `calendarUids`). */
  uid: string;
  seriesId: string;
  groupId: string;
  timeZone: string;
  description: string;
  sequence: number;
  sessionId: string | null;
  /** When a facilitator ended its session for everyone; null while it has not been. */
  endedAt: Date | null;
}

/** Exception rows as the per-series maps the domain's expansion takes. */
export function exceptionsBySeries(rows: ExceptionRow[]): Map<string, Map<string, OccurrenceException>> {
  const bySeries = new Map<string, Map<string, OccurrenceException>>();
  for (const e of rows) {
    const map = bySeries.get(e.seriesId) ?? new Map<string, OccurrenceException>();
    map.set(e.occurrenceKey, e.exception);
    bySeries.set(e.seriesId, map);
  }
  return bySeries;
}

/**
 * An occurrence's calendar UID. A part of a split series meets on some of the same days as the
 * part it carries on from (a new time, say): on those days it is the same event, changed, so
 * it keeps the earlier part's UID and calendar clients move it rather than add a second one.
 * A day the earlier part never met on is a new event of the new part.
 */
const eventUid = (seriesId: string, occurrenceKey: string) => `${seriesId}-${occurrenceKey}@peer-support`;

function calendarUids(byId: ReadonlyMap<string, SeriesRow>, range: DateRange) {
  // Each earlier part's days, expanded once over the range (a day either side for zones), not
  // checked occurrence by occurrence: a feed asks for a year of them.
  const from = new Date(range.from.getTime() - DAY_MS);
  const to = new Date(range.to.getTime() + DAY_MS);
  const daysOf = new Map<string, Set<string>>();
  const meetsOn = (part: SeriesRow, date: string) => {
    let days = daysOf.get(part.id);
    if (!days) {
      const open = { ...part.input, end: { kind: 'never' as const } };
      days = new Set(expand(open, { from, to }).map((o) => keyDate(o.seriesStartKey)));
      daysOf.set(part.id, days);
    }
    return days.has(date);
  };
  return (s: SeriesRow, key: string): string => {
    let part = s;
    let partKey = key;
    for (let earlier = byId.get(part.follows ?? ''); earlier && meetsOn(earlier, keyDate(partKey)); ) {
      part = earlier;
      partKey = `${keyDate(partKey)}T${earlier.input.startTime}[${earlier.input.timeZone}]`;
      earlier = byId.get(part.follows ?? '');
    }
    return eventUid(part.id, partKey);
  };
}

/** A series that went while it was being changed (deleted by someone else, say). */
export const seriesGone = () =>
  new AppError(404, 'not_found', 'That series was not found. Reload the schedule; it may have been deleted.');

/** A series as entered, checked by the domain rules; every problem comes back at once, nothing is saved. */
export function checkSeries(input: SeriesInput): { series: Series; notes: string[] } {
  const result = validateSeries(input);
  if (!result.ok) throw refusal(422, result);
  return { series: result.series, notes: result.notes };
}

export function checkRange(range: DateRange): void {
  const result = validateRange(range);
  if (!result.ok) throw refusal(400, result, 'querystring');
}

export function checkMonth(month: string, now: Date): void {
  const result = validateMonth(month, now);
  if (!result.ok) throw refusal(400, result, 'querystring');
}

/** How a person takes part in an occurrence, in words for emails and calendars. */
export function howToJoin(o: Pick<Occurrence, 'mode' | 'venue'>): string {
  const place = o.venue ? `${o.venue.name}, ${o.venue.address}` : 'the venue';
  if (o.mode === 'online') return 'Join online';
  if (o.mode === 'hybrid') return `${place}, or join online`;
  return place;
}

/** A date and time as a person reads it on the wall clock of `timeZone`, for emails. */
export function when(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(date);
}

/**
 * The schedule as it is read: series merged into timelines, one occurrence, and the session
 * records occurrences become ahead of time. Writing is services/series.ts (series) and
 * services/exceptions.ts (one occurrence); the rules come from @peer-support/domain.
 */
export function scheduleService(db: Database) {
  return {
    /** Every series of the groups merged into one timeline, with each occurrence's session record if it has one. */
    async timeline(groupIds: string[], range: DateRange): Promise<TimelineEntry[]> {
      const seriesRows = await repo.listSeries(db, groupIds);
      const ids = seriesRows.map((s) => s.id);
      const [exceptionRows, sessionRows] = await Promise.all([
        repo.exceptionsFor(db, ids),
        repo.sessionsOfSeries(db, ids),
      ]);
      const exceptions = exceptionsBySeries(exceptionRows);
      const records = new Map(sessionRows.map((s) => [`${s.seriesId} ${s.occurrenceKey}`, s]));
      const byId = new Map(seriesRows.map((s) => [s.id, s]));
      const descriptions = new Map(seriesRows.map((s) => [s.id, describeSeries(s.input)]));
      const merged = mergeTimelines(
        seriesRows.map((s) => ({ seriesId: s.id, input: s.input })),
        range,
        exceptions,
      );
      const uidOf = calendarUids(byId, range);
      return merged.map((o) => {
        const s = byId.get(o.seriesId) as SeriesRow;
        return {
          ...o,
          uid: uidOf(s, o.seriesStartKey),
          groupId: s.groupId,
          timeZone: s.input.timeZone,
          description: descriptions.get(o.seriesId) ?? '',
          // Calendar clients replace an event only when SEQUENCE goes up: a changed occurrence
          // is one step ahead of its series.
          sequence: s.sequence + (exceptions.get(o.seriesId)?.has(o.seriesStartKey) ? 1 : 0),
          sessionId: records.get(`${o.seriesId} ${o.seriesStartKey}`)?.id ?? null,
          endedAt: records.get(`${o.seriesId} ${o.seriesStartKey}`)?.endedAt ?? null,
        };
      });
    },

    /**
     * The sessions of one calendar month, each counted on its own series' clock (the group's),
     * so a session at 00:30 on the 1st in London belongs to that month though UTC says the last.
     */
    async month(groupIds: string[], month: string): Promise<TimelineEntry[]> {
      const entries = await this.timeline(groupIds, monthRange(month));
      return entries.filter((o) => inMonth(o.start, o.timeZone, month));
    },

    /** Sessions still on at `range.from` (started, not over) and those starting in the range. */
    async stillOnOrStarting(groupIds: string[], range: DateRange): Promise<TimelineEntry[]> {
      // A session lasts at most a day, so one that is still on started less than a day ago.
      const from = new Date(range.from.getTime() - MAX_DURATION_MINUTES * 60_000);
      const entries = await this.timeline(groupIds, { from, to: range.to });
      return entries.filter((o) => o.end.getTime() > range.from.getTime());
    },

    /**
     * Gives every occurrence starting in the next `windowDays` a session record, across all
     * series (or just `onlySeriesId`, after it is created or changed), so the waiting room, RSVPs and attendance find one ready rather than racing to
     * create it at the start time. Idempotent: occurrences that already have a record are
     * skipped, and the upsert absorbs a record created meanwhile by another request.
     */
    async materialiseAhead(now: Date, windowDays = 14, onlySeriesId?: string): Promise<{ created: number }> {
      // From a day back, so a session that is on now (a series added after it started, say)
      // gets its record too: latecomers need its link. Ones already over are left alone.
      const range = {
        from: new Date(now.getTime() - MAX_DURATION_MINUTES * 60_000),
        to: new Date(now.getTime() + windowDays * DAY_MS),
      };
      const rows = await repo.allSeries(db, onlySeriesId);
      const ids = rows.map((s) => s.id);
      const [exceptionRows, sessionRows] = await Promise.all([
        repo.exceptionsFor(db, ids),
        repo.sessionsOfSeries(db, ids, range.from),
      ]);
      const exceptions = exceptionsBySeries(exceptionRows);
      const existing = new Set(sessionRows.map((r) => `${r.seriesId} ${r.occurrenceKey}`));
      let created = 0;
      for (const s of rows) {
        // One series at a time: a merged timeline of every series would hit the domain's cap.
        for (const o of expand(s.input, range, exceptions.get(s.id))) {
          if (existing.has(`${s.id} ${o.seriesStartKey}`) || o.end.getTime() <= now.getTime()) continue;
          await repo.upsertOccurrenceSession(db, {
            groupId: s.groupId,
            seriesId: s.id,
            occurrenceKey: o.seriesStartKey,
            title: s.groupName,
            startsAt: o.start,
            endsAt: o.end,
            mode: o.mode,
            cancelled: o.cancelled,
            roomName: `session-${randomUUID()}`,
          });
          created += 1;
        }
      }
      return { created };
    },

    /**
     * One occurrence by key, for its own .ics; `seriesId` picks between series that meet at the
     * same time. A link made before an edit split the series finds the day in the later part.
     */
    async occurrence(groupId: string, key: string, seriesId?: string): Promise<TimelineEntry | undefined> {
      const all = await repo.listSeries(db, [groupId]);
      const byId = new Map(all.map((s) => [s.id, s]));
      const candidates = all.filter((s) => seriesId === undefined || s.id === seriesId);
      let found: { s: SeriesRow; key: string } | undefined;
      for (const first of candidates) {
        for (let s: SeriesRow | undefined = first, k = key; s; ) {
          if (isOccurrenceOf(s.input, k)) {
            found = { s, key: k };
            break;
          }
          const current: SeriesRow = s;
          s = all.find((x) => x.follows === current.id);
          if (s) k = `${keyDate(k)}T${s.input.startTime}[${s.input.timeZone}]`;
        }
        if (found) break;
      }
      if (!found) return undefined;
      const { s } = found;
      const exceptions = await repo.exceptionsFor(db, [s.id]);
      const exception = exceptions.find((e) => e.occurrenceKey === found.key)?.exception;
      const o = occurrenceOf(s.input, found.key, exception);
      if (!o) return undefined;
      const [session] = (await repo.sessionsOfSeries(db, [s.id])).filter((r) => r.occurrenceKey === found.key);
      return {
        ...o,
        uid: calendarUids(byId, { from: o.start, to: o.end })(s, found.key),
        seriesId: s.id,
        groupId: s.groupId,
        timeZone: s.input.timeZone,
        description: describeSeries(s.input),
        sequence: s.sequence + (exception ? 1 : 0),
        sessionId: session?.id ?? null,
        endedAt: session?.endedAt ?? null,
      };
    },
  };
}
