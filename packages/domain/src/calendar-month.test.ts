import { describe, expect, it } from 'vitest';
import { inMonth, monthOf, monthRange, validateMonth } from './calendar-month.ts';

const NOW = new Date('2026-12-02T00:40:00Z');

describe('validateMonth', () => {
  it('takes YYYY-MM within two years of now either way', () => {
    expect(validateMonth('2027-03', NOW)).toEqual({ ok: true });
    expect(validateMonth('2024-12', NOW)).toEqual({ ok: true });
    expect(validateMonth('2028-12', NOW)).toEqual({ ok: true });
  });
  it('refuses a month it cannot read, with the form to use', () => {
    for (const bad of ['2027-13', '2027-00', '2027-3', 'March', '']) {
      const result = validateMonth(bad, NOW);
      expect(result).toMatchObject({ ok: false, code: 'invalid_month' });
      if (!result.ok) expect(result.message).toContain('YYYY-MM');
    }
  });
  it('refuses a month more than two years away', () => {
    for (const far of ['2029-01', '2024-11', '2100-01']) {
      const result = validateMonth(far, NOW);
      expect(result).toMatchObject({ ok: false, code: 'invalid_month' });
      if (!result.ok) expect(result.message).toContain('within two years');
    }
  });
});

describe('months on a zone clock', () => {
  it('reads the month of an instant on the clock of a zone', () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in London (BST) and still June in New York.
    expect(monthOf(new Date('2027-06-30T23:30:00Z'), 'Europe/London')).toBe('2027-07');
    expect(monthOf(new Date('2027-06-30T23:30:00Z'), 'America/New_York')).toBe('2027-06');
    expect(monthOf(new Date('2027-01-31T23:30:00Z'), 'Europe/London')).toBe('2027-01');
  });
  it('puts a session in the month its own zone says', () => {
    expect(inMonth(new Date('2027-06-30T23:30:00Z'), 'Europe/London', '2027-07')).toBe(true);
    expect(inMonth(new Date('2027-06-30T23:30:00Z'), 'Europe/London', '2027-06')).toBe(false);
    expect(inMonth(new Date('2027-07-01T03:00:00Z'), 'America/Los_Angeles', '2027-06')).toBe(true);
  });
  it('spans every instant that is in the month somewhere on Earth, and no more than a day either side', () => {
    const { from, to } = monthRange('2027-07');
    expect(from.getTime()).toBeLessThanOrEqual(Date.parse('2027-06-30T10:00:00Z'));
    expect(from.getTime()).toBeGreaterThan(Date.parse('2027-06-29T23:59:59Z'));
    expect(to.getTime()).toBeGreaterThanOrEqual(Date.parse('2027-08-01T12:00:00Z'));
    expect(to.getTime()).toBeLessThan(Date.parse('2027-08-02T00:00:01Z'));
    // December to January across the year.
    expect(monthRange('2027-12').to.getTime()).toBeGreaterThan(Date.parse('2028-01-01T00:00:00Z'));
  });
});
