import type { SeriesDraft, SeriesRule, Weekday } from '@peer-support/contracts/schedule';
import { DEFAULT_TIME_ZONE, zoneName } from './schedule-words.ts';

/**
 * The rule in plain words while the series form is typed, in the same words the API answers
 * with (the domain's `describeSeries`; describe-draft.test.ts holds the two together). Written
 * here rather than imported because the domain module brings the recurrence library with it,
 * some 55 KB gzipped, to say one sentence.
 */
export function describeDraft(series: SeriesDraft): string {
  const timeZone = series.timeZone ?? DEFAULT_TIME_ZONE;
  const parts = [ruleWords(series.rule), timeWords(series.startTime, series.durationMinutes, timeZone)];
  const mode = series.mode;
  if (mode === 'online') parts.push('online');
  else {
    const place = series.venue?.name.trim() ? `in person at ${series.venue.name.trim()}` : 'in person';
    parts.push(mode === 'hybrid' ? `${place} or online` : place);
  }
  const end = series.end ?? { kind: 'never' };
  if (end.kind === 'count') parts.push(end.count === 1 ? 'once' : `${end.count} times`);
  if (end.kind === 'until') parts.push(`until ${longDate(end.date)}`);
  return parts.join(', ');
}

const DAY_NAMES: Record<Weekday, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};
const WEEK_ORDER: Weekday[] = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const POSITION_NAMES: Record<string, string> = {
  '1': 'First',
  '2': 'Second',
  '3': 'Third',
  '4': 'Fourth',
  '-1': 'Last',
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

function ruleWords(rule: SeriesRule): string {
  if (rule.freq === 'weekly') {
    const every = rule.interval === 1 ? 'Every week' : `Every ${rule.interval} weeks`;
    return `${every} on ${listWords(WEEK_ORDER.filter((d) => rule.byDay.includes(d)).map((d) => DAY_NAMES[d]))}`;
  }
  const ofEvery = rule.interval === 1 ? 'of every month' : `of every ${rule.interval} months`;
  if ('byMonthDay' in rule) {
    const nth = ordinal(rule.byMonthDay);
    const skip = rule.byMonthDay >= 29 ? ` (months without a ${nth} are skipped)` : '';
    return `On the ${nth} ${ofEvery}${skip}`;
  }
  return `${POSITION_NAMES[String(rule.bySetPos)]} ${DAY_NAMES[rule.byDay]} ${ofEvery}`;
}

function timeWords(startTime: string, durationMinutes: number, timeZone: string): string {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(startTime);
  if (!match) return startTime;
  const endMinutes = (Number(match[1]) * 60 + Number(match[2]) + durationMinutes) % (24 * 60);
  const end = `${pad(Math.floor(endMinutes / 60))}:${pad(endMinutes % 60)}`;
  if (timeZone === DEFAULT_TIME_ZONE) return `${startTime}–${end}`;
  const zone = timeZone.includes('/') && !timeZone.startsWith('Etc/') ? zoneName(timeZone) : `(${timeZone})`;
  return `${startTime}–${end} ${zone}`;
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

function longDate(text: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const month = MONTH_NAMES[Number(match?.[2]) - 1];
  return match && month ? `${Number(match[3])} ${month} ${match[1]}` : text;
}

const pad = (n: number) => String(n).padStart(2, '0');
