import type { ProviderRole } from '@peer-support/domain/roles';
import type { Message } from './mailer.ts';

/**
 * Every email the platform sends, worded in one place. Pure: each function takes what the
 * message needs (names, links, already formatted session times) and returns its tag, subject
 * and plain text; the caller adds the address and sends it after its transaction commits.
 */
export type Wording = Omit<Message, 'to'>;

/** Invitation deadlines are stated in UK time, the time the groups keep. */
const ukDateTime = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'full',
  timeStyle: 'short',
  timeZone: 'Europe/London',
});

/** The role as a sentence names it ("to be a facilitator"). */
export const ROLE_WORDS: Record<ProviderRole, string> = {
  facilitator: 'a facilitator',
  provider_admin: 'a provider admin',
};

// ----- accounts -----------------------------------------------------------------------

export function verifyEmailMessage(m: { name: string; email: string; publicUrl: string; token: string }): Wording {
  return {
    tag: 'verify-email',
    subject: 'Confirm your email address',
    text: `Hello ${m.name},\n\nTo confirm that ${m.email} is yours, open this link in the browser where you are signed in to Peer support. It works for 24 hours:\n\n${m.publicUrl}/verify-email?token=${encodeURIComponent(m.token)}\n\nYou can take part in groups without confirming. A staff role or an invitation sent to this address waits until you do.\n\nIf you did not make an account, ignore this email: nothing happens unless you confirm.`,
  };
}

export function passwordResetMessage(m: { name: string; url: string }): Wording {
  return {
    tag: 'password-reset',
    subject: 'Reset your password',
    text: `Hello ${m.name},\n\nSomeone (we hope you) asked to reset the password for this email address. To choose a new password, open this link within an hour:\n\n${m.url}\n\nIf it was not you, ignore this email; your password stays as it is.`,
  };
}

export function signInLinkMessage(m: { url: string }): Wording {
  return {
    tag: 'sign-in-link',
    subject: 'Your sign-in link',
    text: `Open this link within 15 minutes to sign in:\n\n${m.url}\n\nIf you did not ask for it, ignore this email.`,
  };
}

/** Sent instead of a sign-in link to an address no account uses: how to make one. */
export function signInNoAccountMessage(m: { publicUrl: string }): Wording {
  return {
    tag: 'sign-in-no-account',
    subject: 'Signing in to Peer support',
    text: `Someone (we hope you) asked to sign in with this email address, but no account uses it. To make one, go to:\n\n${m.publicUrl}/sign-up\n\nIf it was not you, ignore this email.`,
  };
}

// ----- invitations --------------------------------------------------------------------

export function groupInviteMessage(m: { groupName: string; url: string; expiresAt: Date }): Wording {
  return {
    tag: 'group-invite',
    subject: `You are invited to join ${m.groupName}`,
    text: `Hello,\n\nYou are invited to join ${m.groupName}, a peer-support group. You can read about the group and its ground rules, and choose whether to join, here (the link works until ${ukDateTime.format(m.expiresAt)}, UK time):\n\n${m.url}\n\nIf you were not expecting this, you can ignore this email.`,
  };
}

export function staffInviteMessage(m: {
  inviterName: string;
  role: ProviderRole;
  providerName: string;
  email: string;
  url: string;
  expiresAt: Date;
}): Wording {
  return {
    tag: 'staff-invite',
    subject: `You are invited to join the staff of ${m.providerName}`,
    text: `Hello,\n\n${m.inviterName} has invited you to be ${ROLE_WORDS[m.role]} at ${m.providerName}, on Peer support. To accept, open this link (it works until ${ukDateTime.format(m.expiresAt)}, UK time):\n\n${m.url}\n\nYou will sign in, or make an account, with this email address (${m.email}) and confirm it. Nothing changes until you accept.\n\nIf you were not expecting this, you can ignore this email.`,
  };
}

// ----- the roster ---------------------------------------------------------------------

