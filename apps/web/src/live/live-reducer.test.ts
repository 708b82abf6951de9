import type { Entry, RoomState } from '@peer-support/contracts/live';
import { describe, expect, it } from 'vitest';
import {
  BACKOFF_CAP_MS,
  backoffDelay,
  initialLive,
  isFinal,
  type LiveData,
  liveReducer,
  liveUrl,
  MAX_NOTICES,
  parseServerMessage,
} from './live-reducer.ts';

const entry = (over: Partial<Entry> = {}): Entry => ({
  id: '00000000-0000-4000-8000-000000000001',
  sessionId: '00000000-0000-4000-8000-0000000000aa',
  displayName: 'River',
  kind: 'guest',
  status: 'waiting',
  message: null,
  waitingSince: '2026-03-01T18:00:00.000Z',
  position: 2,
  handRaisedAt: null,
  identity: 'entry-1',
  room: null,
  ...over,
});

const room = (over: Partial<RoomState> = {}): RoomState => ({
  sessionId: '00000000-0000-4000-8000-0000000000aa',
  locked: false,
  ended: false,
  pinnedIdentity: null,
  entries: [],
  ...over,
});

const run = (...messages: Parameters<typeof liveReducer>[1][]): LiveData => messages.reduce(liveReducer, initialLive);

describe('liveReducer', () => {
  it('keeps the latest own entry', () => {
    const s = run(
      { type: 'message', message: { type: 'entry', entry: entry({ position: 2 }) } },
      { type: 'message', message: { type: 'entry', entry: entry({ position: 1 }) } },
      { type: 'message', message: { type: 'entry', entry: entry({ status: 'admitted', position: null }) } },
    );
    expect(s.entry).toMatchObject({ status: 'admitted', position: null });
  });

  it('takes locked, pin and ended from the whole room', () => {
    const s = run(
      { type: 'message', message: { type: 'locked', locked: false } },
      { type: 'message', message: { type: 'room', room: room({ locked: true, pinnedIdentity: 'entry-9' }) } },
    );
    expect(s).toMatchObject({ locked: true, pinnedIdentity: 'entry-9', ended: false });
    expect(s.room?.locked).toBe(true);
  });

  it('applies what changed in the room on top of the room it has', () => {
    const person = (id: string, displayName: string) => ({
      id,
      displayName,
      kind: 'guest' as const,
      status: 'waiting' as const,
      waitingSince: null,
      handRaisedAt: null,
      identity: `entry-${id}`,
      connected: true,
    });
    const changes = (over: object) => ({
      type: 'message' as const,
      message: {
        type: 'room_changes' as const,
        upserted: [],
        removed: [],
        locked: false,
        ended: false,
        pinnedIdentity: null,
        ...over,
      },
    });
    // Before any whole room there is nothing to change.
    expect(run(changes({ upserted: [person('a', 'Ash')] })).room).toBeNull();
    const s = run(
      { type: 'message', message: { type: 'room', room: room({ entries: [person('a', 'Ash'), person('b', 'Bo')] }) } },
      changes({ upserted: [person('c', 'Cy'), { ...person('a', 'Ash'), status: 'admitted' }], removed: ['b'] }),
      changes({ locked: true, pinnedIdentity: 'entry-c' }),
    );
    expect(s.room?.entries.map((e) => [e.displayName, e.status]).sort()).toEqual([
      ['Ash', 'admitted'],
      ['Cy', 'waiting'],
    ]);
    expect(s).toMatchObject({ locked: true, pinnedIdentity: 'entry-c' });
    expect(s.room).toMatchObject({ locked: true, pinnedIdentity: 'entry-c' });
  });

  it('applies pin and lock messages on their own', () => {
    const s = run(
      { type: 'message', message: { type: 'pin', identity: 'entry-3' } },
      { type: 'message', message: { type: 'locked', locked: true } },
      { type: 'message', message: { type: 'pin', identity: null } },
    );
    expect(s).toMatchObject({ pinnedIdentity: null, locked: true });
  });

  it('appends notices and keeps only the newest', () => {
    const messages = Array.from({ length: MAX_NOTICES + 5 }, (_, i) => ({
      type: 'message' as const,
      message: { type: 'notice' as const, text: `n${i}`, at: '2026-03-01T18:00:00.000Z' },
    }));
    const s = run(...messages);
    expect(s.notices).toHaveLength(MAX_NOTICES);
    expect(s.notices.at(-1)?.text).toBe(`n${MAX_NOTICES + 4}`);
    expect(s.notices[0]?.text).toBe('n5');
  });

  it('shows the rules until they are cleared', () => {
    const shown = run({ type: 'message', message: { type: 'rules', rules: ['Be kind'] } });
    expect(shown.rules).toEqual(['Be kind']);
    expect(liveReducer(shown, { type: 'clear-rules' }).rules).toBeNull();
    expect(liveReducer(initialLive, { type: 'clear-rules' })).toBe(initialLive);
  });

  it('closes for good once the session has ended', () => {
    const s = run(
      { type: 'connection', connection: 'open' },
      { type: 'message', message: { type: 'ended' } },
      { type: 'connection', connection: 'reconnecting' },
    );
    expect(s).toMatchObject({ ended: true, connection: 'closed' });
  });

  it('treats an ended room as ended', () => {
    expect(run({ type: 'message', message: { type: 'room', room: room({ ended: true }) } }).ended).toBe(true);
  });

  it('closes on a fatal error and ignores others', () => {
    const open = run({ type: 'connection', connection: 'open' });
    expect(
      liveReducer(open, { type: 'message', message: { type: 'error', code: 'bad_entry', message: 'x' } }),
    ).toMatchObject({ connection: 'closed' });
    expect(liveReducer(open, { type: 'message', message: { type: 'error', code: 'rate_limited', message: 'x' } })).toBe(
      open,
    );
  });

  it('ignores message kinds it does not know', () => {
    const unknown = { type: 'message', message: { type: 'hand' } } as unknown as Parameters<typeof liveReducer>[1];
    expect(liveReducer(initialLive, unknown)).toBe(initialLive);
  });

  it('resets to the start', () => {
    const s = run({ type: 'message', message: { type: 'entry', entry: entry() } }, { type: 'reset' });
    expect(s).toBe(initialLive);
  });
});

