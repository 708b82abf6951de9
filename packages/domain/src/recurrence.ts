import { RRuleTemporal } from 'rrule-temporal';
import { Temporal } from 'temporal-polyfill';
import { type FieldError, type Refusal, refuse } from './refusal.ts';

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

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const SESSION_MODES = ['online', 'in_person', 'hybrid'] as const;
export type SessionMode = (typeof SESSION_MODES)[number];

/** Which one in the month: first to fourth, or last (-1). A "fifth" is left out: most months have none. */
export const SET_POSITIONS = [1, 2, 3, 4, -1] as const;
export type SetPosition = (typeof SET_POSITIONS)[number];

export type SeriesRule =
  | { freq: 'weekly'; interval: number; byDay: Weekday[] }
  | { freq: 'monthly'; interval: number; byDay: Weekday; bySetPos: SetPosition }
  | { freq: 'monthly'; interval: number; byMonthDay: number };

export type SeriesEnd = { kind: 'never' } | { kind: 'count'; count: number } | { kind: 'until'; date: string };

export type Venue = { name: string; address: string; accessNotes?: string; mapUrl?: string };

/** A rule as it arrives: any of these fields, checked by `validateSeries` into a `SeriesRule`. */
export type SeriesRuleInput = {
  freq: string;
  interval: number;
  byDay?: unknown;
  bySetPos?: number | undefined;
  byMonthDay?: number | undefined;
};

export type SeriesInput = {
  rule: SeriesRuleInput;
  /** YYYY-MM-DD: the first day the rule applies; the first session is the first matching date on or after it. */
  startDate: string;
  /** HH:MM, 24-hour, local to `timeZone`. */
  startTime: string;
  durationMinutes: number;
  /** IANA name; defaults to Europe/London. */
  timeZone?: string;
  end: SeriesEnd;
  mode: SessionMode;
  /** Required for in_person and hybrid; dropped for online. */
  venue?: Venue;
};

/** A series that passed `validateSeries`: trimmed, time zone filled in and spelled canonically. */
/** A series whose rule is already a `SeriesRule` (what the editor builds, or what was stored). */
export type SeriesDraft = Omit<SeriesInput, 'rule'> & { rule: SeriesRule };

export type Series = Omit<SeriesDraft, 'timeZone'> & { timeZone: string };

export const DEFAULT_TIME_ZONE = 'Europe/London';
export const MAX_INTERVAL = 12;
export const MAX_COUNT = 1000;
export const MAX_DURATION_MINUTES = 24 * 60;
/** Two years, leap day included, so "the next two years" is always allowed. */
export const MAX_RANGE_MS = 2 * 366 * 24 * 60 * 60 * 1000;
/** A weekly series on every day for two years is 732 sessions; 2000 leaves room for a blended timeline. */
export const MAX_OCCURRENCES = 2000;

const MINUTE_MS = 60 * 1000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const FIRST_YEAR = 2000;
const LAST_YEAR = 2199;
const MAX_VENUE_NAME = 200;
const MAX_VENUE_ADDRESS = 500;
const MAX_ACCESS_NOTES = 2000;
const MAX_MAP_URL = 2000;
const MAX_REASON = 500;

// ---------------------------------------------------------------------------------------------
// Validation

export type SeriesRefusal = Refusal<'invalid_series'>;
/**
 * `notes` are things worth telling the person that are not wrong, such as "a series on the
 * 31st has no session in short months", so the editor can show them beside the rule.
 */
export type SeriesResult = { ok: true; series: Series; notes: string[] } | SeriesRefusal;

/**
 * Checks a series as a provider admin entered it. Every problem is reported at once, each
 * against its own field (`rule.interval`, `end.date`, `venue.name`, …), so a form can mark
 * them all; the API prefixes the path (e.g. `body.`).
 */
export function validateSeries(input: SeriesInput): SeriesResult {
  const checked = check(input);
  return checked.ok ? { ok: true, series: checked.series, notes: checked.notes } : checked;
}

type Checked = { ok: true; series: Series; notes: string[]; floating: RRuleTemporal } | SeriesRefusal;

