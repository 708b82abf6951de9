import {
  DEFAULT_TIME_ZONE,
  pad,
  parseDate,
  parseTime,
  type SeriesDraft,
  type SeriesEnd,
  type SeriesRule,
  type SessionMode,
  type SetPosition,
  type Venue,
  WEEKDAYS,
  type Weekday,
} from './series.ts';

/**
 * A series in plain words, as the series editor, the group page and the API say it. Light on
 * purpose (no recurrence library), so the web's series form imports it as it is typed.
 */
export const DAY_NAMES: Record<Weekday, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};
export const POSITION_NAMES: Record<SetPosition, string> = {
  1: 'First',
  2: 'Second',
  3: 'Third',
  4: 'Fourth',
  [-1]: 'Last',
};
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
export function describeSeries(input: Omit<SeriesDraft, 'end'> & { end?: SeriesEnd | undefined }): string {
  const timeZone = input.timeZone ?? DEFAULT_TIME_ZONE;
  const parts = [ruleWords(input.rule), timeWords(input.startTime, input.durationMinutes, timeZone)];
  parts.push(modeWords(input.mode, input.venue));
  // A draft being typed may have no end yet: it reads as a series that goes on.
  const end = input.end ?? { kind: 'never' };
  if (end.kind === 'count') parts.push(end.count === 1 ? 'once' : `${end.count} times`);
  if (end.kind === 'until') parts.push(`until ${longDate(end.date)}`);
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

/** "America/New_York" → "New York time": the city is what people recognise. A zone with no city ("UTC") is its name. */
export function zoneName(timeZone: string): string {
  if (!timeZone.includes('/') || timeZone.startsWith('Etc/')) return timeZone;
  return `${(timeZone.split('/').at(-1) ?? timeZone).replaceAll('_', ' ')} time`;
}

/** A zone after a time in a sentence: "New York time", or "(UTC)" for a zone with no city. */
function zoneWords(timeZone: string): string {
  const name = zoneName(timeZone);
  return name === timeZone ? `(${timeZone})` : name;
}

function modeWords(mode: SessionMode, venue: Venue | undefined): string {
  if (mode === 'online') return 'online';
  // A draft's venue may have no name yet.
  const place = venue?.name.trim() ? `in person at ${venue.name.trim()}` : 'in person';
  return mode === 'hybrid' ? `${place} or online` : place;
}

export function monthsSkipped(day: number): string | null {
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
