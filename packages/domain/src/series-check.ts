import type { RRuleTemporal } from 'rrule-temporal';
import type { Refusal } from './refusal.ts';
import { type FieldError, refuse } from './refusal.ts';
import {
  DEFAULT_TIME_ZONE,
  FIRST_YEAR,
  LAST_YEAR,
  MAX_COUNT,
  MAX_DURATION_MINUTES,
  MAX_INTERVAL,
  type PlainDateFields,
  parseDate,
  parseTime,
  SESSION_MODES,
  SET_POSITIONS,
  type Series,
  type SeriesEnd,
  type SeriesInput,
  type SeriesRule,
  type SeriesRuleInput,
  type SessionMode,
  type SetPosition,
  type Venue,
  WEEKDAYS,
  type Weekday,
} from './series.ts';
import { floatingRule } from './series-rrule.ts';
import { longDate, monthsSkipped } from './series-words.ts';

/**
 * Checking a series as a provider admin entered it: every mistake at once, one sentence each,
 * against its own field. Expansion (`recurrence.ts`) and calendar text only ever see a series
 * that passed here.
 */
const MAX_VENUE_NAME = 200;
const MAX_VENUE_ADDRESS = 500;
const MAX_ACCESS_NOTES = 2000;
const MAX_MAP_URL = 2000;
export const MAX_REASON = 500;

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
export function checkVenue(
  mode: SessionMode,
  venue: Venue | undefined,
  errors: FieldError[],
): { venue?: Venue } | null {
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
// Small parsers

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

export function mustCheck(input: SeriesInput): Extract<Checked, { ok: true }> {
  const checked = check(input);
  if (!checked.ok) throw new RangeError(`Invalid series: ${checked.message}`);
  return checked;
}

export function mustBeValid(input: SeriesInput): Series {
  return mustCheck(input).series;
}