function check(input: SeriesInput): Checked {
  const errors: FieldError[] = [];
  const notes: string[] = [];

  const timeZone = canonicalTimeZone(input.timeZone ?? DEFAULT_TIME_ZONE);
  if (timeZone === null) {
    errors.push({
      field: 'timeZone',
      message: `“${String(input.timeZone)}” is not a time zone we know; use a name like Europe/London.`,
    });
  }

  const start = parseDate(input.startDate);
  if (start === null) {
    errors.push({ field: 'startDate', message: dateMessage('The start date', input.startDate) });
  }
  if (parseTime(input.startTime) === null) {
    errors.push({
      field: 'startTime',
      message: 'The start time must be a 24-hour time written as HH:MM, for example 19:00.',
    });
  }

  const duration = input.durationMinutes;
  if (typeof duration !== 'number' || !Number.isInteger(duration)) {
    errors.push({ field: 'durationMinutes', message: 'The length must be a whole number of minutes, for example 90.' });
  } else if (duration < 1) {
    errors.push({ field: 'durationMinutes', message: 'A session must last at least 1 minute.' });
  } else if (duration > MAX_DURATION_MINUTES) {
    errors.push({
      field: 'durationMinutes',
      message: `A session can last at most 24 hours (${MAX_DURATION_MINUTES} minutes); for anything longer, add more than one series.`,
    });
  }

  const rule = checkRule(input.rule, errors, notes);
  const end = checkEnd(input.end, input.startDate, start, errors);
  const venue = checkVenue(input.mode, input.venue, errors);

  if (errors.length > 0 || rule === null || end === null || timeZone === null || venue === null) {
    return invalid(errors);
  }

  const series: Series = {
    rule,
    startDate: input.startDate,
    startTime: input.startTime,
    durationMinutes: duration,
    timeZone,
    end,
    mode: input.mode,
    ...(venue.venue === undefined ? {} : { venue: venue.venue }),
  };

  // A start that does not match the pattern is fine (the first session is the next match),
  // but an until date before the first match leaves a series with no sessions at all.
  const floating = floatingRule(series);
  const first = floating.next(new Date(Date.UTC(FIRST_YEAR, 0, 1)), true);
  if (first === null) {
    return invalid([
      {
        field: 'end.date',
        message: `This pattern has no sessions between ${longDate(series.startDate)} and ${
          end.kind === 'until' ? longDate(end.date) : 'the end'
        }; choose a later end date.`,
      },
    ]);
  }
  return { ok: true, series, notes, floating };
}

function checkRule(rule: SeriesRuleInput, errors: FieldError[], notes: string[]): SeriesRule | null {
  if (rule === null || typeof rule !== 'object' || (rule.freq !== 'weekly' && rule.freq !== 'monthly')) {
    errors.push({ field: 'rule.freq', message: 'Choose how often the group meets: weekly or monthly.' });
    return null;
  }
  const unit = rule.freq === 'weekly' ? 'weeks' : 'months';
  const intervalOk = Number.isInteger(rule.interval) && rule.interval >= 1 && rule.interval <= MAX_INTERVAL;
  if (!intervalOk) {
    errors.push({
      field: 'rule.interval',
      message: `Repeat every 1 to ${MAX_INTERVAL} ${unit} (1 means every ${unit.slice(0, -1)}).`,
    });
  }

  if (rule.freq === 'weekly') {
    const days = rule.byDay;
    if (!Array.isArray(days) || days.length === 0) {
      errors.push({ field: 'rule.byDay', message: 'Choose at least one day of the week.' });
      return null;
    }
    if (!days.every(isWeekday)) {
      errors.push({ field: 'rule.byDay', message: `Days of the week must be among ${WEEKDAYS.join(', ')}.` });
      return null;
    }
    for (const field of ['bySetPos', 'byMonthDay'] as const) {
      if (rule[field] !== undefined) {
        errors.push({
          field: `rule.${field}`,
          message: `A weekly series meets on days of the week only; leave out ${field} (it is for monthly series).`,
        });
        return null;
      }
    }
    // One order everywhere (RRULE text, descriptions, equality): Monday first, no repeats.
    const byDay = WEEKDAYS.filter((day) => days.includes(day));
    return intervalOk ? { freq: 'weekly', interval: rule.interval, byDay } : null;
  }

  const byWeekday = rule.byDay !== undefined || rule.bySetPos !== undefined;
  if (rule.byMonthDay !== undefined && byWeekday) {
    errors.push({
      field: 'rule.byMonthDay',
      message:
        'A monthly series meets either on a date in the month or on a day of the week (for example the first Tuesday), not both.',
    });
    return null;
  }
  if (rule.byMonthDay === undefined && !byWeekday) {
    errors.push({
      field: 'rule.byDay',
      message: 'Choose a date in the month or a day of the week (for example the first Tuesday).',
    });
    return null;
  }
  if (rule.byMonthDay !== undefined) {
    const day = rule.byMonthDay;
    if (!Number.isInteger(day) || day < 1 || day > 31) {
      errors.push({ field: 'rule.byMonthDay', message: 'Choose a date in the month from 1 to 31.' });
      return null;
    }
    const skipped = monthsSkipped(day);
    if (skipped !== null) notes.push(skipped);
    return intervalOk ? { freq: 'monthly', interval: rule.interval, byMonthDay: day } : null;
  }

  const { byDay, bySetPos } = rule;
  let ok = intervalOk;
  if (!isWeekday(byDay)) {
    errors.push({ field: 'rule.byDay', message: 'Choose a day of the week, for example Tuesday.' });
    ok = false;
  }
  if (!isSetPosition(bySetPos)) {
    errors.push({
      field: 'rule.bySetPos',
      message: 'Choose which one in the month: the first, second, third, fourth or last.',
    });
    ok = false;
  }
  return ok && isWeekday(byDay) && isSetPosition(bySetPos)
    ? { freq: 'monthly', interval: rule.interval, byDay, bySetPos }
    : null;
}

