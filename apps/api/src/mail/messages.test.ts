import { describe, expect, it } from 'vitest';
import {
  groupInviteMessage,
  passwordResetMessage,
  ROLE_WORDS,
  rosterAnswerMessage,
  rsvpPromotedMessage,
  sessionChangedMessage,
  signInLinkMessage,
  signInNoAccountMessage,
  staffInviteMessage,
  verifyEmailMessage,
  waitlistPromotedMessage,
} from './messages.ts';

const publicUrl = 'https://peer.example';

describe('account emails', () => {
  it('asks to confirm an address with a link carrying the token, escaped', () => {
    const m = verifyEmailMessage({ name: 'Sam', email: 'sam@example.org', publicUrl, token: 'a+b/c' });
    expect(m.tag).toBe('verify-email');
    expect(m.subject).toBe('Confirm your email address');
    expect(m.text).toMatch(/^Hello Sam,\n\nTo confirm that sam@example\.org is yours/);
    expect(m.text).toContain(`\n\n${publicUrl}/verify-email?token=a%2Bb%2Fc\n\n`);
    expect(m.text).toContain('It works for 24 hours');
    expect(m.text).toContain('A staff role or an invitation sent to this address waits until you do.');
  });

  it('sends the reset link, valid for an hour', () => {
    const m = passwordResetMessage({ name: 'Sam', url: `${publicUrl}/reset?token=t` });
    expect(m).toMatchObject({ tag: 'password-reset', subject: 'Reset your password' });
    expect(m.text).toContain(`within an hour:\n\n${publicUrl}/reset?token=t\n\n`);
    expect(m.text).toContain('your password stays as it is.');
  });

  it('sends a sign-in link to a known address, and how to sign up to an unknown one', () => {
    expect(signInLinkMessage({ url: 'https://peer.example/link' })).toEqual({
      tag: 'sign-in-link',
      subject: 'Your sign-in link',
      text: 'Open this link within 15 minutes to sign in:\n\nhttps://peer.example/link\n\nIf you did not ask for it, ignore this email.',
    });
    const none = signInNoAccountMessage({ publicUrl });
    expect(none).toMatchObject({ tag: 'sign-in-no-account', subject: 'Signing in to Peer support' });
    expect(none.text).toContain('no account uses it');
    expect(none.text).toContain(`\n\n${publicUrl}/sign-up\n\n`);
  });
});

describe('invitations', () => {
  // 13:00 in London: summer time, an hour ahead of UTC.
  const summer = new Date('2026-06-08T12:00:00Z');

  it('invites to a group with the link and its deadline in UK time', () => {
    const m = groupInviteMessage({ groupName: 'Thursday circle', url: `${publicUrl}/invite/tok`, expiresAt: summer });
    expect(m.tag).toBe('group-invite');
    expect(m.subject).toBe('You are invited to join Thursday circle');
    expect(m.text).toMatch(/^Hello,\n\nYou are invited to join Thursday circle, a peer-support group\./);
    expect(m.text).toMatch(/the link works until Monday,? 8 June 2026 at 13:00, UK time\):/);
    expect(m.text).toContain(`\n\n${publicUrl}/invite/tok\n\n`);
    expect(m.text).toMatch(/If you were not expecting this, you can ignore this email\.$/);
  });

  it('invites to a provider staff, naming the inviter, the role and the address to sign in with', () => {
    const m = staffInviteMessage({
      inviterName: 'Alex',
      role: 'provider_admin',
      providerName: 'Riverside Trust',
      email: 'sam@example.org',
      url: `${publicUrl}/staff-invitation/tok`,
      expiresAt: summer,
    });
    expect(m.tag).toBe('staff-invite');
    expect(m.subject).toBe('You are invited to join the staff of Riverside Trust');
    expect(m.text).toContain('Alex has invited you to be a provider admin at Riverside Trust, on Peer support.');
    expect(m.text).toMatch(/it works until Monday,? 8 June 2026 at 13:00, UK time\):/);
    expect(m.text).toContain(`\n\n${publicUrl}/staff-invitation/tok\n\n`);
    expect(m.text).toContain(
      'with this email address (sam@example.org) and confirm it. Nothing changes until you accept.',
    );
    expect(ROLE_WORDS.facilitator).toBe('a facilitator');
  });
});

