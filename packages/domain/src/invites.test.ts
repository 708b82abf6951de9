import { describe, expect, it } from 'vitest';
import { emailHint, INVITE_DAYS, inviteAcceptRefusal, inviteExpiresAt, inviteTerms, usableInvite } from './invites.ts';

const now = new Date('2026-03-10T12:00:00Z');
const working = { revokedAt: null, expiresAt: new Date('2026-03-11T12:00:00Z'), maxUses: null, uses: 0 };

describe('invitation expiry', () => {
  it(`lasts ${INVITE_DAYS} days unless told otherwise`, () => {
    expect(INVITE_DAYS).toBe(14);
    expect(inviteExpiresAt(now).toISOString()).toBe('2026-03-24T12:00:00.000Z');
    expect(inviteExpiresAt(now, 1).toISOString()).toBe('2026-03-11T12:00:00.000Z');
    expect(inviteExpiresAt(now, 90).toISOString()).toBe('2026-06-08T12:00:00.000Z');
  });
});

describe('invitation terms', () => {
  it('makes an email invitation single-use, for the address in lower case', () => {
    expect(inviteTerms({ kind: 'email', email: 'Sam@Example.ORG' })).toEqual({ email: 'sam@example.org', maxUses: 1 });
  });

  it('leaves a link unlimited and addressed to nobody', () => {
    expect(inviteTerms({ kind: 'link' })).toEqual({ email: null, maxUses: null });
  });
});

const refusalOf = (r: ReturnType<typeof usableInvite>) => (r.ok ? undefined : r);

describe('a usable invitation', () => {
  it('works while not withdrawn, expired or used up', () => {
    expect(usableInvite(working, now)).toEqual({ ok: true, invite: working });
    expect(usableInvite({ ...working, maxUses: 1, uses: 0 }, now).ok).toBe(true);
  });

  it('says which way it died', () => {
    expect(refusalOf(usableInvite(undefined, now))?.code).toBe('invite_not_found');
    expect(refusalOf(usableInvite({ ...working, revokedAt: now }, now))?.code).toBe('invite_revoked');
    expect(refusalOf(usableInvite({ ...working, expiresAt: now }, now))?.code).toBe('invite_expired');
    expect(refusalOf(usableInvite({ ...working, maxUses: 1, uses: 1 }, now))?.code).toBe('invite_used');
  });

  it('reports withdrawal before expiry, and expiry before use', () => {
    const past = new Date('2026-03-01T00:00:00Z');
    expect(refusalOf(usableInvite({ ...working, revokedAt: past, expiresAt: past }, now))?.code).toBe('invite_revoked');
    expect(refusalOf(usableInvite({ ...working, expiresAt: past, maxUses: 1, uses: 1 }, now))?.code).toBe(
      'invite_expired',
    );
  });

  it('tells the holder to ask the facilitator for a new one', () => {
    expect(refusalOf(usableInvite({ ...working, expiresAt: now }, now))?.message).toBe(
      'This invitation has expired. Ask the group’s facilitator to send you a new one.',
    );
  });
});

describe('accepting an invitation', () => {
  const emailed = { kind: 'email' as const, email: 'sam@example.org' };

  it('lets anyone use a link, confirmed or not', () => {
    expect(
      inviteAcceptRefusal({ kind: 'link', email: null }, { email: 'x@y.z', emailVerified: false }),
    ).toBeUndefined();
  });

  it('lets the confirmed owner of the address accept, whatever the case of their address', () => {
    expect(inviteAcceptRefusal(emailed, { email: 'Sam@Example.org', emailVerified: true })).toBeUndefined();
  });

  it('refuses another address, hinting at the right one without naming it', () => {
    const refused = inviteAcceptRefusal(emailed, { email: 'alex@example.org', emailVerified: true });
    expect(refused?.code).toBe('invite_for_someone_else');
    expect(refused?.message).toContain('(s…@example.org)');
    expect(refused?.message).not.toContain('sam@');
  });

  it('refuses the right address until it is confirmed', () => {
    expect(inviteAcceptRefusal(emailed, { email: 'sam@example.org', emailVerified: false })?.code).toBe(
      'email_not_confirmed',
    );
  });

  it('checks the address before confirmation, so a stranger is not told to confirm', () => {
    expect(inviteAcceptRefusal(emailed, { email: 'alex@example.org', emailVerified: false })?.code).toBe(
      'invite_for_someone_else',
    );
  });

  it('hints at an address by its first letter and domain', () => {
    expect(emailHint('jo@example.org')).toBe('j…@example.org');
  });
});
