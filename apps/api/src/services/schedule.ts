import { randomUUID } from 'node:crypto';
import type { CreateException, UpdateSeries } from '@peer-support/contracts/schedule';
import type { Database, Transaction as Tx } from '@peer-support/db/client';
import { inMonth, monthRange, validateMonth } from '@peer-support/domain/calendar-month';
import {
  type DateRange,
  expand,
  isOccurrenceOf,
  mergeTimelines,
  nextOccurrences,
  type Occurrence,
  type OccurrenceException,
  toRRule,
  validateException,
  validateRange,
} from '@peer-support/domain/recurrence';
import { MAX_DURATION_MINUTES, type Series, type SeriesInput } from '@peer-support/domain/series';
import { validateSeries } from '@peer-support/domain/series-check';
import { keyDate, planSeriesEdit, startedOccurrences } from '@peer-support/domain/series-parts';
import { describeSeries } from '@peer-support/domain/series-words';
import { DAY_MS } from '@peer-support/domain/time';
import { AppError, refusal } from '../errors.ts';
import type { Mailer } from '../mail/mailer.ts';
import { type ExceptionRow, scheduleRepository as repo, type SeriesRow } from '../repositories/schedule.ts';

/** A session can move at most this far from its usual time; further is a different session. */
const MAX_MOVE_MS = 366 * DAY_MS;

export type ValidSeries = Series;

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

/**
 * Raised after every committed write of this module (series, exceptions and the session
 * records they touch) and after group edits, so caches of expanded timelines (the
 * directory's) start again. Session records alone (RSVPs, places, materialising) change no
 * expanded timeline, so they leave it be. Per process: another API node learns of a change
 * only when its cache entries expire (see DIRECTORY_CACHE_TTL_MS).
 */
