import type { SeriesDraft, Venue } from './series.ts';

/** Test data shared by the series tests: a hall, and a first-Tuesday online series to vary. */
export const hall: Venue = { name: 'St Mary’s Hall', address: '1 Church Lane, Leith, Edinburgh EH6 1AA' };

export function series(overrides: Partial<SeriesDraft> = {}): SeriesDraft {
  return {
    rule: { freq: 'monthly', interval: 1, byDay: 'TU', bySetPos: 1 },
    startDate: '2026-01-01',
    startTime: '19:00',
    durationMinutes: 90,
    timeZone: 'Europe/London',
    end: { kind: 'never' },
    mode: 'online',
    ...overrides,
  };
}
