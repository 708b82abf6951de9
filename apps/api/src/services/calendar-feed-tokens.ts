import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Private calendar links carry `<user id, base64url>.<version>.<signature>`. The HMAC means
 * nobody can make a link for someone else; the version, checked against the person's
 * `calendar_feeds` row, makes it revocable (a new link raises it). Nothing secret is stored.
 */
export function signCalendarFeed(secret: string, userId: string, version: number): string {
  return `${Buffer.from(userId).toString('base64url')}.${version}.${mac(secret, userId, version)}`;
}

export type CalendarFeedTokenCheck =
  | { ok: true; userId: string; version: number }
  | { ok: false; reason: 'malformed' | 'bad_signature' };

/** Generous for any user id we make; anything longer is rubbish, refused before hashing. */
const MAX_TOKEN_LENGTH = 400;

export function readCalendarFeed(secret: string, token: string): CalendarFeedTokenCheck {
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const [encodedId, versionText, signature] = parts as [string, string, string];
  if (!/^[A-Za-z0-9_-]+$/.test(encodedId) || !/^[1-9][0-9]{0,8}$/.test(versionText))
    return { ok: false, reason: 'malformed' };
  const userId = Buffer.from(encodedId, 'base64url').toString('utf8');
  // Base64url decoding is lenient; a round trip proves the text is the one we would write.
  if (userId === '' || Buffer.from(userId).toString('base64url') !== encodedId)
    return { ok: false, reason: 'malformed' };
  const version = Number(versionText);
  const expected = Buffer.from(mac(secret, userId, version));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'bad_signature' };
  return { ok: true, userId, version };
}

function mac(secret: string, userId: string, version: number): string {
  return createHmac('sha256', secret).update(`calendar-feed:${userId}:${version}`).digest('base64url');
}
