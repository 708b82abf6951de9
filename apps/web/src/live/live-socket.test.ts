import type { ServerMessage } from '@peer-support/contracts/live';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiveConnection } from './live-reducer.ts';
import { LiveSocket, PING_INTERVAL_MS, type SocketLike } from './live-socket.ts';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: unknown[] = [];
  closedWith: number | undefined;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close(code?: number) {
    this.closedWith = code;
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(message: ServerMessage) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  drop() {
    this.readyState = 3;
    this.onerror?.({});
    this.onclose?.({});
  }
}

const auth = { entryId: '00000000-0000-4000-8000-000000000001', key: 'k' };

function setup() {
  const sockets: FakeSocket[] = [];
  const messages: ServerMessage[] = [];
  const connections: LiveConnection[] = [];
  const live = new LiveSocket({
    url: 'ws://x/api/sessions/s/live',
    auth,
    onMessage: (m) => messages.push(m),
    onConnection: (c) => connections.push(c),
    createSocket: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    },
    random: () => 1,
  });
  return { live, sockets, messages, connections, last: () => sockets.at(-1) as FakeSocket };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('LiveSocket', () => {
  it('says hello on open and pings every 20 seconds', () => {
    const { last, connections, live } = setup();
    last().open();
    expect(last().sent).toEqual([{ type: 'hello', ...auth }]);
    expect(connections).toEqual(['open']);
    vi.advanceTimersByTime(PING_INTERVAL_MS * 2);
    expect(last().sent.slice(1)).toEqual([{ type: 'ping' }, { type: 'ping' }]);
    live.close();
  });

  it('passes messages on', () => {
    const { last, messages, live } = setup();
    last().open();
    last().receive({ type: 'locked', locked: true });
    expect(messages).toEqual([{ type: 'locked', locked: true }]);
    live.close();
  });

  it('reconnects with growing delays and says hello again', () => {
    const { sockets, last, connections, live } = setup();
    last().drop();
    expect(connections).toEqual(['reconnecting']);
    vi.advanceTimersByTime(499);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    last().drop();
    vi.advanceTimersByTime(999);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
    last().open();
    expect(last().sent).toEqual([{ type: 'hello', ...auth }]);
    // A successful open resets the schedule.
    last().drop();
    vi.advanceTimersByTime(500);
    expect(sockets).toHaveLength(4);
    expect(connections).toEqual(['reconnecting', 'reconnecting', 'open', 'reconnecting']);
    live.close();
  });

  it('stops pinging a dropped socket', () => {
    const { sockets, last, live } = setup();
    const first = last();
    first.open();
    first.drop();
    vi.advanceTimersByTime(PING_INTERVAL_MS * 3);
    expect(first.sent).toEqual([{ type: 'hello', ...auth }]);
    expect(sockets.length).toBeGreaterThan(1);
    live.close();
  });

  it('stops for good after the session ends', () => {
    const { sockets, last, connections } = setup();
    last().open();
    last().receive({ type: 'ended' });
    expect(last().closedWith).toBe(1000);
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    expect(connections.at(-1)).toBe('closed');
  });

  it('stops for good when the server refuses the entry', () => {
    const { sockets, last } = setup();
    last().open();
    last().receive({ type: 'error', code: 'bad_entry', message: 'No such entry' });
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
  });

  it('keeps going after an error that is not fatal', () => {
    const { sockets, last, live } = setup();
    last().open();
    last().receive({ type: 'error', code: 'bad_message', message: '' });
    last().drop();
    vi.advanceTimersByTime(10_000);
    expect(sockets).toHaveLength(2);
    live.close();
  });

  it('closes cleanly and cancels a pending retry', () => {
    const { sockets, last, live, connections } = setup();
    last().drop();
    live.close();
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    expect(connections.at(-1)).toBe('closed');
  });

  it('retries at once when asked during a wait', () => {
    const { sockets, last, live } = setup();
    last().drop();
    live.retryNow();
    expect(sockets).toHaveLength(2);
    live.retryNow();
    expect(sockets).toHaveLength(2);
    live.close();
    expect(last().closedWith).toBe(1000);
  });
});