let scheduleVersion = 0;
export const currentScheduleVersion = () => scheduleVersion;
/** Call after a committed change that alters what an expanded timeline shows (series, exceptions, listed groups). */
export function scheduleChanged(): void {
  scheduleVersion += 1;
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
 * After an in-place edit: the series' records that have not started follow the new fields;
 * those it no longer produces are cancelled, not deleted.
 */
async function retimeRecords(
  tx: Tx,
  seriesId: string,
  series: Series,
  exceptions: Map<string, OccurrenceException>,
  now: Date,
): Promise<void> {
  const upcoming = await repo.sessionsOfSeries(tx, [seriesId], now);
  const gone: string[] = [];
  for (const session of upcoming) {
    const occurrence = isOccurrenceOf(series, session.occurrenceKey)
      ? occurrenceOf(series, session.occurrenceKey, exceptions.get(session.occurrenceKey))
      : undefined;
    if (!occurrence) {
      gone.push(session.id);
      continue;
    }
    await repo.updateSession(tx, session.id, {
      startsAt: occurrence.start,
      endsAt: occurrence.end,
      mode: occurrence.mode,
      cancelled: occurrence.cancelled,
    });
  }
  await repo.cancelSessions(tx, gone);
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

const SERIES_GONE = () =>
  new AppError(404, 'not_found', 'That series was not found. Reload the schedule; it may have been deleted.');

/** A series as entered, checked by the domain rules; every problem comes back at once, nothing is saved. */
export function checkSeries(input: SeriesInput): { series: ValidSeries; notes: string[] } {
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

/** The occurrence `key` names, with `exception` applied; undefined when the rule has no such session. */
function occurrenceOf(input: SeriesInput, key: string, exception?: OccurrenceException): Occurrence | undefined {
  const day = Date.parse(`${key.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(day)) return undefined;
  let from = day - 2 * DAY_MS;
  let to = day + 3 * DAY_MS;
  const moved = exception?.start?.getTime();
  if (moved !== undefined && !Number.isNaN(moved)) {
    from = Math.min(from, moved);
    to = Math.max(to, moved + 1);
  }
  const exceptions = exception ? new Map([[key, exception]]) : undefined;
  return expand(input, { from: new Date(from), to: new Date(to) }, exceptions).find((o) => o.seriesStartKey === key);
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
 * Series, exceptions and the session records occurrences become. Rules come from
 * @peer-support/domain/recurrence; this module loads, applies and saves, in one transaction
 * per change, and tells members after the commit.
 */
export function scheduleService(db: Database, mailer: Mailer, publicUrl: string) {
  return {
    checkSeries,

    /** The series as the API shows it: its rule in words, as RRULE text, and the next few dates. */
    view(row: SeriesRow, now: Date) {
      const { notes } = checkSeries(row.input);
      return {
        id: row.id,
        groupId: row.groupId,
        ...row.input,
        venue: row.input.venue ?? null,
        sequence: row.sequence,
        met: startedOccurrences(row.input, now).length,
        follows: row.follows,
        description: describeSeries(row.input),
        rrule: toRRule(row.input),
        notes,
        nextStarts: nextOccurrences(row.input, now, 5).map((o) => o.start.toISOString()),
        createdAt: row.createdAt.toISOString(),
        updatedAt: row.updatedAt.toISOString(),
      };
    },

    /** One series of the group as the API shows it. */
    async series(groupId: string, seriesId: string, now: Date) {
      const row = await repo.findSeries(db, groupId, seriesId);
      if (!row) throw new AppError(404, 'not_found', 'That series was not found. Reload the schedule.');
      return this.view(row, now);
    },

    /** Every series of the group, as the API shows each. */
    async seriesOf(groupId: string, now: Date) {
      const rows = await repo.listSeries(db, [groupId]);
      return rows.map((row) => this.view(row, now));
    },

    /** Adds a series; the answer is the series as saved. */
    async create(groupId: string, input: SeriesInput, now: Date) {
      const id = await repo.createSeries(db, groupId, checkSeries(input).series);
      scheduleChanged();
      return this.series(groupId, id, now);
    },

    /**
     * Changes a series from a date forward (see `planSeriesEdit`) and raises its SEQUENCE.
     * In place when nothing that has started would change; otherwise split, the new part
     * taking over the later session records (their RSVPs and links) and exceptions date by
     * date. Records the new fields no longer produce are cancelled, not deleted, so anything
     * attached to them survives. The answer is the series that now holds the future.
     */
    async update(groupId: string, seriesId: string, patch: UpdateSeries, now: Date) {
      const id = await db.transaction(async (tx) => {
        const row = await repo.findSeries(tx, groupId, seriesId, true);
        if (!row) throw SERIES_GONE();
        if (await repo.hasLaterPart(tx, seriesId)) {
          // Changing it (its end, say) would have two parts meet on the same days.
          throw new AppError(
            409,
            'series_carried_on',
            'This part of the series ended where a later change began; change the part that carries it on instead.',
          );
        }
        const { venue, effectiveFrom, ...fields } = patch;
        if (Object.keys(fields).length === 0 && venue === undefined) {
          throw new AppError(
            422,
            'nothing_to_change',
            'Say what changes from that day: the time, length, days, mode or place.',
          );
        }
        const merged: SeriesInput = { ...row.input, ...fields };
        if (venue === null) delete merged.venue;
        else if (venue !== undefined) merged.venue = venue;
        const { series } = checkSeries(merged);
        const exceptionRows = await repo.exceptionsFor(tx, [seriesId]);
        const exceptions = new Map(exceptionRows.map((e) => [e.occurrenceKey, e.exception]));
        const plan = planSeriesEdit({ before: row.input, after: series, now, exceptions, effectiveFrom });
        if (!plan.ok) throw refusal(plan.code === 'series_over' ? 409 : 422, plan);

        if (plan.kind === 'in_place') {
          await repo.updateSeries(tx, seriesId, series, row.sequence + 1);
          await retimeRecords(tx, seriesId, series, exceptions, now);
          return seriesId;
        }
        const earlier = checkSeries(plan.earlier).series;
        const later = checkSeries(plan.later).series;
        await repo.updateSeries(tx, seriesId, earlier, row.sequence);
        const laterId = await repo.createSeries(tx, groupId, later, { follows: seriesId, sequence: row.sequence + 1 });
        // Date by date, what was planned for a day goes with the part that now meets on it.
        const keyOn = (date: string) => `${date}T${later.startTime}[${later.timeZone}]`;
        const carried = new Map<string, OccurrenceException>();
        for (const e of exceptionRows) {
          const date = keyDate(e.occurrenceKey);
          if (date < plan.from || !isOccurrenceOf(later, keyOn(date))) continue;
          await repo.moveException(tx, e.id, laterId, keyOn(date));
          carried.set(keyOn(date), e.exception);
        }
        const records = (await repo.sessionsOfSeries(tx, [seriesId])).filter(
          (r) => keyDate(r.occurrenceKey) >= plan.from,
        );
        const gone: string[] = [];
        for (const record of records) {
          const key = keyOn(keyDate(record.occurrenceKey));
          const occurrence = isOccurrenceOf(later, key) ? occurrenceOf(later, key, carried.get(key)) : undefined;
          if (!occurrence) {
            gone.push(record.id);
            continue;
          }
          await repo.moveSession(tx, record.id, {
            seriesId: laterId,
            occurrenceKey: key,
            startsAt: occurrence.start,
            endsAt: occurrence.end,
            mode: occurrence.mode,
            cancelled: occurrence.cancelled,
          });
        }
        await repo.cancelSessions(tx, gone);
        return laterId;
      });
      scheduleChanged();
      return this.series(groupId, id, now);
    },

    /**
     * Deletes a series that has not met yet (its records are cancelled). One that has met is
     * history, with attendance on it: it is ended from a date instead, so it is refused here.
     */
    async remove(groupId: string, seriesId: string, now: Date): Promise<void> {
      await db.transaction(async (tx) => {
        const row = await repo.findSeries(tx, groupId, seriesId, true);
        if (!row) throw SERIES_GONE();
        const exceptions = new Map(
          (await repo.exceptionsFor(tx, [seriesId])).map((e) => [e.occurrenceKey, e.exception]),
        );
        const met = startedOccurrences(row.input, now, exceptions).length > 0;
        if (met || (await repo.hasLaterPart(tx, seriesId))) {
          throw new AppError(
            409,
            'series_has_met',
            'This series has already met, so deleting it would take those sessions out of the schedule and attendance. End it instead: give it an end date, and its past stays as it was.',
          );
        }
        const upcoming = await repo.sessionsOfSeries(tx, [seriesId], now);
        await repo.cancelSessions(
          tx,
          upcoming.map((s) => s.id),
        );
        await repo.deleteSeries(tx, seriesId);
      });
      scheduleChanged();
    },

    /**
     * Cancels or moves one occurrence, gives it a session record, and emails every active
     * member what changed and why. A session that has started can no longer be changed.
     */
    async addException(
      group: { id: string; name: string },
      seriesId: string,
      body: CreateException,
      userId: string | null,
      now: Date,
    ): Promise<{ exception: ExceptionRow; sessionId: string; notified: number }> {
      const row = await repo.findSeries(db, group.id, seriesId);
      if (!row) throw SERIES_GONE();
      const reason = body.reason.trim();
      const exception: OccurrenceException = {
        ...(body.cancelled ? { cancelled: true as const } : {}),
        ...(body.move?.start === undefined ? {} : { start: new Date(body.move.start) }),
        ...(body.move?.durationMinutes === undefined ? {} : { durationMinutes: body.move.durationMinutes }),
        ...(body.move?.mode === undefined ? {} : { mode: body.move.mode }),
        ...(body.move?.venue === undefined ? {} : { venue: body.move.venue }),
        reason,
      };
      const check = validateException(row.input, body.occurrenceKey, exception);
      if (!check.ok) {
        throw new AppError(
          422,
          check.code,
          check.message,
          check.fields?.map((f) => ({
            field:
              f.field === 'seriesStartKey'
                ? 'body.occurrenceKey'
                : ['cancelled', 'reason'].includes(f.field)
                  ? `body.${f.field}`
                  : `body.move.${f.field}`,
            message: f.message,
          })),
        );
      }
      const original = occurrenceOf(row.input, body.occurrenceKey);
      if (!original) throw new AppError(422, 'invalid_exception', 'This series has no session at that time.');
      if (original.start <= now) {
        throw new AppError(
          409,
          'session_started',
          'That session has already started or taken place, so it can no longer be cancelled or moved.',
        );
      }
      if (exception.start) {
        const moved = exception.start.getTime();
        if (moved <= now.getTime() || Math.abs(moved - original.start.getTime()) > MAX_MOVE_MS) {
          throw new AppError(
            422,
            'invalid_exception',
            'Move the session to a time in the future, within a year of its usual date.',
            [{ field: 'body.move.start', message: 'Choose a future time within a year of the usual date.' }],
          );
        }
      }
      // Venue text is trimmed the way the series' venue is.
      if (exception.venue) {
        exception.venue = {
          ...exception.venue,
          name: exception.venue.name.trim(),
          address: exception.venue.address.trim(),
        };
      }
      const effective = occurrenceOf(row.input, body.occurrenceKey, exception);
      if (!effective) throw new AppError(422, 'invalid_exception', 'This series has no session at that time.');

      const saved = await db.transaction(async (tx) => {
        const locked = await repo.findSeries(tx, group.id, seriesId, true);
        if (!locked) throw SERIES_GONE();
        const saved = await repo.saveException(tx, {
          seriesId,
          occurrenceKey: body.occurrenceKey,
          cancelled: exception.cancelled === true,
          start: exception.start ?? null,
          durationMinutes: exception.durationMinutes ?? null,
          mode: exception.mode ?? null,
          venue: exception.venue ?? null,
          reason,
          createdBy: userId,
        });
        const sessionId = await repo.upsertOccurrenceSession(tx, {
          groupId: group.id,
          seriesId,
          occurrenceKey: body.occurrenceKey,
          title: group.name,
          startsAt: effective.start,
          endsAt: effective.end,
          mode: effective.mode,
          cancelled: effective.cancelled,
          roomName: `session-${randomUUID()}`,
        });
        return { exception: saved, sessionId };
      });
      scheduleChanged();

      const zone = row.input.timeZone;
      const usual = when(original.start, zone);
      const subject = effective.cancelled
        ? `${group.name}: the session on ${usual} is cancelled`
        : `${group.name}: the session on ${usual} has changed`;
      const change = effective.cancelled
        ? `The ${group.name} session on ${usual} is cancelled.`
        : [
            `The ${group.name} session on ${usual} has changed. It is now:`,
            '',
            `When: ${when(effective.start, zone)} to ${when(effective.end, zone)}`,
            `Where: ${howToJoin(effective)}`,
          ].join('\n');
      const text = `${change}\n\nWhy: ${reason}\n\nThe group's schedule is here:\n${publicUrl}/groups/${group.id}\n`;
      const contacts = await repo.activeMemberContacts(db, group.id);
      for (const contact of contacts) {
        await mailer.send({
          tag: effective.cancelled ? 'session-cancelled' : 'session-moved',
          to: contact.email,
          subject,
          text: `Hello ${contact.name},\n\n${text}`,
        });
      }
      return { ...saved, notified: contacts.length };
    },

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
