import { describe, expect, it } from 'vitest';
import { pushedTokenFor, TOKEN_MARGIN_MS } from './pushed-token.ts';

const now = new Date('2026-03-01T18:00:00.000Z');
const token = (room: string, expiresInMs = 600_000) => ({
  token: `jwt-for-${room}`,
  url: 'ws://127.0.0.1:7880',
  identity: 'entry-1',
  room,
  expiresAt: new Date(now.getTime() + expiresInMs).toISOString(),
});

describe('pushedTokenFor', () => {
  it('joins with the pushed token for the room the call is in', () => {
    expect(pushedTokenFor(token('r.1'), 'r.1', new Set(), now)?.room).toBe('r.1');
  });

  it('asks the token route when nothing was pushed, or it is for another room, or there is no room', () => {
    expect(pushedTokenFor(null, 'r.1', new Set(), now)).toBeNull();
    expect(pushedTokenFor(token('r'), 'r.1', new Set(), now)).toBeNull();
    expect(pushedTokenFor(token('r'), null, new Set(), now)).toBeNull();
  });

  it('does not join twice with one pushed token, nor with one about to expire', () => {
    expect(pushedTokenFor(token('r'), 'r', new Set(['jwt-for-r']), now)).toBeNull();
    expect(pushedTokenFor(token('r', TOKEN_MARGIN_MS - 1), 'r', new Set(), now)).toBeNull();
    expect(pushedTokenFor(token('r', TOKEN_MARGIN_MS + 1), 'r', new Set(), now)).not.toBeNull();
  });
});
