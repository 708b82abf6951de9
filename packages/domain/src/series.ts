/**
 * What a series is, as every layer spells it: the rule's words (weekdays, set positions), the
 * session modes, the shapes of a series, and the limits on them. Contracts build their schemas
 * from these lists and the database its column enums, so each is stated here once. No
 * recurrence library is imported here: the web reads this module and `series-words.ts`.
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
/** The years a series date may fall in: wide enough for any real group, narrow enough to catch typos. */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2199;

export type PlainDateFields = { year: number; month: number; day: number };

/** `YYYY-MM-DD` as a real calendar date between FIRST_YEAR and LAST_YEAR, or null. */
export function parseDate(text: unknown): PlainDateFields | null {
  if (typeof text !== 'string') return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < FIRST_YEAR || year > LAST_YEAR || month < 1 || month > 12) return null;
  // Date.UTC rolls 30 February over into March; a real date comes back unchanged.
  const roundTrip = new Date(Date.UTC(year, month - 1, day));
  return roundTrip.getUTCMonth() === month - 1 && roundTrip.getUTCDate() === day ? { year, month, day } : null;
}

/** `HH:MM`, 24-hour, or null. */
export function parseTime(text: unknown): { hour: number; minute: number } | null {
  if (typeof text !== 'string') return null;
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return match === null ? null : { hour: Number(match[1]), minute: Number(match[2]) };
}

export function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}
