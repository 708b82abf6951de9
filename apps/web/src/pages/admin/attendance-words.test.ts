import { describe, expect, it } from 'vitest';
import { checkinRows, checkinSummary, minutesWords, onlineRows, withCheckin } from './attendance-words.ts';

const checkin = (membershipId: string, displayName: string, checkedInAt: string | null = null) => ({
  membershipId,
  displayName,
  checkedInAt,
});

describe('onlineRows', () => {
  it('orders stretches in the call by when they began', () => {
    const row = (displayName: string, joinedAt: string) => ({
      displayName,
      kind: null,
      joinedAt,
      leftAt: null,
      minutes: 0,
    });
    const rows = [
      row('Bo', '2026-03-03T18:10:00Z'),
      row('Ash', '2026-03-03T18:02:00Z'),
      row('Bo', '2026-03-03T18:00:00Z'),
    ];
    expect(onlineRows(rows).map((r) => r.joinedAt)).toEqual([
      '2026-03-03T18:00:00Z',
      '2026-03-03T18:02:00Z',
      '2026-03-03T18:10:00Z',
    ]);
  });
});

describe('check-in', () => {
  const rows = [checkin('2', 'Cy'), checkin('1', 'Ash', '2026-03-03T18:01:00Z'), checkin('3', 'Bo')];

  it('counts who is checked in out of the whole roster', () => {
    expect(checkinSummary(rows)).toBe('1 of 3 checked in');
    expect(checkinSummary([])).toBe('0 of 0 checked in');
  });

  it('lists the roster by name', () => {
    expect(checkinRows(rows).map((r) => r.displayName)).toEqual(['Ash', 'Bo', 'Cy']);
  });

  it('ticks and unticks one person only', () => {
    const ticked = withCheckin(rows, '3', '2026-03-03T18:05:00Z');
    expect(checkinSummary(ticked)).toBe('2 of 3 checked in');
    expect(withCheckin(ticked, '1', null).find((r) => r.membershipId === '1')?.checkedInAt).toBeNull();
  });
});

describe('minutesWords', () => {
  it('says minutes the way people do', () => {
    expect([0, 1, 45].map(minutesWords)).toEqual(['under a minute', '1 minute', '45 minutes']);
  });
});
