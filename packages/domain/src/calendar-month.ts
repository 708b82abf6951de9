import { type Refusal, refuse } from './refusal.ts';

/**
 * Calendar months (YYYY-MM) as the schedule pages show them. A month is read on the clock of
 * the group's zone: 00:30 on 1 July in London is July's, though it is 30 June in UTC.
 */

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
/** How far from today a schedule may be paged, either way: as far as a date range may reach. */
const MAX_MONTHS_AWAY = 24;
/** Wall clocks run from 12 hours behind UTC to 14 ahead. */
const BEHIND_MS = 12 * 3600 * 1000;
const AHEAD_MS = 14 * 3600 * 1000;

const monthIndex = (year: number, month: number) => year * 12 + (month - 1);

export function validateMonth(month: string, now: Date): { ok: true } | Refusal<'invalid_month'> {
  const match = MONTH.exec(month);
  if (!match) {
    return refuse('invalid_month', 'That month is not one we can read; write it as YYYY-MM, for example 2027-03.', [
      { field: 'month', message: 'Write the month as YYYY-MM, for example 2027-03.' },
    ]);
  }
  const away = monthIndex(Number(match[1]), Number(match[2])) - monthIndex(now.getUTCFullYear(), now.getUTCMonth() + 1);
  if (Math.abs(away) > MAX_MONTHS_AWAY) {
    return refuse('invalid_month', 'Choose a month within two years of today.', [
      { field: 'month', message: 'Choose a month within two years of today.' },
    ]);
  }
  return { ok: true };
}

/**
 * Every instant that falls in `month` on some wall clock: from the 1st in the zone furthest
 * ahead to the end of the last day in the zone furthest behind. Expand over this, then keep
 * what `inMonth` says is the group's; `month` must have passed `validateMonth`.
 */
export function monthRange(month: string): { from: Date; to: Date } {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return {
    from: new Date(Date.UTC(year, m - 1, 1) - AHEAD_MS),
    to: new Date(Date.UTC(year, m, 1) + BEHIND_MS),
  };
}

/** The YYYY-MM an instant falls in on the clock of `timeZone`. */
export function monthOf(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).format(instant).slice(0, 7);
}

export const inMonth = (instant: Date, timeZone: string, month: string) => monthOf(instant, timeZone) === month;