describe('roster emails', () => {
  const who = { name: 'Sam', groupName: 'Thursday circle', publicUrl };

  it('tells someone a place from the waiting list is theirs', () => {
    expect(waitlistPromotedMessage(who)).toEqual({
      tag: 'waitlist-promoted',
      subject: 'A place is yours in Thursday circle',
      text: `Hello Sam,\n\nA place has opened in Thursday circle and it is yours. You will find the group under My groups:\n\n${publicUrl}/me/groups\n`,
    });
  });

  it('tells an approved person they are in', () => {
    expect(rosterAnswerMessage({ ...who, event: 'approve', placed: 'active' })).toEqual({
      tag: 'request-approved',
      subject: 'You are in Thursday circle',
      text: `Hello Sam,\n\nYour request to join Thursday circle was approved: you have a place in the group. You will find the group under My groups:\n\n${publicUrl}/me/groups\n`,
    });
  });

  it('tells an approved person of a full group that they wait, and that nothing more is needed', () => {
    const m = rosterAnswerMessage({ ...who, event: 'approve', placed: 'waitlisted' });
    expect(m).toMatchObject({ tag: 'request-waitlisted', subject: 'You are on the waiting list for Thursday circle' });
    expect(m.text).toContain(
      'Your request to join Thursday circle was approved, but Thursday circle is full for now, so you are on its waiting list.',
    );
    expect(m.text).toContain('there is nothing more you need to do.');
    expect(m.text).toContain(`${publicUrl}/me/groups\n`);
  });

  it('tells someone taken back where they stand', () => {
    expect(rosterAnswerMessage({ ...who, event: 'rejoin', placed: 'active' })).toMatchObject({
      tag: 'rejoined',
      subject: 'You are back in Thursday circle',
    });
    const waiting = rosterAnswerMessage({ ...who, event: 'rejoin', placed: 'waitlisted' });
    expect(waiting.tag).toBe('rejoined-waitlisted');
    expect(waiting.text).toContain(
      'You are back on the roster of Thursday circle, but Thursday circle is full for now',
    );
  });
});

describe('session emails', () => {
  const base = { name: 'Sam', groupName: 'Thursday circle', groupId: 'g1', publicUrl };

  it('tells someone they are going now, where, and how to give the place back', () => {
    const m = rsvpPromotedMessage({ ...base, session: 'Thursday 4 June 2026, 19:00', where: 'Join online' });
    expect(m.tag).toBe('rsvp-promoted');
    expect(m.subject).toBe("A place opened up: you're now going to Thursday circle on Thursday 4 June 2026, 19:00");
    expect(m.text).toBe(
      [
        'Hello Sam,',
        '',
        "A place opened up: you're now going to Thursday circle on Thursday 4 June 2026, 19:00.",
        'Where: Join online',
        '',
        'If you can no longer come, say so under My sessions, so the place goes to the next person waiting:',
        `${publicUrl}/me/sessions`,
        '',
        "The group's page:",
        `${publicUrl}/groups/g1`,
        '',
      ].join('\n'),
    );
  });

  it('says a session is cancelled, and why', () => {
    const m = sessionChangedMessage({
      ...base,
      usual: 'Thursday 4 June',
      reason: 'The hall is closed.',
      cancelled: true,
    });
    expect(m).toEqual({
      tag: 'session-cancelled',
      subject: 'Thursday circle: the session on Thursday 4 June is cancelled',
      text: `Hello Sam,\n\nThe Thursday circle session on Thursday 4 June is cancelled.\n\nWhy: The hall is closed.\n\nThe group's schedule is here:\n${publicUrl}/groups/g1\n`,
    });
  });

  it('says when and where a moved session is now', () => {
    const m = sessionChangedMessage({
      ...base,
      usual: 'Thursday 4 June, 19:00',
      reason: 'Half term.',
      cancelled: false,
      from: 'Friday 5 June, 18:00',
      to: 'Friday 5 June, 19:30',
      where: 'Hall, 1 High St',
    });
    expect(m.tag).toBe('session-moved');
    expect(m.subject).toBe('Thursday circle: the session on Thursday 4 June, 19:00 has changed');
    expect(m.text).toBe(
      `Hello Sam,\n\nThe Thursday circle session on Thursday 4 June, 19:00 has changed. It is now:\n\nWhen: Friday 5 June, 18:00 to Friday 5 June, 19:30\nWhere: Hall, 1 High St\n\nWhy: Half term.\n\nThe group's schedule is here:\n${publicUrl}/groups/g1\n`,
    );
  });
});
