import { describe, expect, it } from 'vitest';
import { addMonths, type MonthGrid, monthGrid, sessionsByDay } from './month-grid.ts';

/** Each week as day numbers, with '.' for padding: easy to compare with a printed calendar. */
const picture = (grid: MonthGrid<unknown>) => grid.weeks.map((w) => w.map((c) => c?.dayOfMonth ?? '.').join(' '));

describe('monthGrid', () => {
  it('puts a month that starts on a Sunday in the last column of a Monday-first week', () => {
    const grid = monthGrid('2026-03', new Map());
    expect(grid.weekdays).toEqual([1, 2, 3, 4, 5, 6, 0]);
    expect(picture(grid)).toEqual([
      '. . . . . . 1',
      '2 3 4 5 6 7 8',
      '9 10 11 12 13 14 15',
      '16 17 18 19 20 21 22',
      '23 24 25 26 27 28 29',
      '30 31 . . . . .',
    ]);
    expect(grid.weeks[0]?.[6]).toMatchObject({ day: '2026-03-01', weekday: 0 });
  });

  it('starts a Sunday-first grid with no padding when the 1st is a Sunday', () => {
    // February 2026 starts on a Sunday and has 28 days: exactly four rows.
    const grid = monthGrid('2026-02', new Map(), 0);
    expect(grid.weekdays).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(picture(grid)).toEqual([
      '1 2 3 4 5 6 7',
      '8 9 10 11 12 13 14',
      '15 16 17 18 19 20 21',
      '22 23 24 25 26 27 28',
    ]);
  });

  it('starts a Monday-first grid with no padding when the 1st is a Monday', () => {
    const grid = monthGrid('2026-06', new Map());
    expect(grid.weeks[0]?.[0]).toMatchObject({ day: '2026-06-01', dayOfMonth: 1, weekday: 1 });
    expect(grid.weeks).toHaveLength(5);
    expect(grid.weeks.at(-1)?.map((c) => c?.day ?? null)).toEqual([
      '2026-06-29',
      '2026-06-30',
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('gives February of a leap year its 29th', () => {
    // 1 February 2028 is a Tuesday.
    const grid = monthGrid('2028-02', new Map());
    expect(picture(grid)).toEqual([
      '. 1 2 3 4 5 6',
      '7 8 9 10 11 12 13',
      '14 15 16 17 18 19 20',
      '21 22 23 24 25 26 27',
      '28 29 . . . . .',
    ]);
    expect(grid.weeks[4]?.[1]).toMatchObject({ day: '2028-02-29', weekday: 2 });
    expect(picture(monthGrid('2027-02', new Map())).at(-1)).toBe('22 23 24 25 26 27 28');
  });

  it('hangs sessions on their day and leaves the other days empty', () => {
    const byDay = new Map([['2026-03-05', ['tea']]]);
    const cells = monthGrid('2026-03', byDay).weeks.flat();
    expect(cells.find((c) => c?.day === '2026-03-05')?.sessions).toEqual(['tea']);
    expect(cells.filter((c) => c && c.sessions.length > 0)).toHaveLength(1);
  });
});

describe('sessionsByDay', () => {
  it('uses the day in the session’s own zone, across midnight UTC', () => {
    const late = { start: '2026-06-29T23:30:00Z', timeZone: 'Europe/London' }; // 00:30 on the 30th in London
    const early = { start: '2026-07-01T02:00:00Z', timeZone: 'America/New_York' }; // 22:00 on the 30th in New York
    const winter = { start: '2026-01-15T23:30:00Z', timeZone: 'Europe/London' }; // GMT: still the 15th
    const auckland = { start: '2026-03-04T20:00:00Z', timeZone: 'Pacific/Auckland' }; // 09:00 on the 5th
    const byDay = sessionsByDay([late, early, winter, auckland]);
    expect([...byDay.keys()]).toEqual(['2026-06-30', '2026-01-15', '2026-03-05']);
    expect(byDay.get('2026-06-30')).toEqual([late, early]);
    expect(
      monthGrid('2026-06', byDay)
        .weeks.flat()
        .find((c) => c?.day === '2026-06-30')?.sessions,
    ).toEqual([late, early]);
    expect(
      monthGrid('2026-07', byDay)
        .weeks.flat()
        .some((c) => c && c.sessions.length > 0),
    ).toBe(false);
  });
});

describe('addMonths', () => {
  it('steps across the turn of the year both ways', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-03', 0)).toBe('2026-03');
    expect(addMonths('2026-11', 14)).toBe('2028-01');
  });
});
