import type { RRuleTemporal } from 'rrule-temporal';
import { Temporal } from 'temporal-polyfill';
import { type FieldError, type Refusal, refuse } from './refusal.ts';
import {
  FIRST_YEAR,
  MAX_DURATION_MINUTES,
  MAX_OCCURRENCES,
  MAX_RANGE_MS,
  parseDate,
  parseTime,
  type Series,
  type SeriesInput,
  type SessionMode,
  type Venue,
} from './series.ts';
import { checkVenue, MAX_REASON, mustBeValid, mustCheck } from './series-check.ts';
import { endPart, ruleParts } from './series-rrule.ts';
import { DAY_MS, MINUTE_MS } from './time.ts';

/**
 * Recurring sessions: a group's series (weekly in a room, monthly online, or both), expanded
 * into dated occurrences that are right on the wall clock in the series' time zone, every
 * time, across clock changes.
 *
 * How times are worked out, and why:
 * - A series is stored as wall-clock fields (date, HH:MM, IANA zone), never as an instant,
 *   because "19:00 every Tuesday" means 19:00 in winter and in summer.
 * - RFC 5545 (§3.8.5.3) says a recurrence whose local time does not exist or happens twice
 *   is read like an explicit DATE-TIME (§3.3.5): a time in the spring-forward gap uses the
 *   offset from before the gap (01:30 on the UK change day is 01:30 GMT, shown as 02:30 BST),
 *   and a time in the autumn overlap is the first of the two (BST). Temporal's
 *   `disambiguation: 'compatible'` is exactly that rule, so we use it.
 * - rrule-temporal does the calendar arithmetic (which dates a rule produces, INTERVAL phase,
 *   COUNT, months without a 31st), but it follows the other reading of RFC 5545 (§3.3.10) and
 *   silently drops an occurrence whose local time falls in a gap. A group meeting at 01:30
 *   would lose a session each spring. So we let the library generate dates in a zone with no
 *   clock changes (UTC used as a floating wall clock, where every local time exists once), and
 *   place each generated wall-clock time in the real zone ourselves. UNTIL is given to the
 *   library in the same floating frame (end of the until date), which selects the same
 *   sessions as the real UTC UNTIL we export: placing wall-clock times in a zone never
 *   reverses their order.
 * - Occurrences are identified by their original local start plus zone
 *   (`2026-03-29T01:30[Europe/London]`), the same idea as an iCalendar RECURRENCE-ID: it does
 *   not change if time-zone rules are updated, and exceptions stay attached to the session
 *   they were made for even after it is moved.
 */

// ---------------------------------------------------------------------------------------------
// RFC 5545 text

/**
 * The RRULE value (without the `RRULE:` name) for a calendar file, e.g.
 * `FREQ=MONTHLY;BYDAY=1TU` or `FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;WKST=MO;UNTIL=20270630T225959Z`.
 *
 * - "First Tuesday" is written `BYDAY=1TU` rather than `BYDAY=TU;BYSETPOS=1`: the two mean the
 *   same, and the ordinal form is the one more calendar clients write and read.
 * - WKST=MO is spelled out when INTERVAL > 1 on a weekly rule, the only case where it changes
 *   which weeks count; some clients assume Sunday otherwise.
 * - UNTIL is the end of the until date in the series' zone, as UTC (RFC 5545 requires UTC when
 *   DTSTART has a TZID), so a session late on the last day is still included.
 *
 * Throws on an invalid series: validate first.
 */
export function toRRule(input: SeriesInput): string {
  const series = mustBeValid(input);
  return [...ruleParts(series), ...endPart(series, 'utc')].join(';');
}

/**
 * The DTSTART line to pair with `toRRule`, on the first session (not merely the start date):
 * RFC 5545 leaves a DTSTART that does not match its rule undefined, and clients disagree on
 * whether to show it. Example: `DTSTART;TZID=Europe/London:20260106T190000`.
 */
export function toDtStart(input: SeriesInput): string {
  const checked = mustCheck(input);
  const first = checked.floating.next(new Date(Date.UTC(FIRST_YEAR, 0, 1)), true);
  if (first === null) throw new RangeError('A valid series always has a first session.');
  const stamp = wallClockText(first.epochMilliseconds).replaceAll(/[-:]/g, '');
  return `DTSTART;TZID=${checked.series.timeZone}:${stamp}00`;
}

