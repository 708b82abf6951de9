import { describe, expect, it } from 'vitest';
import { readInvite, signInvite } from './invite-tokens.ts';

const SECRET = 'a-test-secret-that-is-long-enough-000000';
const ID = '3f1c2a8e-5b6d-4c7e-8f90-123456789abc';
const EXPIRES = new Date('2026-12-07T12:00:00Z');

describe('invite tokens', () => {
  it('round-trips the invite id and expiry', () => {
    const token = signInvite(SECRET, ID, EXPIRES);
    expect(readInvite(SECRET, token)).toEqual({ ok: true, inviteId: ID, expiresAt: EXPIRES });
  });

  it('refuses a token signed with another secret', () => {
    const token = signInvite('another-secret-that-is-long-enough-00000', ID, EXPIRES);
    expect(readInvite(SECRET, token)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a stretched expiry', () => {
    const [id, , sig] = signInvite(SECRET, ID, EXPIRES).split('.');
    const later = Math.floor(new Date('2027-12-07T12:00:00Z').getTime() / 1000).toString(36);
    expect(readInvite(SECRET, `${id}.${later}.${sig}`)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses another invite id under the same signature', () => {
    const [, expiry, sig] = signInvite(SECRET, ID, EXPIRES).split('.');
    expect(readInvite(SECRET, `3f1c2a8e-5b6d-4c7e-8f90-123456789abd.${expiry}.${sig}`).ok).toBe(false);
  });

  it('refuses a group invitation presented as a staff invitation, and the other way round', () => {
    const group = signInvite(SECRET, ID, EXPIRES);
    const staff = signInvite(SECRET, ID, EXPIRES, 'staff-invite');
    expect(readInvite(SECRET, group, 'staff-invite')).toEqual({ ok: false, reason: 'bad_signature' });
    expect(readInvite(SECRET, staff)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(readInvite(SECRET, staff, 'staff-invite')).toEqual({ ok: true, inviteId: ID, expiresAt: EXPIRES });
  });

  it('says malformed for rubbish', () => {
    expect(readInvite(SECRET, 'not-a-token')).toEqual({ ok: false, reason: 'malformed' });
    expect(readInvite(SECRET, 'a.b.c')).toEqual({ ok: false, reason: 'malformed' });
  });
});
