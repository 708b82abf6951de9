import { describe, expect, it } from 'vitest';
import { localDay, localTime, zonedIso, zoneName } from './schedule-words.ts';

describe('zonedIso', () => {
  it('uses the offset in force on the day, on both sides of a clock change', () => {
    expect(zonedIso('2026-10-24', '18:30', 'Europe/London')).toBe('2026-10-24T18:30:00+01:00');
    expect(zonedIso('2026-10-26', '18:30', 'Europe/London')).toBe('2026-10-26T18:30:00+00:00');
    expect(zonedIso('2026-07-01', '09:00', 'America/New_York')).toBe('2026-07-01T09:00:00-04:00');
  });

  it('refuses what is not a date and a time', () => {
    expect(zonedIso('', '18:30', 'Europe/London')).toBeNull();
    expect(zonedIso('2026-10-24', '6pm', 'Europe/London')).toBeNull();
  });
});

describe('local words', () => {
  it('gives the day and time in the series zone, not the computer’s', () => {
    expect(localDay('2026-10-29T23:30:00Z', 'Europe/London')).toBe('2026-10-29');
    expect(localDay('2026-06-29T23:30:00Z', 'Europe/London')).toBe('2026-06-30');
    expect(localTime('2026-06-29T17:30:00Z', 'Europe/London')).toBe('18:30');
    expect(zoneName('America/New_York')).toBe('New York time');
  });
});