// ---------------------------------------------------------------------------------------------
// Expansion

export type OccurrenceException = {
  cancelled?: true;
  start?: Date;
  durationMinutes?: number;
  mode?: SessionMode;
  venue?: Venue;
  reason?: string;
};

/** Keyed by `Occurrence.seriesStartKey`. */
export type OccurrenceExceptions = ReadonlyMap<string, OccurrenceException>;

export type Occurrence = {
  /** Original local start and zone, e.g. `2026-03-29T01:30[Europe/London]`; unchanged when moved. */
  seriesStartKey: string;
  start: Date;
  end: Date;
  mode: SessionMode;
  /** Present for in-person and hybrid occurrences. */
  venue?: Venue;
  /** A cancelled occurrence is kept, so people see "cancelled" rather than a gap. */
  cancelled: boolean;
  /** True when an exception changed its time, length, mode or venue. */
  moved: boolean;
  reason?: string;
};

/** Start at or after `from`, before `to`. */
export type DateRange = { from: Date; to: Date };

export function validateRange(range: DateRange): { ok: true } | Refusal<'invalid_range'> {
  const from = range.from.getTime();
  const to = range.to.getTime();
  if (Number.isNaN(from) || Number.isNaN(to)) {
    return refuse('invalid_range', 'Both ends of the date range must be real dates.', [
      { field: Number.isNaN(from) ? 'from' : 'to', message: 'This is not a date we can read; use YYYY-MM-DD.' },
    ]);
  }
  if (to < from) {
    return refuse('invalid_range', 'The end of the date range is before its start; swap them.', [
      { field: 'to', message: 'Choose an end on or after the start.' },
    ]);
  }
  if (to - from > MAX_RANGE_MS) {
    return refuse('invalid_range', 'A date range can cover at most two years; choose a shorter one.', [
      { field: 'to', message: 'Choose an end within two years of the start.' },
    ]);
  }
  return { ok: true };
}

/**
 * The occurrences of one series that start in `range` (from inclusive, to exclusive), sorted
 * by start, at most `MAX_OCCURRENCES`. Exceptions apply by key: a cancelled occurrence stays
 * in the list, flagged; a moved one appears where it now starts, so moving a session into or
 * out of the range adds or removes it. Exceptions whose key is not an occurrence of this
 * series (left behind by an edit of the series) are ignored.
 *
 * Throws a RangeError for an invalid series or range: callers validate user input first with
 * `validateSeries` and `validateRange`.
 */
export function expand(input: SeriesInput, range: DateRange, exceptions?: OccurrenceExceptions): Occurrence[] {
  const rangeCheck = validateRange(range);
  if (!rangeCheck.ok) throw new RangeError(rangeCheck.message);
  const { series, floating } = mustCheck(input);
  const from = range.from.getTime();
  const to = range.to.getTime();
  const inRange = (occurrence: Occurrence) => occurrence.start.getTime() >= from && occurrence.start.getTime() < to;

  // Wall clocks run at most 14 hours either side of UTC; a day of margin covers any zone.
  const generated = floating.between(new Date(from - DAY_MS), new Date(to + DAY_MS), true);
  const seen = new Set<string>();
  const occurrences: Occurrence[] = [];
  for (const generatedStart of generated) {
    // Read the instant, not the calendar fields: on the floating (UTC) clock the instant *is*
    // the wall-clock time, and the polyfill recomputes the fields on every property read.
    const occurrence = occurrenceAt(series, generatedStart.epochMilliseconds, exceptions);
    seen.add(occurrence.seriesStartKey);
    if (inRange(occurrence)) occurrences.push(occurrence);
  }

  // A session moved into the range from outside it (e.g. from next month) is not generated
  // above; look for it among the exceptions, and only trust a key the rule really produces.
  for (const [key, exception] of exceptions ?? []) {
    if (seen.has(key) || exception.cancelled || exception.start === undefined) continue;
    const movedStart = exception.start.getTime();
    if (movedStart < from || movedStart >= to) continue;
    const wallClock = generatedAt(series, floating, key);
    if (wallClock !== null) occurrences.push(occurrenceAt(series, wallClock, exceptions));
  }

  return occurrences.sort(byStart).slice(0, MAX_OCCURRENCES);
}

