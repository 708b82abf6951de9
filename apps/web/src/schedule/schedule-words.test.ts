import { describe, expect, it } from 'vitest';
import { isMonth, localDay, localTime, monthName, timeRange, yourTime, zonedIso, zoneLabel } from './schedule-words.ts';

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
  });
});

describe('yourTime', () => {
  const start = '2026-06-29T17:30:00Z';
  const end = '2026-06-29T19:00:00Z';

  it('says nothing when the viewer’s clock reads the same as the group’s', () => {
    expect(timeRange(start, end, 'Europe/London')).toBe('18:30–20:00');
    expect(yourTime(start, end, 'Europe/London', 'Europe/London')).toBeNull();
    expect(yourTime(start, end, 'Europe/London', 'Europe/Dublin')).toBeNull();
  });

  it('gives the viewer’s time, and their day when it is another day there', () => {
    expect(yourTime(start, end, 'Europe/London', 'America/New_York')).toBe('13:30–15:00 your time');
    expect(yourTime(start, end, 'Europe/London', 'Pacific/Auckland')).toBe('Tuesday 30 June, 05:30–07:00 your time');
    // In winter London is on UTC, so a UTC viewer sees the same clock.
    expect(yourTime('2026-01-15T18:30:00Z', '2026-01-15T20:00:00Z', 'Europe/London', 'UTC')).toBeNull();
  });
});

describe('zoneLabel', () => {
  it("names the group's zone only when the viewer's clock is another zone", () => {
    expect(zoneLabel('Europe/London', 'America/New_York')).toBe('London time');
    expect(zoneLabel('America/New_York', 'Europe/London')).toBe('New York time');
    expect(zoneLabel('Europe/London', 'Europe/London')).toBeNull();
    expect(zoneLabel('UTC', 'Europe/London')).toBe('UTC');
  });
});

describe('months', () => {
  it('names a month as the heading says it', () => {
    expect(monthName('2027-03')).toBe('March 2027');
    expect(monthName('2026-12')).toBe('December 2026');
  });
  it('takes a ?month= only in the form the API reads', () => {
    expect(isMonth('2027-03')).toBe(true);
    for (const bad of ['2027-13', '2027-3', 'march', '', null]) expect(isMonth(bad)).toBe(false);
  });
});
