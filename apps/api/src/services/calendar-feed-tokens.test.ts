import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readCalendarFeed, signCalendarFeed } from './calendar-feed-tokens.ts';

const SECRET = 'a-test-secret-that-is-long-enough-000000';
const USER = 'Xk3pQ9vLr2TzW8yB';

describe('calendar feed tokens', () => {
  it('round-trips the user id and version', () => {
    const token = signCalendarFeed(SECRET, USER, 3);
    expect(token.split('.')[1]).toBe('3');
    expect(readCalendarFeed(SECRET, token)).toEqual({ ok: true, userId: USER, version: 3 });
  });

  it('signs "calendar-feed:<user id>:<version>" with HMAC-SHA256', () => {
    const signature = createHmac('sha256', SECRET).update(`calendar-feed:${USER}:1`).digest('base64url');
    expect(signCalendarFeed(SECRET, USER, 1).split('.')[2]).toBe(signature);
  });

  it('refuses a token signed with another secret', () => {
    const token = signCalendarFeed('another-secret-that-is-long-enough-00000', USER, 1);
    expect(readCalendarFeed(SECRET, token)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a changed version or another person under the same signature', () => {
    const [id, , sig] = signCalendarFeed(SECRET, USER, 1).split('.');
    expect(readCalendarFeed(SECRET, `${id}.2.${sig}`)).toEqual({ ok: false, reason: 'bad_signature' });
    const other = Buffer.from('someone-else').toString('base64url');
    expect(readCalendarFeed(SECRET, `${other}.1.${sig}`)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('says malformed for rubbish', () => {
    for (const token of [
      '',
      'not-a-token',
      'a.b.c',
      'YWJj.0.sig',
      'YWJj.01.sig',
      'a b.1.sig',
      `${'A'.repeat(500)}.1.x`,
    ]) {
      expect(readCalendarFeed(SECRET, token), token).toEqual({ ok: false, reason: 'malformed' });
    }
  });
});
