import { describe, expect, it } from 'vitest';
import { clockTime, durationWords } from './time-words.ts';

const now = Date.parse('2026-03-03T18:30:00Z');
const ago = (ms: number) => new Date(now - ms).toISOString();

describe('durationWords', () => {
  it('says "less than a minute" for someone who just arrived, and for a clock slightly ahead', () => {
    expect(durationWords(ago(0), now)).toBe('less than a minute');
    expect(durationWords(ago(59_999), now)).toBe('less than a minute');
    expect(durationWords(ago(-5_000), now)).toBe('less than a minute');
  });

  it('counts whole minutes, singular and plural', () => {
    expect(durationWords(ago(60_000), now)).toBe('1 minute');
    expect(durationWords(ago(4 * 60_000 + 59_000), now)).toBe('4 minutes');
  });

  it('gives hours and the minutes after them', () => {
    expect(durationWords(ago(60 * 60_000), now)).toBe('1 hour');
    expect(durationWords(ago(65 * 60_000), now)).toBe('1 hour 5 minutes');
    expect(durationWords(ago(121 * 60_000), now)).toBe('2 hours 1 minute');
  });

  it('says less than a minute for a time it cannot read rather than "NaN minutes"', () => {
    expect(durationWords('not a time', now)).toBe('less than a minute');
  });
});

describe('clockTime', () => {
  it('shows the time in the zone asked for', () => {
    expect(clockTime('2026-07-01T17:05:00Z', 'en-GB', 'Europe/London')).toBe('18:05');
    expect(clockTime('2026-01-01T17:05:00Z', 'en-GB', 'Europe/London')).toBe('17:05');
  });
});
