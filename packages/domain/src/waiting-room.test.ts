import { describe, expect, it } from 'vitest';
import {
  applyAction,
  arrivalStatus,
  CONNECTED_WITHIN_MS,
  canActOn,
  doorCheck,
  doorsOpenAt,
  type EntryStatus,
  entryIdOf,
  FACILITATORS_IN_BEFORE_MS,
  type FacilitatorAction,
  handQueue,
  hasEnded,
  holdsPlace,
  identityOf,
  isConnected,
  leaveStatus,
  lockCheck,
  RECONNECT_GRACE_MS,
  returnStatus,
  tokenDecision,
  WAITING_ROOM_OPENS_BEFORE_MS,
  waitingQueue,
} from './waiting-room.ts';

const room = (over: Partial<Parameters<typeof arrivalStatus>[1]> = {}) => ({
  admission: 'waiting_room' as const,
  locked: false,
  facilitatorPresent: true,
  ...over,
});

describe('arrivalStatus', () => {
  it('lets facilitators straight in, always', () => {
    expect(arrivalStatus('facilitator', room({ locked: true, facilitatorPresent: false }))).toBe('admitted');
  });

  it('keeps everyone else waiting behind a waiting room', () => {
    expect(arrivalStatus('member', room())).toBe('waiting');
    expect(arrivalStatus('guest', room())).toBe('waiting');
  });

  it('opens the door to members only when a facilitator is there and the room is unlocked', () => {
    expect(arrivalStatus('member', room({ admission: 'open_door' }))).toBe('admitted');
    expect(arrivalStatus('member', room({ admission: 'open_door', facilitatorPresent: false }))).toBe('waiting');
    expect(arrivalStatus('member', room({ admission: 'open_door', locked: true }))).toBe('waiting');
    expect(arrivalStatus('guest', room({ admission: 'open_door' }))).toBe('waiting');
  });
});

describe('returnStatus', () => {
  it('keeps denied and removed people out however often they come back', () => {
    expect(returnStatus('denied', 'member', room({ admission: 'open_door' }))).toBe('denied');
    expect(returnStatus('removed', 'member', room({ admission: 'open_door' }))).toBe('removed');
  });

  it('treats someone who left as a new arrival', () => {
    expect(returnStatus('left', 'member', room())).toBe('waiting');
    expect(returnStatus('left', 'facilitator', room())).toBe('admitted');
  });

  it('leaves waiting and admitted people where they are', () => {
    expect(returnStatus('waiting', 'member', room({ admission: 'open_door' }))).toBe('waiting');
    expect(returnStatus('admitted', 'guest', room({ locked: true }))).toBe('admitted');
  });
});

describe('applyAction', () => {
  const table: [EntryStatus, FacilitatorAction, EntryStatus | string][] = [
    ['waiting', 'admit', 'admitted'],
    ['waiting', 'deny', 'denied'],
    ['waiting', 'remove_out', 'removed'],
    ['waiting', 'remove_to_waiting_room', 'not_in_call'],
    ['admitted', 'admit', 'already_admitted'],
    ['admitted', 'deny', 'not_waiting'],
    ['admitted', 'remove_to_waiting_room', 'waiting'],
    ['admitted', 'remove_out', 'removed'],
    ['denied', 'admit', 'not_waiting'],
    ['removed', 'admit', 'not_waiting'],
    ['left', 'admit', 'not_waiting'],
    ['left', 'remove_out', 'not_in_call'],
  ];
  it.each(table)('%s + %s → %s', (from, action, expected) => {
    const outcome = applyAction(from, action);
    expect(outcome.ok ? outcome.status : outcome.code).toBe(expected);
    if (!outcome.ok) expect(outcome.message.length).toBeGreaterThan(10);
  });
});

describe('leaveStatus and canActOn', () => {
  it('lets people leave the waiting room or the call, and changes nothing else', () => {
    expect(leaveStatus('waiting')).toBe('left');
    expect(leaveStatus('admitted')).toBe('left');
    expect(leaveStatus('removed')).toBe('removed');
    expect(leaveStatus('denied')).toBe('denied');
  });

  it('never lets anyone act on a facilitator', () => {
    expect(canActOn('facilitator')).toBe(false);
    expect(canActOn('member')).toBe(true);
    expect(canActOn('guest')).toBe(true);
  });
});

describe('tokenDecision', () => {
  const session = { id: 's1', ended: false, cancelled: false };
  const entry = (status: EntryStatus, kind: 'facilitator' | 'member' | 'guest' = 'member') => ({
    sessionId: 's1',
    kind,
    status,
  });

  it('gives admitted participants a participant token and facilitators a facilitator one', () => {
    expect(tokenDecision(entry('admitted'), session)).toEqual({ ok: true, role: 'participant' });
    expect(tokenDecision(entry('admitted', 'guest'), session)).toEqual({ ok: true, role: 'participant' });
    expect(tokenDecision(entry('admitted', 'facilitator'), session)).toEqual({ ok: true, role: 'facilitator' });
  });

  it.each([
    ['waiting', 'not_admitted'],
    ['left', 'not_admitted'],
    ['denied', 'denied'],
    ['removed', 'removed'],
  ] as const)('refuses a %s entry with %s', (status, code) => {
    expect(tokenDecision(entry(status), session)).toMatchObject({ ok: false, code });
  });

  it('refuses another session’s entry, and everyone once the session ended or was cancelled', () => {
    expect(tokenDecision({ ...entry('admitted'), sessionId: 's2' }, session)).toMatchObject({ code: 'wrong_session' });
    expect(tokenDecision(entry('admitted', 'facilitator'), { ...session, ended: true })).toMatchObject({
      code: 'session_ended',
    });
    expect(tokenDecision(entry('admitted'), { ...session, cancelled: true })).toMatchObject({
      code: 'session_ended',
      message: 'This session was cancelled.',
    });
  });
});

