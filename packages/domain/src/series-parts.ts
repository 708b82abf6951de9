import { Temporal } from 'temporal-polyfill';
import { expand, nextOccurrences, type Occurrence, type OccurrenceExceptions } from './recurrence.ts';
import { type Refusal, refuse } from './refusal.ts';
import type { Series } from './series.ts';
import { longDate } from './series-words.ts';
import { DAY_MS } from './time.ts';

/**
 * Editing a series that has met changes it from a date forward, never behind: what took place
 * keeps its time, length, place and attendance. A series whose every started session the new
 * fields would produce the same (it has not met yet, or only its end moved) is changed in
 * place. Otherwise it is split, RFC 5545's "this and future": the series as it was ends the
 * day before, and a new part carries the new fields on from that day (see
 * docs/decisions/0016-series-edits-apply-from-a-date.md).
 */
export type SeriesEditPlan =
  | { ok: true; kind: 'in_place' }
  | { ok: true; kind: 'split'; from: string; earlier: Series; later: Series };

/** The local date of an occurrence key (`2026-10-29T18:30[Europe/London]` → `2026-10-29`). */
export const keyDate = (key: string) => key.slice(0, 10);

const dayBefore = (date: string) => Temporal.PlainDate.from(date).subtract({ days: 1 }).toString();

/** Every occurrence of `series` that has started by `now`, exceptions applied. */
export function startedOccurrences(series: Series, now: Date, exceptions?: OccurrenceExceptions): Occurrence[] {
  const from = new Date(Date.parse(`${series.startDate}T00:00:00Z`) - 2 * DAY_MS);
  if (from > now) return [];
  return expand(series, { from, to: new Date(now.getTime() + 1) }, exceptions).filter((o) => o.start <= now);
}

const same = (a: Occurrence, b: Occurrence | undefined) =>
  b !== undefined &&
  a.seriesStartKey === b.seriesStartKey &&
  a.start.getTime() === b.start.getTime() &&
  a.end.getTime() === b.end.getTime() &&
  a.mode === b.mode &&
  JSON.stringify(a.venue ?? null) === JSON.stringify(b.venue ?? null);

/**
 * How to apply an edit (`after`, already checked by `validateSeries`) to `before` at `now`.
 * `effectiveFrom` is the admin's choice of first day; by default the day of the next session
 * that has not started.
 */
export function planSeriesEdit(input: {
  before: Series;
  after: Series;
  now: Date;
  exceptions?: OccurrenceExceptions;
  effectiveFrom?: string | undefined;
}): SeriesEditPlan | Refusal<'series_has_met' | 'series_over'> {
  const { before, after, now, exceptions, effectiveFrom } = input;
  const started = startedOccurrences(before, now, exceptions);
  const last = started.at(-1);
  if (!last) {
    return effectiveFrom === undefined
      ? { ok: true, kind: 'in_place' }
      : refuse('series_has_met', 'This series has not met yet, so a change applies to all of it; leave out the date.', [
          { field: 'effectiveFrom', message: 'Leave this out: the series has not met yet.' },
        ]);
  }
  const lastDate = keyDate(last.seriesStartKey);
  const metUpTo = `Sessions up to ${longDate(lastDate)} have already taken place`;

  if (after.end.kind === 'until' && after.end.date < lastDate) {
    return refuse('series_has_met', `${metUpTo}; end the series on or after that day.`, [
      { field: 'end.date', message: `${metUpTo}; choose ${longDate(lastDate)} or later.` },
    ]);
  }
  if (effectiveFrom === undefined) {
    const startedNow = startedOccurrences(after, now, exceptions);
    if (startedNow.length === started.length && started.every((o, i) => same(o, startedNow[i]))) {
      return { ok: true, kind: 'in_place' };
    }
  }

  if (after.startDate !== before.startDate) {
    return refuse(
      'series_has_met',
      `This series first met on ${longDate(keyDate(started[0]?.seriesStartKey ?? before.startDate))}, so its start date stays; to change it from a later day, choose that day.`,
      [{ field: 'startDate', message: 'This series has already met: its start date stays as it is.' }],
    );
  }
  let from = effectiveFrom;
  if (from === undefined) {
    const next = nextOccurrences(before, now, 1, exceptions)[0];
    if (!next) {
      return refuse('series_over', 'This series has no sessions left to change. To meet again, add a new series.');
    }
    from = keyDate(next.seriesStartKey);
  } else if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || Number.isNaN(Date.parse(`${from}T00:00:00Z`))) {
    return refuse('series_has_met', 'Choose the day the change applies from as a date, like 2027-01-05.', [
      { field: 'effectiveFrom', message: 'Write the date as YYYY-MM-DD, for example 2027-01-05.' },
    ]);
  } else if (from <= lastDate) {
    return refuse('series_has_met', `${metUpTo}; a change can apply from the day after.`, [
      { field: 'effectiveFrom', message: `${metUpTo}; choose a later day.` },
    ]);
  }

  const earlier: Series = { ...before, end: { kind: 'until', date: dayBefore(from) } };
  let end = after.end;
  if (end.kind === 'count') {
    const held = expand(before, {
      from: new Date(Date.parse(`${before.startDate}T00:00:00Z`) - 2 * DAY_MS),
      to: new Date(Date.parse(`${from}T00:00:00Z`) + 2 * DAY_MS),
    }).filter((o) => keyDate(o.seriesStartKey) < from).length;
    if (end.count <= held) {
      return refuse(
        'series_has_met',
        `This series has already had ${held} sessions, so ${end.count} in all would end it before the change; end it instead.`,
        [{ field: 'end.count', message: `Choose more than ${held}: it has already had ${held} sessions.` }],
      );
    }
    end = { kind: 'count', count: end.count - held };
  }
  return { ok: true, kind: 'split', from, earlier, later: { ...after, startDate: from, end } };
}
