import type { Invite, MembershipStatus, RosterAction } from '@peer-support/contracts/roster';

/** Each status as staff read it in the roster table and the filter. */
export const STATUS_LABELS: Record<MembershipStatus, string> = {
  requested: 'Asked to join',
  active: 'Active',
  waitlisted: 'On the waiting list',
  paused: 'Paused',
  removed: 'Removed',
  erased: 'Erased',
};

/** The filter's options, in the order people move through them. */
export const STATUS_ORDER: MembershipStatus[] = ['requested', 'active', 'waitlisted', 'paused', 'removed', 'erased'];

/**
 * The actions that make sense for each status (the API refuses the others with a reason,
 * so offering them would only lead to refusals). An erased membership is final: none.
 */
export const ACTIONS_FOR: Record<MembershipStatus, RosterAction[]> = {
  requested: ['approve', 'decline'],
  active: ['pause', 'remove'],
  waitlisted: ['approve', 'decline'],
  paused: ['resume', 'remove'],
  removed: ['rejoin'],
  erased: [],
};

/** Actions whose consequences the person reads, and confirms, before they happen. */
export const CONFIRMED_ACTIONS: readonly RosterAction[] = ['pause', 'remove'];

export const ACTION_LABELS: Record<RosterAction, string> = {
  approve: 'Approve',
  decline: 'Decline',
  pause: 'Pause',
  resume: 'Resume',
  remove: 'Remove',
  rejoin: 'Rejoin',
};

/**
 * "9 of 12 places taken", or the count alone when the group has no limit. Paused members keep
 * their place (decision 0017), so they are counted, and said to be.
 */
export function placesSummary(active: number, paused: number, capacity: number | null): string {
  const ofThem = paused === 0 ? '' : ` (${paused} by ${paused === 1 ? 'a paused member' : 'paused members'})`;
  if (capacity === null) {
    const members = `${active} active ${active === 1 ? 'member' : 'members'}`;
    return `${paused === 0 ? members : `${members} and ${paused} paused`}, no limit on places`;
  }
  return `${active + paused} of ${capacity} places taken${ofThem}`;
}

/** What pausing will do, said before it happens. */
export function pauseConsequences(name: string, nextInLine: string | null): string[] {
  return [
    nextInLine
      ? `${name} keeps their place while paused, so nobody moves up from the waiting list (${nextInLine} is first on it).`
      : `${name} keeps their place while paused.`,
    `While paused, ${name} is left off check-in lists and session emails. Resume them when they are ready to come back, and the place is theirs again straight away.`,
    `To give the place to someone else instead, remove ${name}.`,
  ];
}

/** What removing will do, said before it happens: whether a place frees up, and who gets it. */
export function removeConsequences(name: string, status: MembershipStatus, nextInLine: string | null): string[] {
  const place =
    status === 'active' || status === 'paused'
      ? nextInLine
        ? `${name}’s place goes to ${nextInLine}, first on the waiting list, who is emailed to say so.`
        : `${name}’s place becomes free.`
      : `${name} does not hold a place, so nobody moves up.`;
  return [
    place,
    `You can bring ${name} back later with Rejoin; if the group is full by then, they go on the waiting list.`,
  ];
}

/** What happened after a roster action, in one or two sentences for the live region. */
export function outcomeMessage(
  name: string,
  action: RosterAction,
  status: MembershipStatus,
  promotedNames: string[],
): string {
  const first =
    action === 'decline'
      ? `${name}’s request was declined.`
      : {
          active: `${name} is now active.`,
          waitlisted: `The group is full, so ${name} is on the waiting list.`,
          paused: `${name} is now paused and keeps their place.`,
          removed: `${name} is no longer on the roster.`,
          requested: `${name} is waiting for approval.`,
          erased: `${name}’s data was erased.`,
        }[status];
  if (promotedNames.length === 0) return first;
  const who = listOf(promotedNames);
  const got = promotedNames.length === 1 ? 'got a place' : 'got places';
  return `${first} ${who} ${got} from the waiting list.`;
}

/** "Alex", "Alex and Sam", "Alex, Sam and Kit". */
export function listOf(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

export type InviteStatus = 'active' | 'used' | 'expired' | 'revoked';

export const INVITE_STATUS_LABELS: Record<InviteStatus, string> = {
  active: 'Active',
  used: 'Used',
  expired: 'Expired',
  revoked: 'Revoked',
};

/** Whether an invitation can still be used, and if not why; the API checks in the same order. */
export function inviteStatus(invite: Invite, now: Date): InviteStatus {
  if (invite.revokedAt) return 'revoked';
  if (new Date(invite.expiresAt) <= now) return 'expired';
  if (invite.maxUses !== null && invite.uses >= invite.maxUses) return 'used';
  return 'active';
}
