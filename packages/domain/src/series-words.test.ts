import { describe, expect, it } from 'vitest';
import { hall, series } from './series-fixtures.ts';
import { describeSeries, zoneName } from './series-words.ts';

describe('describeSeries', () => {
  it.each([
    ['First Tuesday of every month, 19:00–20:30, online', series()],
    [
      'Every week on Monday and Thursday, 10:00–11:30, in person at St Mary’s Hall',
      series({
        rule: { freq: 'weekly', interval: 1, byDay: ['TH', 'MO'] },
        startTime: '10:00',
        mode: 'in_person',
        venue: hall,
      }),
    ],
    [
      'Every 2 weeks on Wednesday, 18:00–19:00, in person at St Mary’s Hall or online',
      series({
        rule: { freq: 'weekly', interval: 2, byDay: ['WE'] },
        startTime: '18:00',
        durationMinutes: 60,
        mode: 'hybrid',
        venue: hall,
      }),
    ],
    [
      'Every week on Monday, Wednesday and Friday, 09:30–10:15, online',
      series({
        rule: { freq: 'weekly', interval: 1, byDay: ['FR', 'MO', 'WE'] },
        startTime: '09:30',
        durationMinutes: 45,
      }),
    ],
    [
      'Last Friday of every month, 23:30–00:30, online, until 30 June 2027',
      series({
        rule: { freq: 'monthly', interval: 1, byDay: 'FR', bySetPos: -1 },
        startTime: '23:30',
        durationMinutes: 60,
        end: { kind: 'until', date: '2027-06-30' },
      }),
    ],
    [
      'On the 31st of every month (months without a 31st are skipped), 19:00–20:00, online, 10 times',
      series({
        rule: { freq: 'monthly', interval: 1, byMonthDay: 31 },
        durationMinutes: 60,
        end: { kind: 'count', count: 10 },
      }),
    ],
    [
      'On the 2nd of every 3 months, 19:00–20:30, online, once',
      series({ rule: { freq: 'monthly', interval: 3, byMonthDay: 2 }, end: { kind: 'count', count: 1 } }),
    ],
    [
      'Second Wednesday of every 2 months, 19:00–20:30, online',
      series({ rule: { freq: 'monthly', interval: 2, byDay: 'WE', bySetPos: 2 } }),
    ],
    [
      'Every week on Sunday, 02:30–03:30 New York time, online',
      series({
        rule: { freq: 'weekly', interval: 1, byDay: ['SU'] },
        startTime: '02:30',
        durationMinutes: 60,
        timeZone: 'America/New_York',
      }),
    ],
  ])('%s', (expected, input) => {
    expect(describeSeries(input)).toBe(expected);
  });

  it('writes ordinals the English way', () => {
    const words = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 29, 30].map(
      (byMonthDay) => describeSeries(series({ rule: { freq: 'monthly', interval: 1, byMonthDay } })).split(' of ')[0],
    );
    expect(words).toEqual([
      'On the 1st',
      'On the 2nd',
      'On the 3rd',
      'On the 4th',
      'On the 11th',
      'On the 12th',
      'On the 13th',
      'On the 21st',
      'On the 22nd',
      'On the 23rd',
      'On the 29th',
      'On the 30th',
    ]);
  });
});

// The series form describes a draft as it is typed, with the same function the API answers with.
describe('describeSeries on a draft being typed', () => {
  it('reads a draft with no end yet as a series that goes on', () => {
    const { end: _end, ...draft } = series();
    expect(describeSeries(draft)).toBe('First Tuesday of every month, 19:00–20:30, online');
  });

  it('says "in person" until the venue has a name', () => {
    expect(describeSeries(series({ mode: 'in_person', venue: { name: '  ', address: '' } }))).toBe(
      'First Tuesday of every month, 19:00–20:30, in person',
    );
    expect(describeSeries(series({ mode: 'hybrid', venue: { name: ' The Hub ', address: 'Leith Walk' } }))).toBe(
      'First Tuesday of every month, 19:00–20:30, in person at The Hub or online',
    );
  });

  it('names a zone with no city in brackets, and leaves the default zone unsaid', () => {
    expect(describeSeries(series({ timeZone: 'UTC' }))).toBe('First Tuesday of every month, 19:00–20:30 (UTC), online');
    expect(describeSeries({ ...series(), timeZone: undefined })).toBe(
      'First Tuesday of every month, 19:00–20:30, online',
    );
  });
});

describe('zoneName', () => {
  it('names a zone by its city, and a zone with no city by its name', () => {
    expect(zoneName('America/New_York')).toBe('New York time');
    expect(zoneName('Europe/London')).toBe('London time');
    expect(zoneName('UTC')).toBe('UTC');
    expect(zoneName('Etc/GMT+2')).toBe('Etc/GMT+2');
  });
});