const isSetPosition = (value: unknown): value is SetPosition => (SET_POSITIONS as readonly unknown[]).includes(value);

function checkEnd(
  end: SeriesEnd,
  startText: string,
  start: PlainDateFields | null,
  errors: FieldError[],
): SeriesEnd | null {
  if (end === null || typeof end !== 'object') {
    errors.push({
      field: 'end.kind',
      message: 'Choose how the series ends: never, after a number of sessions, or on a date.',
    });
    return null;
  }
  switch (end.kind) {
    case 'never':
      return { kind: 'never' };
    case 'count':
      if (!Number.isInteger(end.count) || end.count < 1 || end.count > MAX_COUNT) {
        errors.push({
          field: 'end.count',
          message: `The number of sessions must be a whole number from 1 to ${MAX_COUNT}; for more, choose an end date or no end.`,
        });
        return null;
      }
      return { kind: 'count', count: end.count };
    case 'until': {
      const until = parseDate(end.date);
      if (until === null) {
        errors.push({ field: 'end.date', message: dateMessage('The end date', end.date) });
        return null;
      }
      if (start !== null && end.date < startText) {
        errors.push({
          field: 'end.date',
          message: `The end date (${longDate(end.date)}) is before the start date (${longDate(startText)}); choose an end date on or after the start.`,
        });
        return null;
      }
      return { kind: 'until', date: end.date };
    }
    default:
      errors.push({
        field: 'end.kind',
        message: 'Choose how the series ends: never, after a number of sessions, or on a date.',
      });
      return null;
  }
}

/** `{ venue }` when the mode and venue agree (venue undefined for online), `null` after reporting a problem. */
function checkVenue(mode: SessionMode, venue: Venue | undefined, errors: FieldError[]): { venue?: Venue } | null {
  if (!(SESSION_MODES as readonly unknown[]).includes(mode)) {
    errors.push({ field: 'mode', message: 'Choose how people take part: online, in person, or hybrid (both).' });
    return null;
  }
  // An online session with a venue would send people to a building with nobody there; the
  // form may still hold an old venue after switching to online, so it is dropped, not refused.
  if (mode === 'online') return {};
  const what = mode === 'hybrid' ? 'A hybrid session' : 'An in-person session';
  if (venue === undefined || venue === null || typeof venue !== 'object') {
    errors.push({ field: 'venue', message: `${what} needs a venue: add its name and address.` });
    return null;
  }
  const before = errors.length;
  const name = typeof venue.name === 'string' ? venue.name.trim() : '';
  const address = typeof venue.address === 'string' ? venue.address.trim() : '';
  const accessNotes = typeof venue.accessNotes === 'string' ? venue.accessNotes.trim() : '';
  const mapUrl = typeof venue.mapUrl === 'string' ? venue.mapUrl.trim() : '';
  if (name === '') errors.push({ field: 'venue.name', message: 'Add the name of the venue.' });
  else if (name.length > MAX_VENUE_NAME) {
    errors.push({ field: 'venue.name', message: `Keep the venue name to ${MAX_VENUE_NAME} characters or fewer.` });
  }
  if (address === '') {
    errors.push({ field: 'venue.address', message: 'Add the address of the venue, so people can find it.' });
  } else if (address.length > MAX_VENUE_ADDRESS) {
    errors.push({ field: 'venue.address', message: `Keep the address to ${MAX_VENUE_ADDRESS} characters or fewer.` });
  }
  if (accessNotes.length > MAX_ACCESS_NOTES) {
    errors.push({
      field: 'venue.accessNotes',
      message: `Keep the access notes to ${MAX_ACCESS_NOTES} characters or fewer.`,
    });
  }
  if (mapUrl !== '' && (!isWebAddress(mapUrl) || mapUrl.length > MAX_MAP_URL)) {
    errors.push({
      field: 'venue.mapUrl',
      message: 'The map link must be a web address starting with https://, for example a link from a map website.',
    });
  }
  if (errors.length > before) return null;
  return {
    venue: {
      name,
      address,
      ...(accessNotes === '' ? {} : { accessNotes }),
      ...(mapUrl === '' ? {} : { mapUrl }),
    },
  };
}