describe('isFinal', () => {
  it('is true for ended and bad_entry only', () => {
    expect(isFinal({ type: 'ended' })).toBe(true);
    expect(isFinal({ type: 'error', code: 'bad_entry', message: '' })).toBe(true);
    expect(isFinal({ type: 'error', code: 'other', message: '' })).toBe(false);
    expect(isFinal({ type: 'locked', locked: true })).toBe(false);
  });
});

describe('backoffDelay', () => {
  it('doubles from half a second and stops at ten', () => {
    const ceilings = [0, 1, 2, 3, 4, 5, 6, 10].map((n) => backoffDelay(n, () => 1));
    expect(ceilings).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
  });

  it('waits between half and all of the ceiling', () => {
    expect(backoffDelay(0, () => 0)).toBe(250);
    expect(backoffDelay(3, () => 0.5)).toBe(3000);
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(i % 12);
      expect(d).toBeGreaterThanOrEqual(250);
      expect(d).toBeLessThanOrEqual(BACKOFF_CAP_MS);
    }
  });
});

describe('parseServerMessage', () => {
  it('parses typed JSON objects and drops the rest', () => {
    expect(parseServerMessage('{"type":"ended"}')).toEqual({ type: 'ended' });
    expect(parseServerMessage('not json')).toBeNull();
    expect(parseServerMessage('[1]')).toBeNull();
    expect(parseServerMessage('null')).toBeNull();
    expect(parseServerMessage(new ArrayBuffer(2))).toBeNull();
  });
});

describe('liveUrl', () => {
  it('follows the page scheme', () => {
    expect(liveUrl('abc', { protocol: 'https:', host: 'groups.example' })).toBe(
      'wss://groups.example/api/sessions/abc/live',
    );
    expect(liveUrl('abc', { protocol: 'http:', host: '127.0.0.1:3000' })).toBe(
      'ws://127.0.0.1:3000/api/sessions/abc/live',
    );
  });
});

describe('liveReducer and call tokens', () => {
  const token = (room: string) => ({
    token: `jwt-for-${room}`,
    url: 'ws://127.0.0.1:7880',
    identity: 'entry-1',
    room,
    expiresAt: '2026-03-01T18:10:00.000Z',
  });

  const admitted = (room: string) => entry({ status: 'admitted', position: null, room });

  it('keeps the token an entry brought, and keeps it through entries that bring none', () => {
    const s = run(
      { type: 'message', message: { type: 'entry', entry: admitted('session-a'), token: token('session-a') } },
      {
        type: 'message',
        message: { type: 'entry', entry: { ...admitted('session-a'), handRaisedAt: '2026-03-01T18:05:00.000Z' } },
      },
    );
    expect(s.token?.room).toBe('session-a');
    expect(s.entry?.handRaisedAt).not.toBeNull();
  });

  it('takes the newer token when the call moves room', () => {
    const s = run(
      { type: 'message', message: { type: 'entry', entry: admitted('session-a'), token: token('session-a') } },
      { type: 'message', message: { type: 'entry', entry: admitted('session-a.1'), token: token('session-a.1') } },
    );
    expect(s.token?.room).toBe('session-a.1');
    expect(s.entry?.room).toBe('session-a.1');
  });

  it('forgets the token on a reset', () => {
    const s = run(
      { type: 'message', message: { type: 'entry', entry: admitted('session-a'), token: token('session-a') } },
      { type: 'reset' },
    );
    expect(s.token).toBeNull();
  });
});
