import { describe, expect, it } from 'vitest';
import type { Series } from './series.ts';
import { planSeriesEdit } from './series-parts.ts';

const thursdays: Series = {
  rule: { freq: 'weekly', interval: 1, byDay: ['TH'] },
  startDate: '2026-10-01',
  startTime: '18:30',
  durationMinutes: 90,
  timeZone: 'Europe/London',
  end: { kind: 'never' },
  mode: 'online',
};
// Wednesday 4 November 2026: five Thursdays have met (1 Oct to 29 Oct).
const now = new Date('2026-11-04T12:00:00Z');

describe('planSeriesEdit', () => {
  it('changes a series that has not met in place', () => {
    const before = { ...thursdays, startDate: '2026-12-01' };
    expect(planSeriesEdit({ before, after: { ...before, startTime: '19:00' }, now })).toEqual({
      ok: true,
      kind: 'in_place',
    });
  });

  it('changes in place when every session that has met stays the same (a later end)', () => {
    const after: Series = { ...thursdays, end: { kind: 'until', date: '2026-12-31' } };
    expect(planSeriesEdit({ before: thursdays, after, now })).toMatchObject({ kind: 'in_place' });
  });

  it('splits from the next session’s day when a session that met would change', () => {
    const plan = planSeriesEdit({ before: thursdays, after: { ...thursdays, startTime: '19:00' }, now });
    expect(plan).toMatchObject({
      ok: true,
      kind: 'split',
      from: '2026-11-05',
      earlier: { ...thursdays, end: { kind: 'until', date: '2026-11-04' } },
      later: { ...thursdays, startTime: '19:00', startDate: '2026-11-05' },
    });
  });

  it('counts what has met against a number of sessions', () => {
    const before: Series = { ...thursdays, end: { kind: 'count', count: 10 } };
    const plan = planSeriesEdit({ before, after: { ...before, durationMinutes: 60 }, now });
    expect(plan).toMatchObject({ kind: 'split', later: { end: { kind: 'count', count: 5 } } });
    const tooFew = planSeriesEdit({
      before,
      after: { ...before, durationMinutes: 60, end: { kind: 'count', count: 5 } },
      now,
    });
    expect(tooFew).toMatchObject({ ok: false, fields: [{ field: 'end.count' }] });
  });

  it('refuses to end before, or apply from, a day that has met, and to move the first date', () => {
    const endBefore = planSeriesEdit({
      before: thursdays,
      after: { ...thursdays, end: { kind: 'until', date: '2026-10-20' } },
      now,
    });
    expect(endBefore).toMatchObject({ ok: false, code: 'series_has_met', fields: [{ field: 'end.date' }] });
    const fromPast = planSeriesEdit({
      before: thursdays,
      after: { ...thursdays, startTime: '19:00' },
      now,
      effectiveFrom: '2026-10-29',
    });
    expect(fromPast).toMatchObject({ ok: false, fields: [{ field: 'effectiveFrom' }] });
    const newStart = planSeriesEdit({ before: thursdays, after: { ...thursdays, startDate: '2026-11-10' }, now });
    expect(newStart).toMatchObject({ ok: false, fields: [{ field: 'startDate' }] });
  });

  it('applies from a chosen later day', () => {
    const plan = planSeriesEdit({
      before: thursdays,
      after: { ...thursdays, mode: 'hybrid', venue: { name: 'Hall', address: '1 Road' } },
      now,
      effectiveFrom: '2026-12-01',
    });
    expect(plan).toMatchObject({
      kind: 'split',
      from: '2026-12-01',
      earlier: { end: { kind: 'until', date: '2026-11-30' } },
    });
  });
});
