import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Invitation links carry `<invite id>.<expiry>.<signature>`. The HMAC means nobody can
 * forge a link or stretch its expiry; the database row makes it revocable. Nothing secret
 * is stored, so a database leak does not leak working links.
 */
/**
 * What a link invites to. Part of the signature, so a link for one kind of invitation can
 * never be presented as the other, whatever the ids.
 */
export type InvitePurpose = 'invite' | 'staff-invite';

export function signInvite(
  secret: string,
  inviteId: string,
  expiresAt: Date,
  purpose: InvitePurpose = 'invite',
): string {
  const expiry = Math.floor(expiresAt.getTime() / 1000).toString(36);
  return `${inviteId}.${expiry}.${mac(secret, inviteId, expiry, purpose)}`;
}

export type InviteTokenCheck =
  | { ok: true; inviteId: string; expiresAt: Date }
  | { ok: false; reason: 'malformed' | 'bad_signature' };

export function readInvite(secret: string, token: string, purpose: InvitePurpose = 'invite'): InviteTokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const [inviteId, expiry, signature] = parts as [string, string, string];
  if (!/^[0-9a-f-]{36}$/.test(inviteId) || !/^[0-9a-z]+$/.test(expiry)) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(mac(secret, inviteId, expiry, purpose));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'bad_signature' };
  return { ok: true, inviteId, expiresAt: new Date(Number.parseInt(expiry, 36) * 1000) };
}

function mac(secret: string, inviteId: string, expiry: string, purpose: InvitePurpose): string {
  return createHmac('sha256', secret).update(`${purpose}:${inviteId}.${expiry}`).digest('base64url');
}