const myGroupsLink = (publicUrl: string) => `You will find the group under My groups:\n\n${publicUrl}/me/groups\n`;

/** A place in the group came to someone from its waiting list. */
export function waitlistPromotedMessage(m: { name: string; groupName: string; publicUrl: string }): Wording {
  return {
    tag: 'waitlist-promoted',
    subject: `A place is yours in ${m.groupName}`,
    text: `Hello ${m.name},\n\nA place has opened in ${m.groupName} and it is yours. ${myGroupsLink(m.publicUrl)}`,
  };
}

/** Where staff approving a request, or taking someone back, left the person: in the group or on its waiting list. */
export function rosterAnswerMessage(m: {
  name: string;
  groupName: string;
  event: 'approve' | 'rejoin';
  placed: 'active' | 'waitlisted';
  publicUrl: string;
}): Wording {
  const approved = m.event === 'approve';
  const answer = approved
    ? `Your request to join ${m.groupName} was approved`
    : `You are back on the roster of ${m.groupName}`;
  const link = myGroupsLink(m.publicUrl);
  if (m.placed === 'active') {
    return {
      tag: approved ? 'request-approved' : 'rejoined',
      subject: approved ? `You are in ${m.groupName}` : `You are back in ${m.groupName}`,
      text: `Hello ${m.name},\n\n${answer}: you have a place in the group. ${link}`,
    };
  }
  return {
    tag: approved ? 'request-waitlisted' : 'rejoined-waitlisted',
    subject: `You are on the waiting list for ${m.groupName}`,
    text: `Hello ${m.name},\n\n${answer}, but ${m.groupName} is full for now, so you are on its waiting list. Places go to the people waiting in the order they joined the list, and we will email you when one is yours; there is nothing more you need to do. ${link}`,
  };
}

// ----- sessions -----------------------------------------------------------------------

/** A place at one session came to someone from its RSVP waiting list. `session` and `where` as people read them. */
export function rsvpPromotedMessage(m: {
  name: string;
  groupName: string;
  groupId: string;
  session: string;
  where: string;
  publicUrl: string;
}): Wording {
  return {
    tag: 'rsvp-promoted',
    subject: `A place opened up: you're now going to ${m.groupName} on ${m.session}`,
    text: [
      `Hello ${m.name},`,
      '',
      `A place opened up: you're now going to ${m.groupName} on ${m.session}.`,
      `Where: ${m.where}`,
      '',
      'If you can no longer come, say so under My sessions, so the place goes to the next person waiting:',
      `${m.publicUrl}/me/sessions`,
      '',
      "The group's page:",
      `${m.publicUrl}/groups/${m.groupId}`,
      '',
    ].join('\n'),
  };
}

/**
 * One session of a series was cancelled or moved. `usual` is when it would have been; a move
 * says when (`from`, `to`) and where it is now. Times as people read them, in the series' zone.
 */
export function sessionChangedMessage(
  m: {
    name: string;
    groupName: string;
    groupId: string;
    usual: string;
    reason: string;
    publicUrl: string;
  } & ({ cancelled: true } | { cancelled: false; from: string; to: string; where: string }),
): Wording {
  const change = m.cancelled
    ? `The ${m.groupName} session on ${m.usual} is cancelled.`
    : [
        `The ${m.groupName} session on ${m.usual} has changed. It is now:`,
        '',
        `When: ${m.from} to ${m.to}`,
        `Where: ${m.where}`,
      ].join('\n');
  return {
    tag: m.cancelled ? 'session-cancelled' : 'session-moved',
    subject: m.cancelled
      ? `${m.groupName}: the session on ${m.usual} is cancelled`
      : `${m.groupName}: the session on ${m.usual} has changed`,
    text: `Hello ${m.name},\n\n${change}\n\nWhy: ${m.reason}\n\nThe group's schedule is here:\n${m.publicUrl}/groups/${m.groupId}\n`,
  };
}