function invalid(fields: FieldError[]): SeriesRefusal {
  const message =
    fields.length === 1 && fields[0] !== undefined
      ? fields[0].message
      : `${fields.length} things need changing before this series can be saved; each one is marked.`;
  return refuse('invalid_series', message, fields);
}

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

function ruleParts(series: Series): string[] {
  const { rule } = series;
  const parts = [`FREQ=${rule.freq === 'weekly' ? 'WEEKLY' : 'MONTHLY'}`];
  if (rule.interval > 1) parts.push(`INTERVAL=${rule.interval}`);
  if (rule.freq === 'weekly') {
    parts.push(`BYDAY=${rule.byDay.join(',')}`);
    if (rule.interval > 1) parts.push('WKST=MO');
  } else if ('byMonthDay' in rule) {
    parts.push(`BYMONTHDAY=${rule.byMonthDay}`);
  } else {
    parts.push(`BYDAY=${rule.bySetPos}${rule.byDay}`);
  }
  return parts;
}

/** `utc`: the real instant, for export. `floating`: the same bound on the floating wall clock the library expands on. */
function endPart(series: Series, frame: 'utc' | 'floating'): string[] {
  const { end } = series;
  if (end.kind === 'never') return [];
  if (end.kind === 'count') return [`COUNT=${end.count}`];
  const compact = end.date.replaceAll('-', '');
  if (frame === 'floating') return [`UNTIL=${compact}T235959Z`];
  const lastSecond = Temporal.PlainDateTime.from(`${end.date}T23:59:59`)
    .toZonedDateTime(series.timeZone, { disambiguation: 'compatible' })
    .toInstant()
    .toZonedDateTimeISO('UTC');
  const { year, month, day, hour, minute, second } = lastSecond;
  return [`UNTIL=${pad(year, 4)}${pad(month)}${pad(day)}T${pad(hour)}${pad(minute)}${pad(second)}Z`];
}

/** The rule on a wall clock with no clock changes (see the top of the file for why). */
function floatingRule(series: Series): RRuleTemporal {
  return new RRuleTemporal({
    rruleString: [...ruleParts(series), ...endPart(series, 'floating')].join(';'),
    dtstart: Temporal.PlainDateTime.from(`${series.startDate}T${series.startTime}`).toZonedDateTime('UTC'),
  });
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

// ---------------------------------------------------------------------------------------------
// Plain words

const DAY_NAMES: Record<Weekday, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};
const POSITION_NAMES: Record<SetPosition, string> = { 1: 'First', 2: 'Second', 3: 'Third', 4: 'Fourth', [-1]: 'Last' };
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * The rule in plain words, as the series editor and group page show it, e.g.
 * "First Tuesday of every month, 19:00–20:30, online" or
 * "Every 2 weeks on Monday and Thursday, 10:00–11:30, in person at St Mary's Hall, until 30 June 2027".
 * Times are 24-hour, as UK services write them; a zone other than Europe/London is named.
 */
export function describeSeries(input: SeriesDraft): string {
  const timeZone = input.timeZone ?? DEFAULT_TIME_ZONE;
  const parts = [ruleWords(input.rule), timeWords(input.startTime, input.durationMinutes, timeZone)];
  parts.push(modeWords(input.mode, input.venue));
  if (input.end.kind === 'count') parts.push(input.end.count === 1 ? 'once' : `${input.end.count} times`);
  if (input.end.kind === 'until') parts.push(`until ${longDate(input.end.date)}`);
  return parts.join(', ');
}

function ruleWords(rule: SeriesRule): string {
  if (rule.freq === 'weekly') {
    const every = rule.interval === 1 ? 'Every week' : `Every ${rule.interval} weeks`;
    return `${every} on ${listWords(WEEKDAYS.filter((day) => rule.byDay.includes(day)).map((day) => DAY_NAMES[day]))}`;
  }
  const ofEvery = rule.interval === 1 ? 'of every month' : `of every ${rule.interval} months`;
  if ('byMonthDay' in rule) {
    const nth = ordinal(rule.byMonthDay);
    const skip = rule.byMonthDay >= 29 ? ` (months without a ${nth} are skipped)` : '';
    return `On the ${nth} ${ofEvery}${skip}`;
  }
  return `${POSITION_NAMES[rule.bySetPos]} ${DAY_NAMES[rule.byDay]} ${ofEvery}`;
}

