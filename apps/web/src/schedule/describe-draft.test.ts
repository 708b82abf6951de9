import type { SeriesDraft } from '@peer-support/contracts/schedule';
import { describeSeries } from '@peer-support/domain/recurrence';
import { describe, expect, it } from 'vitest';
import { describeDraft } from './describe-draft.ts';

const base = { startDate: '2026-01-06', startTime: '19:00', durationMinutes: 90 } as const;
const cases: SeriesDraft[] = [
  { ...base, rule: { freq: 'monthly', interval: 1, byDay: 'TU', bySetPos: 1 }, mode: 'online' },
  { ...base, rule: { freq: 'monthly', interval: 2, byDay: 'FR', bySetPos: -1 }, mode: 'online', timeZone: 'UTC' },
  {
    ...base,
    startTime: '18:30',
    rule: { freq: 'weekly', interval: 1, byDay: ['TH', 'MO'] },
    mode: 'in_person',
    venue: { name: ' St Mary’s Hall ', address: '1 Kirk Street' },
    end: { kind: 'until', date: '2027-06-30' },
  },
  {
    ...base,
    startTime: '23:30',
    rule: { freq: 'weekly', interval: 3, byDay: ['SU'] },
    mode: 'hybrid',
    venue: { name: 'The Hub', address: 'Leith Walk' },
    timeZone: 'America/New_York',
    end: { kind: 'count', count: 6 },
  },
  { ...base, rule: { freq: 'monthly', interval: 1, byMonthDay: 31 }, mode: 'online', end: { kind: 'count', count: 1 } },
  { ...base, rule: { freq: 'monthly', interval: 1, byMonthDay: 12 }, mode: 'online', timeZone: 'Europe/London' },
];

describe('describeDraft', () => {
  it.each(cases)('says what the API will say: %j', (series) => {
    expect(describeDraft(series)).toBe(describeSeries({ ...series, end: series.end ?? { kind: 'never' } }));
  });

  it('reads the blended example the way the issue writes it', () => {
    expect(describeDraft(cases[0] as SeriesDraft)).toBe('First Tuesday of every month, 19:00–20:30, online');
  });
});
