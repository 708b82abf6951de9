import { type EntrySummary, KIND_ATTRIBUTE } from '@peer-support/contracts/live';
import { describe, expect, it } from 'vitest';
import {
  arrivalWords,
  inCall,
  offeredActions,
  participantKind,
  raisedHands,
  waitingList,
  withDistinctNames,
} from './room-lists.ts';

let n = 0;
function entry(over: Partial<EntrySummary>): EntrySummary {
  n += 1;
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return {
    id,
    displayName: `Person ${n}`,
    kind: 'guest',
    status: 'admitted',
    waitingSince: null,
    handRaisedAt: null,
    identity: `entry-${id}`,
    connected: true,
    ...over,
  };
}

describe('waitingList', () => {
  it('lists only people waiting, longest-waiting first', () => {
    const late = entry({ status: 'waiting', waitingSince: '2026-03-03T18:05:00Z', displayName: 'Late' });
    const early = entry({ status: 'waiting', waitingSince: '2026-03-03T18:01:00Z', displayName: 'Early' });
    const inside = entry({ status: 'admitted', waitingSince: '2026-03-03T17:00:00Z' });
    const denied = entry({ status: 'denied', waitingSince: '2026-03-03T17:00:00Z' });
    expect(waitingList([late, inside, early, denied]).map((e) => e.displayName)).toEqual(['Early', 'Late']);
  });
});

describe('raisedHands', () => {
  it('lists hands in the order they went up, only for people in the call', () => {
    const second = entry({ handRaisedAt: '2026-03-03T18:10:00Z', displayName: 'Second' });
    const first = entry({ handRaisedAt: '2026-03-03T18:09:00Z', displayName: 'First' });
    const down = entry({ displayName: 'Down' });
    const left = entry({ status: 'left', handRaisedAt: '2026-03-03T18:00:00Z' });
    expect(raisedHands([second, down, first, left]).map((e) => e.displayName)).toEqual(['First', 'Second']);
  });
});

describe('inCall', () => {
  it('puts facilitators first, then everyone else by name, and leaves out the waiting', () => {
    const list = [
      entry({ displayName: 'Zoe' }),
      entry({ displayName: 'Ash', status: 'waiting' }),
      entry({ displayName: 'Sam', kind: 'facilitator' }),
      entry({ displayName: 'Bea', kind: 'member' }),
    ];
    expect(inCall(list).map((e) => e.displayName)).toEqual(['Sam', 'Bea', 'Zoe']);
  });
});

describe('offeredActions', () => {
  const me = entry({ kind: 'facilitator' });

  it('offers everything on a participant', () => {
    expect(offeredActions(entry({ kind: 'member' }), me.identity)).toEqual({ mute: true, remove: true, pin: true });
  });

  it('offers nothing on another facilitator', () => {
    expect(offeredActions(entry({ kind: 'facilitator' }), me.identity)).toEqual({
      mute: false,
      remove: false,
      pin: false,
    });
  });

  it('lets a facilitator pin themselves, but not mute or remove themselves', () => {
    expect(offeredActions(me, me.identity)).toEqual({ mute: false, remove: false, pin: true });
  });
});

describe('participantKind', () => {
  const sam = entry({ kind: 'facilitator' });

  it('trusts the room list first', () => {
    expect(participantKind(sam.identity, [sam], { [KIND_ATTRIBUTE]: 'guest' })).toBe('facilitator');
  });

  it('otherwise takes the kind the server set as a participant attribute', () => {
    expect(participantKind('x', null, { [KIND_ATTRIBUTE]: 'facilitator' })).toBe('facilitator');
    expect(participantKind('x', [], { [KIND_ATTRIBUTE]: 'member' })).toBe('member');
  });

  it('says nothing when nothing says, or when what is there is not ours', () => {
    expect(participantKind('x', null, undefined)).toBeNull();
    expect(participantKind('x', null, { [KIND_ATTRIBUTE]: 'admin' })).toBeNull();
    expect(participantKind('x', null, {})).toBeNull();
  });
});

describe('arrivalWords', () => {
  const ash = entry({ status: 'waiting', displayName: 'Ash' });
  const bo = entry({ status: 'waiting', displayName: 'Bo' });
  const cy = entry({ status: 'waiting', displayName: 'Cy' });

  it('names only the people who were not there before', () => {
    expect(arrivalWords(new Set([ash.id]), [ash, bo])).toBe('Bo is waiting to come in.');
  });

  it('lists several arrivals in one sentence', () => {
    expect(arrivalWords(new Set(), [ash, bo, cy])).toBe('Ash, Bo and Cy are waiting to come in.');
  });

  it('says nothing when nobody new came (someone leaving is not news here)', () => {
    expect(arrivalWords(new Set([ash.id, bo.id]), [bo])).toBeNull();
  });
});

describe('withDistinctNames', () => {
  it('numbers later arrivals who go by the same name, as people read it', () => {
    const first = entry({ displayName: 'Sky', waitingSince: '2026-12-01T19:00:00.000Z' });
    const second = entry({ displayName: 'sky ', waitingSince: '2026-12-01T19:05:00.000Z' });
    const other = entry({ displayName: 'Ash', waitingSince: '2026-12-01T19:01:00.000Z' });
    const third = entry({ displayName: 'SKY', waitingSince: '2026-12-01T19:09:00.000Z' });
    expect(withDistinctNames([second, other, third, first]).map((e) => e.displayName)).toEqual([
      'sky  (2)',
      'Ash',
      'SKY (3)',
      'Sky',
    ]);
  });

  it('leaves a room of different names as it is', () => {
    const people = [entry({ displayName: 'Ash' }), entry({ displayName: 'Bo' })];
    expect(withDistinctNames(people).map((e) => e.displayName)).toEqual(['Ash', 'Bo']);
  });
});