/** True when `key` names an occurrence the series' rule produces (before any exception). */
export function isOccurrenceOf(input: SeriesInput, key: string): boolean {
  const { series, floating } = mustCheck(input);
  return generatedAt(series, floating, key) !== null;
}

/**
 * The occurrence `key` names, with `exception` applied; undefined when the rule has no such
 * session. Expands only the days around it (and around where it moved to), not the series.
 */
export function occurrenceOf(input: SeriesInput, key: string, exception?: OccurrenceException): Occurrence | undefined {
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

export type TimelineOccurrence = Occurrence & { seriesId: string };

/**
 * A group's series merged into one timeline (weekly in person plus first Tuesday online,
 * say), each occurrence carrying its series id. Sorted by start, then series id, so two
 * sessions at the same time always come out in the same order; at most `MAX_OCCURRENCES`.
 */
export function mergeTimelines(
  seriesList: readonly { seriesId: string; input: SeriesInput }[],
  range: DateRange,
  exceptionsBySeries?: ReadonlyMap<string, OccurrenceExceptions>,
): TimelineOccurrence[] {
  const merged: TimelineOccurrence[] = [];
  for (const { seriesId, input } of seriesList) {
    for (const occurrence of expand(input, range, exceptionsBySeries?.get(seriesId))) {
      merged.push({ ...occurrence, seriesId });
    }
  }
  return merged
    .sort((a, b) => byStart(a, b) || (a.seriesId < b.seriesId ? -1 : a.seriesId > b.seriesId ? 1 : 0))
    .slice(0, MAX_OCCURRENCES);
}

/** The next `limit` sessions from `now` (at most two years ahead), e.g. for the series editor's preview. */
export function nextOccurrences(
  input: SeriesInput,
  now: Date,
  limit = 5,
  exceptions?: OccurrenceExceptions,
): Occurrence[] {
  return expand(input, { from: now, to: new Date(now.getTime() + MAX_RANGE_MS) }, exceptions).slice(0, limit);
}

/**
 * Wall-clock times travel as numbers: the epoch milliseconds of that date and time read as if
 * it were UTC (the floating clock the rule is expanded on). Cheap to compare and to key on.
 */
type WallClock = number;

function occurrenceAt(series: Series, wallClock: WallClock, exceptions: OccurrenceExceptions | undefined): Occurrence {
  const key = `${wallClockText(wallClock)}[${series.timeZone}]`;
  const originalStart = placeInZone(series.timeZone, wallClock);
  const exception = exceptions?.get(key);
  const reason = exception?.reason === undefined ? {} : { reason: exception.reason };

  if (exception === undefined || exception.cancelled) {
    return {
      seriesStartKey: key,
      start: new Date(originalStart),
      end: new Date(originalStart + series.durationMinutes * MINUTE_MS),
      mode: series.mode,
      ...(series.venue === undefined ? {} : { venue: series.venue }),
      cancelled: exception?.cancelled === true,
      moved: false,
      ...reason,
    };
  }

  const start = exception.start?.getTime() ?? originalStart;
  const mode = exception.mode ?? series.mode;
  const venue = mode === 'online' ? undefined : (exception.venue ?? series.venue);
  const moved =
    exception.start !== undefined ||
    exception.durationMinutes !== undefined ||
    exception.mode !== undefined ||
    exception.venue !== undefined;
  return {
    seriesStartKey: key,
    start: new Date(start),
    // Length is elapsed time: a two-hour session over a clock change still lasts two hours.
    end: new Date(start + (exception.durationMinutes ?? series.durationMinutes) * MINUTE_MS),
    mode,
    ...(venue === undefined ? {} : { venue }),
    cancelled: false,
    moved,
    ...reason,
  };
}

const KEY_PATTERN = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})\[([^\]]+)\]$/;

/** `YYYY-MM-DDTHH:MM`. */
function wallClockText(wallClock: WallClock): string {
  return new Date(wallClock).toISOString().slice(0, 16);
}

