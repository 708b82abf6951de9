import type { Series, Weekday } from '@peer-support/contracts/schedule';
import { describe, expect, it } from 'vitest';
import {
  blankSeries,
  changeWords,
  DAY_CHOICES,
  fromSeries,
  POSITION_CHOICES,
  previewWords,
  toSeriesBody,
} from './series-values.ts';

describe('changeWords', () => {
  const words = 'Every week on Thursday, 19:30–21:00, online';

  it('says from which day a change to a series that has met applies, and that its past stays', () => {
    expect(changeWords(words, { met: 14, nextStart: '2027-01-07T19:30:00.000Z', timeZone: 'Europe/London' }, '')).toBe(
      'From Thursday, 7 January 2027: Every week on Thursday, 19:30–21:00, online. The 14 sessions that have taken place stay as they were.',
    );
  });

  it('uses the day the admin chose, and the singular for one past session', () => {
    expect(changeWords(words, { met: 1, nextStart: undefined, timeZone: 'Europe/London' }, '2027-02-04')).toBe(
      `From Thursday, 4 February 2027: ${words}. The session that has taken place stays as it was.`,
    );
  });

  it('says nothing more for a series that has not met', () => {
    expect(changeWords(words, { met: 0, nextStart: '2027-01-07T19:30:00.000Z', timeZone: 'Europe/London' }, '')).toBe(
      words,
    );
  });
});

describe('the series form values', () => {
  const weekly = () => ({ ...blankSeries(), days: ['TH', 'MO'] as Weekday[], startDate: '2027-01-04' });

  it('says what is still to choose before it says the rule', () => {
    expect(previewWords(blankSeries())).toBe('Still to choose: at least one day.');
    expect(previewWords({ ...weekly(), duration: '', startTime: '7pm' })).toBe(
      'Still to choose: a start time, how long sessions last.',
    );
    expect(previewWords({ ...weekly(), endKind: 'count', count: '0' })).toBe('Still to choose: how many times.');
  });

  it('says the rule in the words the API answers with, once it makes sense', () => {
    expect(previewWords(weekly())).toBe('Every week on Monday and Thursday, 18:30–20:00, online');
    expect(
      previewWords({ ...blankSeries(), repeat: 'monthly_weekday', position: '-1', monthWeekday: 'FR', mode: 'hybrid' }),
    ).toBe('Last Friday of every month, 18:30–20:00, in person or online');
  });

  it('sends typed numbers as numbers, text the API must judge as NaN, and a venue only in person', () => {
    const body = toSeriesBody({ ...weekly(), interval: 'two', mode: 'online', venueName: 'Hall' });
    expect(body.rule).toEqual({ freq: 'weekly', interval: Number.NaN, byDay: ['TH', 'MO'] });
    expect(body.venue).toBeUndefined();
    const inPerson = toSeriesBody({ ...weekly(), mode: 'in_person', venueName: ' Hall ', venueAddress: ' 1 Road ' });
    expect(inPerson.venue).toEqual({ name: 'Hall', address: '1 Road' });
  });

  it('reads a saved series back into the same values', () => {
    const values = {
      ...blankSeries(),
      repeat: 'monthly_date' as const,
      interval: '2',
      monthDay: '31',
      startDate: '2027-01-31',
      endKind: 'until' as const,
      until: '2027-12-31',
    };
    const body = toSeriesBody(values);
    const saved = { ...body, id: 's1', timeZone: 'Europe/London', end: body.end ?? { kind: 'never' } };
    expect(fromSeries(saved as unknown as Series)).toEqual(values);
  });

  it('offers the days Monday first and the positions first to last, named as the preview names them', () => {
    expect(DAY_CHOICES.map((d) => d.name)).toEqual([
      'Monday',
      'Tuesday',
      'Wednesday',
      'Thursday',
      'Friday',
      'Saturday',
      'Sunday',
    ]);
    expect(POSITION_CHOICES.map((p) => p.label)).toEqual(['First', 'Second', 'Third', 'Fourth', 'Last']);
  });
});
