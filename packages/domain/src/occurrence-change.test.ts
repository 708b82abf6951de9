import { describe, expect, it } from 'vitest';
import { MAX_MOVE_MS, planOccurrenceChange } from './occurrence-change.ts';
import { occurrenceOf } from './recurrence.ts';
import type { Series } from './series.ts';
import { DAY_MS } from './time.ts';

const HALL = { name: 'Quaker Meeting House', address: '7 Victoria Terrace, Edinburgh EH1 2JL' };
const thursdays: Series = {
  rule: { freq: 'weekly', interval: 1, byDay: ['TH'] },
  startDate: '2026-10-01',
  startTime: '18:30',
  durationMinutes: 90,
  timeZone: 'Europe/London',
  end: { kind: 'never' },
  mode: 'in_person',
  venue: HALL,
};
// Thursday 5 November 2026, 18:30 in London (GMT by then).
const KEY = '2026-11-05T18:30[Europe/London]';
const usualStart = new Date('2026-11-05T18:30:00Z');
const now = new Date('2026-11-01T12:00:00Z');

describe('occurrenceOf', () => {
  it('finds the occurrence a key names, with its change applied', () => {
    expect(occurrenceOf(thursdays, KEY)).toMatchObject({ start: usualStart, moved: false, cancelled: false });
    const later = new Date('2026-11-06T19:00:00Z');
    expect(occurrenceOf(thursdays, KEY, { start: later, reason: 'Hall booked' })).toMatchObject({
      start: later,
      moved: true,
    });
  });

  it('finds nothing for a day the rule does not meet on, or text that is not a key', () => {
    expect(occurrenceOf(thursdays, '2026-11-04T18:30[Europe/London]')).toBeUndefined();
    expect(occurrenceOf(thursdays, 'not a key')).toBeUndefined();
  });
});

describe('planOccurrenceChange', () => {
  it('cancels a session still to come, its reason trimmed', () => {
    const plan = planOccurrenceChange(thursdays, KEY, { cancelled: true, reason: '  Hall closed ' }, now);
    expect(plan).toMatchObject({
      ok: true,
      exception: { cancelled: true, reason: 'Hall closed' },
      original: { start: usualStart, cancelled: false },
      effective: { start: usualStart, cancelled: true },
    });
  });

  it('moves a session, the new venue trimmed the way a series’ is', () => {
    const start = new Date('2026-11-06T19:00:00Z');
    const plan = planOccurrenceChange(
      thursdays,
      KEY,
      { start, durationMinutes: 60, venue: { name: ' Church Hall ', address: ' 1 High St ' }, reason: 'Moved' },
      now,
    );
    expect(plan).toMatchObject({
      ok: true,
      exception: { start, durationMinutes: 60, venue: { name: 'Church Hall', address: '1 High St' } },
      original: { start: usualStart },
      effective: { start, end: new Date('2026-11-06T20:00:00Z'), venue: { name: 'Church Hall' }, moved: true },
    });
  });

  it('refuses a session that has started, or is over', () => {
    for (const at of [usualStart, new Date(usualStart.getTime() + DAY_MS)]) {
      expect(planOccurrenceChange(thursdays, KEY, { cancelled: true, reason: 'Ill' }, at)).toMatchObject({
        ok: false,
        code: 'session_started',
      });
    }
  });

  it('refuses a move into the past, or further than a year from the usual date', () => {
    const refused = { ok: false, code: 'invalid_exception', fields: [{ field: 'start' }] };
    const past = new Date(now.getTime() - 60_000);
    expect(planOccurrenceChange(thursdays, KEY, { start: past, reason: 'Earlier' }, now)).toMatchObject(refused);
    const tooFar = new Date(usualStart.getTime() + MAX_MOVE_MS + 60_000);
    expect(planOccurrenceChange(thursdays, KEY, { start: tooFar, reason: 'Much later' }, now)).toMatchObject(refused);
    const justInReach = new Date(usualStart.getTime() + MAX_MOVE_MS);
    expect(planOccurrenceChange(thursdays, KEY, { start: justInReach, reason: 'A year on' }, now)).toMatchObject({
      ok: true,
    });
  });

  it('passes on what validateException finds, with its fields', () => {
    expect(
      planOccurrenceChange(thursdays, '2026-11-04T18:30[Europe/London]', { cancelled: true, reason: 'x' }, now),
    ).toMatchObject({ ok: false, code: 'invalid_exception', fields: [{ field: 'seriesStartKey' }] });
    expect(planOccurrenceChange(thursdays, KEY, { reason: 'Nothing' }, now)).toMatchObject({
      ok: false,
      code: 'invalid_exception',
    });
  });
});