describe('doorCheck', () => {
  const startsAt = new Date('2026-11-23T18:30:00Z');
  const endsAt = new Date('2026-11-23T20:00:00Z');
  const at = (iso: string, running = false) => ({ startsAt, endsAt, running, now: new Date(iso) });
  const check = (kind: 'facilitator' | 'member' | 'guest', t: ReturnType<typeof at>) => doorCheck(kind, t, t.now);

  it('opens the waiting room half an hour before the start, and to facilitators an hour before', () => {
    expect(doorsOpenAt('member', startsAt).getTime()).toBe(startsAt.getTime() - WAITING_ROOM_OPENS_BEFORE_MS);
    expect(doorsOpenAt('facilitator', startsAt).getTime()).toBe(startsAt.getTime() - FACILITATORS_IN_BEFORE_MS);
    expect(check('guest', at('2026-11-23T17:59:59Z'))).toMatchObject({
      ok: false,
      code: 'not_open_yet',
      opensAt: new Date('2026-11-23T18:00:00Z'),
    });
    expect(check('guest', at('2026-11-23T18:00:00Z'))).toEqual({ ok: true });
    expect(check('member', at('2026-11-23T17:45:00Z')).ok).toBe(false);
    expect(check('facilitator', at('2026-11-23T17:45:00Z'))).toEqual({ ok: true });
    expect(check('facilitator', at('2026-11-23T17:29:00Z'))).toMatchObject({
      code: 'not_open_yet',
      opensAt: new Date('2026-11-23T17:30:00Z'),
    });
  });

  it('takes late arrivals while the call runs past its end, not once a session nobody opened is over', () => {
    expect(check('member', at('2026-11-23T19:59:00Z'))).toEqual({ ok: true });
    expect(check('member', at('2026-11-23T20:10:00Z'))).toMatchObject({ ok: false, code: 'session_over' });
    expect(check('guest', at('2026-11-23T20:10:00Z', true))).toEqual({ ok: true });
    expect(check('facilitator', at('2026-11-23T20:10:00Z'))).toEqual({ ok: true });
  });
});

describe('presence', () => {
  const now = new Date('2026-11-23T19:00:00Z');
  const ago = (ms: number) => new Date(now.getTime() - ms);

  it('counts a connection as up while it pings', () => {
    expect(isConnected(ago(CONNECTED_WITHIN_MS), now)).toBe(true);
    expect(isConnected(ago(CONNECTED_WITHIN_MS + 1), now)).toBe(false);
  });

  it('keeps a dropped person’s place for the grace period and no longer', () => {
    expect(holdsPlace(ago(CONNECTED_WITHIN_MS + RECONNECT_GRACE_MS), now)).toBe(true);
    expect(holdsPlace(ago(CONNECTED_WITHIN_MS + RECONNECT_GRACE_MS + 1), now)).toBe(false);
  });
});

describe('queues', () => {
  const at = (m: number) => new Date(Date.UTC(2026, 10, 23, 19, m));

  it('orders the waiting by arrival, ties by id, and leaves out everyone not waiting', () => {
    const q = waitingQueue([
      { id: 'c', status: 'waiting' as const, waitingSince: at(5) },
      { id: 'b', status: 'waiting' as const, waitingSince: at(1) },
      { id: 'a', status: 'waiting' as const, waitingSince: at(5) },
      { id: 'd', status: 'admitted' as const, waitingSince: at(0) },
    ]);
    expect(q.map((e) => e.id)).toEqual(['b', 'a', 'c']);
  });

  it('orders raised hands by when they went up, for people in the call only', () => {
    const hands = handQueue([
      { id: 'x', status: 'admitted' as const, handRaisedAt: at(3) },
      { id: 'y', status: 'admitted' as const, handRaisedAt: at(1) },
      { id: 'z', status: 'admitted' as const, handRaisedAt: null },
      { id: 'w', status: 'waiting' as const, handRaisedAt: at(0) },
    ]);
    expect(hands.map((e) => e.id)).toEqual(['y', 'x']);
  });
});

describe('identities', () => {
  it('round-trips an entry id and rejects anything else', () => {
    const id = '0b5c8a4e-8f0e-4a4b-9a53-2f6f0e1d2c3b';
    expect(entryIdOf(identityOf(id))).toBe(id);
    expect(entryIdOf('guest-1')).toBeNull();
    expect(entryIdOf(`entry-${id}-extra`)).toBeNull();
  });
});

describe('lockCheck', () => {
  it('lets facilitators admit as usual while the room is open', () => {
    expect(lockCheck(false, false)).toEqual({ ok: true });
  });

  it('asks for a confirmation while it is locked, and takes one', () => {
    expect(lockCheck(true, false)).toMatchObject({
      ok: false,
      code: 'room_locked',
      message: expect.stringMatching(/confirm/),
    });
    expect(lockCheck(true, true)).toEqual({ ok: true });
  });
});

describe('hasEnded', () => {
  const end = new Date('2027-01-07T20:00:00Z');
  it('is over for everyone once its time has passed', () => {
    expect(hasEnded({ end, endedAt: null }, new Date('2027-01-07T19:59:59Z'))).toBe(false);
    expect(hasEnded({ end, endedAt: null }, new Date('2027-01-07T20:00:00Z'))).toBe(true);
  });
  it('is over for everyone once a facilitator ended it, whatever the clock says', () => {
    expect(hasEnded({ end, endedAt: new Date('2027-01-07T19:10:00Z') }, new Date('2027-01-07T19:15:00Z'))).toBe(true);
  });
});
