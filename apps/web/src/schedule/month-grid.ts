import { localDay } from './schedule-words.ts';

/**
 * A month calendar as plain data, worked out on YYYY-MM-DD and YYYY-MM keys with UTC date
 * maths, so the viewer's own zone (and its clock changes) can never shift a day.
 */

/** 0 is Sunday, 1 is Monday, as `Date.getUTCDay()` counts. */
export type WeekStart = 0 | 1;

export interface DayCell<T> {
  /** YYYY-MM-DD */
  day: string;
  dayOfMonth: number;
  /** 0 is Sunday. */
  weekday: number;
  sessions: T[];
}

export interface MonthGrid<T> {
  /** YYYY-MM */
  month: string;
  /** The column order, 0 being Sunday. */
  weekdays: number[];
  /** Whole weeks; null pads the days before the 1st and after the last. */
  weeks: (DayCell<T> | null)[][];
}

const pad = (n: number) => String(n).padStart(2, '0');

function parseMonth(month: string): { year: number; month: number } {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) throw new Error(`Not a YYYY-MM month: ${month}`);
  return { year: Number(match[1]), month: Number(match[2]) };
}

/** The YYYY-MM `n` months after (or before, for negative n) `month`. */
export function addMonths(month: string, n: number): string {
  const m = parseMonth(month);
  const date = new Date(Date.UTC(m.year, m.month - 1 + n, 1));
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}`;
}

/** Sessions keyed by the day they fall on in their own zone (the group's day, as the list and emails say it). */
export function sessionsByDay<T extends { start: string; timeZone: string }>(sessions: readonly T[]): Map<string, T[]> {
  const days = new Map<string, T[]>();
  for (const s of sessions) {
    const day = localDay(s.start, s.timeZone);
    const list = days.get(day);
    if (list) list.push(s);
    else days.set(day, [s]);
  }
  return days;
}

export function monthGrid<T>(month: string, byDay: ReadonlyMap<string, T[]>, weekStart: WeekStart = 1): MonthGrid<T> {
  const { year, month: m } = parseMonth(month);
  const firstWeekday = new Date(Date.UTC(year, m - 1, 1)).getUTCDay();
  // Day 0 of the next month is the last day of this one.
  const daysInMonth = new Date(Date.UTC(year, m, 0)).getUTCDate();
  const lead = (firstWeekday - weekStart + 7) % 7;

  const cells: (DayCell<T> | null)[] = Array.from({ length: lead }, () => null);
  for (let d = 1; d <= daysInMonth; d++) {
    const day = `${year}-${pad(m)}-${pad(d)}`;
    cells.push({ day, dayOfMonth: d, weekday: (firstWeekday + d - 1) % 7, sessions: byDay.get(day) ?? [] });
  }
  while (cells.length % 7 !== 0) cells.push(null);

  const weeks: (DayCell<T> | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return { month, weekdays: Array.from({ length: 7 }, (_, i) => (weekStart + i) % 7), weeks };
}
