import { describe, expect, it } from 'vitest';
import {
  type StaffInvitationState,
  staffChangeRefusal,
  staffInvitationDeadRefusal,
  staffInvitationRefusal,
  staffRowCounts,
  staffStanding,
} from './staff.ts';

describe('staff standing', () => {
  it('holds for a confirmed address, and before confirmation only for the founder', () => {
    expect(staffRowCounts(true, 'invitation')).toBe(true);
    expect(staffRowCounts(true, 'founded')).toBe(true);
    expect(staffRowCounts(false, 'founded')).toBe(true);
    expect(staffRowCounts(false, 'invitation')).toBe(false);
  });

  it('gives an unconfirmed account its own new provider and nothing it was added to', () => {
    const rows = [
      { providerId: 'own', role: 'provider_admin' as const, via: 'founded' as const },
      { providerId: 'theirs', role: 'facilitator' as const, via: 'invitation' as const },
    ];
    const unconfirmed = staffStanding({ emailVerified: false }, rows, ['g1']);
    expect([...unconfirmed.providerRoles]).toEqual([['own', 'provider_admin']]);
    expect([...unconfirmed.facilitatedGroupIds]).toEqual([]);
    const confirmed = staffStanding({ emailVerified: true }, rows, ['g1']);
    expect([...confirmed.providerRoles]).toEqual([
      ['own', 'provider_admin'],
      ['theirs', 'facilitator'],
    ]);
    expect([...confirmed.facilitatedGroupIds]).toEqual(['g1']);
  });
});

describe('accepting a staff invitation', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  const pending: StaffInvitationState = {
    email: 'fiona@example.org',
    expiresAt: new Date('2026-12-08T12:00:00Z'),
    revokedAt: null,
    acceptedAt: null,
    acceptedBy: null,
  };
  const fiona = { userId: 'u-fiona', email: 'Fiona@Example.org', emailVerified: true };
  const code = (invitation: StaffInvitationState, person = fiona, at = now) =>
    staffInvitationRefusal(invitation, person, at)?.code ?? null;

  it('lets the confirmed owner of the address accept a pending invitation', () => {
    expect(code(pending)).toBeNull();
  });

  it('refuses an unconfirmed account with the right address, and another account', () => {
    expect(code(pending, { ...fiona, emailVerified: false })).toBe('email_not_confirmed');
    expect(code(pending, { userId: 'u-other', email: 'other@example.org', emailVerified: true })).toBe(
      'invitation_for_someone_else',
    );
    expect(staffInvitationRefusal(pending, { ...fiona, email: 'other@example.org' }, now)?.message).toContain(
      'fiona@example.org',
    );
  });

  it('says whether it was accepted already by this person or by someone else', () => {
    const accepted = { ...pending, acceptedAt: now, acceptedBy: 'u-fiona' };
    expect(code(accepted)).toBe('already_accepted');
    expect(code({ ...accepted, acceptedBy: 'u-other' })).toBe('invitation_used');
  });

  it('refuses a withdrawn or expired invitation before anything about the person', () => {
    const unconfirmed = { ...fiona, emailVerified: false };
    expect(code({ ...pending, revokedAt: now }, unconfirmed)).toBe('invitation_revoked');
    expect(code(pending, unconfirmed, pending.expiresAt)).toBe('invitation_expired');
    expect(code(pending, fiona, new Date(pending.expiresAt.getTime() - 1))).toBeNull();
  });

  it('tells anyone holding the link whether it can still be used, without asking who they are', () => {
    expect(staffInvitationDeadRefusal(pending, now)).toBeNull();
    const accepted = { ...pending, acceptedAt: now, acceptedBy: 'u-fiona' };
    expect(staffInvitationDeadRefusal(accepted, now)?.code).toBe('invitation_used');
    expect(staffInvitationDeadRefusal(accepted, now, 'u-fiona')?.code).toBe('already_accepted');
  });
});

describe('changing staff', () => {
  const admin = { userId: 'a', role: 'provider_admin' as const, counts: true };
  const facilitator = { userId: 'f', role: 'facilitator' as const, counts: true };

  it('never leaves a provider without an admin who counts', () => {
    expect(staffChangeRefusal([admin, facilitator], { userId: 'a', role: null })?.code).toBe('last_admin');
    expect(staffChangeRefusal([admin, facilitator], { userId: 'a', role: 'facilitator' })?.code).toBe('last_admin');
    // An admin row whose holder has not confirmed their email gives no standing, so it does not count.
    const unconfirmedAdmin = { userId: 'b', role: 'provider_admin' as const, counts: false };
    expect(staffChangeRefusal([admin, unconfirmedAdmin], { userId: 'a', role: null })?.code).toBe('last_admin');
  });

  it('allows anything that keeps an admin', () => {
    const second = { ...admin, userId: 'b' };
    expect(staffChangeRefusal([admin, second], { userId: 'a', role: null })).toBeNull();
    expect(staffChangeRefusal([admin, facilitator], { userId: 'f', role: null })).toBeNull();
    expect(staffChangeRefusal([admin, facilitator], { userId: 'f', role: 'provider_admin' })).toBeNull();
    expect(staffChangeRefusal([admin], { userId: 'a', role: 'provider_admin' })).toBeNull();
  });
});
