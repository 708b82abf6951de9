import type {
  CreateSeries,
  Series,
  SeriesDraft,
  SeriesEnd,
  SeriesRule,
  Weekday,
} from '@peer-support/contracts/schedule';
import { DEFAULT_TIME_ZONE, SET_POSITIONS, type SetPosition, WEEKDAYS } from '@peer-support/domain/series';
import { DAY_NAMES, describeSeries, POSITION_NAMES } from '@peer-support/domain/series-words';
import { longDay } from './schedule-words.ts';

/**
 * The series form's values as typed, and what they become: the request body, the plain-words
 * preview, and what an edit to a series that has met says. Pure, so it is unit-tested without a page.
 */

/** The days in the order the form lists them, with the words the plain-words preview uses. */
export const DAY_CHOICES = WEEKDAYS.map((day) => ({ day, name: DAY_NAMES[day] }));
export const POSITION_CHOICES = SET_POSITIONS.map((position) => ({
  value: String(position),
  label: POSITION_NAMES[position],
}));

export type Repeat = 'weekly' | 'monthly_weekday' | 'monthly_date';
export const REPEAT_LABELS: Record<Repeat, string> = {
  weekly: 'Weekly, on chosen days',
  monthly_weekday: 'Monthly, on a weekday (for example the first Tuesday)',
  monthly_date: 'Monthly, on a date (for example the 15th)',
};

/** The form as typed: numbers stay text until submit, so a half-typed value is not lost. */
export interface SeriesValues {
  repeat: Repeat;
  interval: string;
  days: Weekday[];
  position: string;
  monthWeekday: Weekday;
  monthDay: string;
  startDate: string;
  startTime: string;
  duration: string;
  timeZone: string;
  endKind: SeriesEnd['kind'];
  count: string;
  until: string;
  mode: CreateSeries['mode'];
  venueName: string;
  venueAddress: string;
  accessNotes: string;
  mapUrl: string;
}

export const blankSeries = (): SeriesValues => ({
  repeat: 'weekly',
  interval: '1',
  days: [],
  position: '1',
  monthWeekday: 'TU',
  monthDay: '1',
  startDate: '',
  startTime: '18:30',
  duration: '90',
  timeZone: DEFAULT_TIME_ZONE,
  endKind: 'never',
  count: '10',
  until: '',
  mode: 'online',
  venueName: '',
  venueAddress: '',
  accessNotes: '',
  mapUrl: '',
});

export function fromSeries(s: Series): SeriesValues {
  const values = blankSeries();
  const r = s.rule;
  if (r.freq === 'weekly') Object.assign(values, { repeat: 'weekly', days: r.byDay });
  else if ('byMonthDay' in r) Object.assign(values, { repeat: 'monthly_date', monthDay: String(r.byMonthDay) });
  else Object.assign(values, { repeat: 'monthly_weekday', position: String(r.bySetPos), monthWeekday: r.byDay });
  return {
    ...values,
    interval: String(r.interval),
    startDate: s.startDate,
    startTime: s.startTime,
    duration: String(s.durationMinutes),
    timeZone: s.timeZone,
    endKind: s.end.kind,
    count: s.end.kind === 'count' ? String(s.end.count) : values.count,
    until: s.end.kind === 'until' ? s.end.date : '',
    mode: s.mode,
    venueName: s.venue?.name ?? '',
    venueAddress: s.venue?.address ?? '',
    accessNotes: s.venue?.accessNotes ?? '',
    mapUrl: s.venue?.mapUrl ?? '',
  };
}

/** Text the API must judge (empty, "abc") goes as NaN → null, so the API's message names the field. */
const whole = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

function toRule(v: SeriesValues): SeriesRule {
  const interval = whole(v.interval);
  if (v.repeat === 'weekly') return { freq: 'weekly', interval, byDay: v.days };
  if (v.repeat === 'monthly_date') return { freq: 'monthly', interval, byMonthDay: whole(v.monthDay) };
  return { freq: 'monthly', interval, byDay: v.monthWeekday, bySetPos: Number(v.position) as SetPosition };
}

function toEnd(v: SeriesValues): SeriesEnd {
  if (v.endKind === 'count') return { kind: 'count', count: whole(v.count) };
  if (v.endKind === 'until') return { kind: 'until', date: v.until };
  return { kind: 'never' };
}

export const hasVenue = (mode: SeriesValues['mode']) => mode !== 'online';

export function toSeriesBody(v: SeriesValues): SeriesDraft {
  const body: SeriesDraft = {
    rule: toRule(v),
    startDate: v.startDate,
    startTime: v.startTime,
    durationMinutes: whole(v.duration),
    timeZone: v.timeZone,
    end: toEnd(v),
    mode: v.mode,
  };
  if (hasVenue(v.mode)) {
    body.venue = {
      name: v.venueName.trim(),
      address: v.venueAddress.trim(),
      ...(v.accessNotes.trim() && { accessNotes: v.accessNotes.trim() }),
      ...(v.mapUrl.trim() && { mapUrl: v.mapUrl.trim() }),
    };
  }
  return body;
}

/** What the preview says: the plain words once they make sense, or what is still missing. */
export function previewWords(v: SeriesValues): string {
  const body = toSeriesBody(v);
  const missing: string[] = [];
  if (v.repeat === 'weekly' && v.days.length === 0) missing.push('at least one day');
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(v.startTime)) missing.push('a start time');
  if (!Number.isInteger(body.durationMinutes) || body.durationMinutes < 1) missing.push('how long sessions last');
  if (!Number.isInteger(body.rule.interval) || body.rule.interval < 1) missing.push('how often it repeats');
  if ('byMonthDay' in body.rule && !(body.rule.byMonthDay >= 1 && body.rule.byMonthDay <= 31))
    missing.push('a day of the month');
  if (body.end?.kind === 'count' && !(Number.isInteger(body.end.count) && body.end.count >= 1))
    missing.push('how many times');
  if (body.end?.kind === 'until' && !/^\d{4}-\d{2}-\d{2}$/.test(body.end.date)) missing.push('the last date');
  return missing.length > 0 ? `Still to choose: ${missing.join(', ')}.` : describeSeries(body);
}

/** What an edit to a series that has met needs to say: it applies from a day, never behind. */
export interface ChangeFrom {
  met: number;
  /** The next session's start, if it has one. */
  nextStart: string | undefined;
  timeZone: string;
}

/** "From Thursday, 10 December 2026: …. The 5 sessions that have taken place stay as they were." */
export function changeWords(words: string, change: ChangeFrom, effectiveFrom: string): string {
  if (change.met === 0) return words;
  const from = effectiveFrom
    ? longDay(`${effectiveFrom}T12:00:00Z`, 'UTC')
    : change.nextStart && longDay(change.nextStart, change.timeZone);
  const kept =
    change.met === 1
      ? 'The session that has taken place stays as it was.'
      : `The ${change.met} sessions that have taken place stay as they were.`;
  const sentence = words.endsWith('.') ? words : `${words}.`;
  return from ? `From ${from}: ${sentence} ${kept}` : `${sentence} ${kept}`;
}
