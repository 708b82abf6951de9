import { describe, expect, it } from 'vitest';
import { changeWords } from './SeriesForm.tsx';

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