function timeWords(startTime: string, durationMinutes: number, timeZone: string): string {
  const start = parseTime(startTime);
  if (start === null) return startTime;
  const endMinutes = (start.hour * 60 + start.minute + durationMinutes) % (24 * 60);
  const end = `${pad(Math.floor(endMinutes / 60))}:${pad(endMinutes % 60)}`;
  const zone = timeZone === DEFAULT_TIME_ZONE ? '' : ` ${zoneWords(timeZone)}`;
  return `${startTime}–${end}${zone}`;
}

/** "America/New_York" → "New York time": the city is what people recognise. */
function zoneWords(timeZone: string): string {
  if (!timeZone.includes('/') || timeZone.startsWith('Etc/')) return `(${timeZone})`;
  return `${(timeZone.split('/').at(-1) ?? timeZone).replaceAll('_', ' ')} time`;
}

function modeWords(mode: SessionMode, venue: Venue | undefined): string {
  if (mode === 'online') return 'online';
  const place = venue === undefined ? 'in person' : `in person at ${venue.name.trim()}`;
  return mode === 'hybrid' ? `${place} or online` : place;
}

function monthsSkipped(day: number): string | null {
  if (day === 29) return 'February has a 29th only in leap years, so most years have no session in February.';
  if (day === 30) return 'February has no 30th, so there is no session in February.';
  if (day === 31) {
    return 'Months without a 31st are skipped: no session in February, April, June, September or November.';
  }
  return null;
}

function listWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${{ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th'}`;
}

export function longDate(text: string): string {
  const date = parseDate(text);
  return date === null ? text : `${date.day} ${MONTH_NAMES[date.month - 1]} ${date.year}`;
}

// ---------------------------------------------------------------------------------------------
// Small parsers

type PlainDateFields = { year: number; month: number; day: number };

function parseDate(text: unknown): PlainDateFields | null {
  if (typeof text !== 'string') return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < FIRST_YEAR || year > LAST_YEAR || month < 1 || month > 12) return null;
  // Date.UTC rolls 30 February over into March; a real date comes back unchanged.
  const roundTrip = new Date(Date.UTC(year, month - 1, day));
  return roundTrip.getUTCMonth() === month - 1 && roundTrip.getUTCDate() === day ? { year, month, day } : null;
}

function parseTime(text: unknown): { hour: number; minute: number } | null {
  if (typeof text !== 'string') return null;
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return match === null ? null : { hour: Number(match[1]), minute: Number(match[2]) };
}

function dateMessage(what: string, text: unknown): string {
  if (typeof text === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const year = Number(text.slice(0, 4));
    if (year < FIRST_YEAR || year > LAST_YEAR)
      return `${what} must be between the years ${FIRST_YEAR} and ${LAST_YEAR}.`;
    return `${what} ${text} is not a real date; check the day and month.`;
  }
  return `${what} must be written as YYYY-MM-DD, for example 2026-01-06.`;
}

let zoneNames: Map<string, string> | undefined;

/**
 * The zone's canonical spelling, or null. Fixed offsets such as "+01:00" are refused: they do
 * not follow clock changes, which is the mistake this module exists to prevent.
 */
function canonicalTimeZone(zone: unknown): string | null {
  if (typeof zone !== 'string') return null;
  const trimmed = zone.trim();
  if (trimmed === '' || /^[+-]/.test(trimmed)) return null;
  zoneNames ??= new Map(Intl.supportedValuesOf('timeZone').map((name) => [name.toLowerCase(), name]));
  const listed = zoneNames.get(trimmed.toLowerCase());
  if (listed !== undefined) return listed;
  try {
    // Valid but unlisted names (aliases such as "Europe/Kyiv" on some ICU versions, or "UTC").
    return new Intl.DateTimeFormat('en-GB', { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

function isWeekday(value: unknown): value is Weekday {
  return (WEEKDAYS as readonly unknown[]).includes(value);
}

function isWebAddress(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function mustCheck(input: SeriesInput): Extract<Checked, { ok: true }> {
  const checked = check(input);
  if (!checked.ok) throw new RangeError(`Invalid series: ${checked.message}`);
  return checked;
}

function mustBeValid(input: SeriesInput): Series {
  return mustCheck(input).series;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}
