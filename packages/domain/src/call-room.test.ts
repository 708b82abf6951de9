import { describe, expect, it } from 'vitest';
import { callRoomName, parseCallRoom, presenceVerdict } from './call-room.ts';

describe('call room names', () => {
  it('keeps the session’s own name first, then numbers each move', () => {
    expect(callRoomName('session-abc', 0)).toBe('session-abc');
    expect(callRoomName('session-abc', 3)).toBe('session-abc.3');
  });

  it('reads a room name back to its session and generation', () => {
    for (const generation of [0, 1, 12]) {
      const name = callRoomName('session-1f0e-77', generation);
      expect(parseCallRoom(name)).toEqual({ base: 'session-1f0e-77', generation });
    }
  });
});

describe('presenceVerdict', () => {
  const session = { id: 's1', currentRoom: 'session-x.2', ended: false };
  const admitted = { sessionId: 's1', status: 'admitted' as const };

  it('lets an admitted entry stay in the room the call is in now', () => {
    expect(presenceVerdict({ room: 'session-x.2' }, admitted, session)).toEqual({ stay: true });
  });

  it('takes out everyone else', () => {
    const out = (room: string, entry: Parameters<typeof presenceVerdict>[1], s = session) =>
      presenceVerdict({ room }, entry, s);
    expect(out('session-x.2', undefined)).toEqual({ stay: false, why: 'not_ours' });
    expect(out('session-x.2', { sessionId: 's2', status: 'admitted' })).toEqual({ stay: false, why: 'other_session' });
    expect(out('session-x.1', admitted)).toEqual({ stay: false, why: 'old_room' });
    expect(out('session-x.2', admitted, { ...session, ended: true })).toEqual({ stay: false, why: 'session_over' });
    for (const status of ['waiting', 'denied', 'removed', 'left'] as const)
      expect(out('session-x.2', { sessionId: 's1', status })).toEqual({ stay: false, why: 'not_admitted' });
  });
});