/** The generated wall-clock time a key names, or null when the rule does not produce it. */
function generatedAt(series: Series, floating: RRuleTemporal, key: string): WallClock | null {
  const match = KEY_PATTERN.exec(key);
  if (match === null || match[3] !== series.timeZone || match[2] !== series.startTime) return null;
  const date = parseDate(match[1] ?? '');
  const time = parseTime(match[2]);
  if (date === null || time === null) return null;
  const wallClock = Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute);
  return floating.between(new Date(wallClock), new Date(wallClock), true).length > 0 ? wallClock : null;
}

function byStart(a: Occurrence, b: Occurrence): number {
  return (
    a.start.getTime() - b.start.getTime() ||
    (a.seriesStartKey < b.seriesStartKey ? -1 : a.seriesStartKey > b.seriesStartKey ? 1 : 0)
  );
}

// Placing a wall-clock time in a zone is most of the cost of expanding (the polyfill asks Intl);
// many series share dates and times, so a bounded memo pays for itself. Its answers are the
// same as recomputing, so the functions stay pure to their callers.
const placedTimes = new Map<string, number>();
const MAX_PLACED_TIMES = 50_000;

/** The real instant (epoch ms) of a wall-clock time in a zone, by RFC 5545 §3.3.5. */
function placeInZone(timeZone: string, wallClock: WallClock): number {
  const memoKey = `${timeZone} ${wallClock}`;
  const known = placedTimes.get(memoKey);
  if (known !== undefined) return known;
  const epochMs = Temporal.PlainDateTime.from(wallClockText(wallClock)).toZonedDateTime(timeZone, {
    disambiguation: 'compatible',
  }).epochMilliseconds;
  if (placedTimes.size >= MAX_PLACED_TIMES) placedTimes.clear();
  placedTimes.set(memoKey, epochMs);
  return epochMs;
}

// ---------------------------------------------------------------------------------------------
// Exceptions

export type ExceptionRefusal = Refusal<'invalid_exception'>;

/**
 * Checks a change to one occurrence before it is saved: the key must be a real occurrence of
 * this series, a cancellation changes nothing else, and a session that moves in person needs
 * somewhere to be.
 */
export function validateException(
  input: SeriesInput,
  key: string,
  exception: OccurrenceException,
): { ok: true } | ExceptionRefusal {
  const { series, floating } = mustCheck(input);
  const errors: FieldError[] = [];
  if (generatedAt(series, floating, key) === null) {
    errors.push({
      field: 'seriesStartKey',
      message: 'This series has no session at that time; pick one from the list.',
    });
  }
  const changes =
    exception.start !== undefined ||
    exception.durationMinutes !== undefined ||
    exception.mode !== undefined ||
    exception.venue !== undefined;
  if (exception.cancelled && changes) {
    errors.push({ field: 'cancelled', message: 'A session is either cancelled or changed, not both; choose one.' });
  }
  if (!exception.cancelled && !changes) {
    errors.push({
      field: 'start',
      message: 'Nothing has changed; cancel the session, or change its time, mode or venue.',
    });
  }
  if (exception.start !== undefined && Number.isNaN(exception.start.getTime())) {
    errors.push({ field: 'start', message: 'The new start is not a date and time we can read.' });
  }
  const duration = exception.durationMinutes;
  if (duration !== undefined && (!Number.isInteger(duration) || duration < 1 || duration > MAX_DURATION_MINUTES)) {
    errors.push({ field: 'durationMinutes', message: 'The length must be a whole number of minutes, from 1 to 1440.' });
  }
  const mode = exception.mode ?? series.mode;
  if (mode !== 'online' && (exception.venue ?? series.venue) === undefined) {
    errors.push({ field: 'venue', message: 'A session in person needs a venue: add its name and address.' });
  } else if (exception.venue !== undefined) {
    checkVenue(mode, exception.venue, errors);
  }
  if (exception.reason !== undefined && exception.reason.trim().length > MAX_REASON) {
    errors.push({ field: 'reason', message: `Keep the reason to ${MAX_REASON} characters or fewer.` });
  }
  if (errors.length === 0) return { ok: true };
  const message =
    errors.length === 1 && errors[0] !== undefined
      ? errors[0].message
      : `${errors.length} things need changing before this change can be saved; each one is marked.`;
  return refuse('invalid_exception', message, errors);
}
