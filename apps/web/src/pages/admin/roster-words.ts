import type { Invite, MembershipStatus, RosterAction } from '@peer-support/contracts/roster';

/** Each status as staff read it in the roster table and the filter. */
export const STATUS_LABELS: Record<MembershipStatus, string> = {
  requested: 'Asked to join',
  active: 'Active',
  waitlisted: 'On the waiting list',
  paused: 'Paused',
  removed: 'Removed',
};

/** The filter's options, in the order people move through them. */
export const STATUS_ORDER: MembershipStatus[] = ['requested', 'active', 'waitlisted', 'paused', 'removed'];

/**
 * The actions that make sense for each status (the API refuses the others with a reason,
 * so offering them would only lead to refusals).
 */
export const ACTIONS_FOR: Record<MembershipStatus, RosterAction[]> = {
  requested: ['approve', 'decline'],
  active: ['pause', 'remove'],
  waitlisted: ['approve', 'decline'],
  paused: ['resume', 'remove'],
  removed: ['rejoin'],
};

export const ACTION_LABELS: Record<RosterAction, string> = {
  approve: 'Approve',
  decline: 'Decline',
  pause: 'Pause',
  resume: 'Resume',
  remove: 'Remove',
  rejoin: 'Rejoin',
};

/** "9 of 12 places taken", or the count alone when the group has no limit. */
export function placesSummary(active: number, capacity: number | null): string {
  if (capacity === null) return `${active} active ${active === 1 ? 'member' : 'members'}, no limit on places`;
  return `${active} of ${capacity} places taken`;
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
          paused: `${name} is now paused.`,
          removed: `${name} is no longer on the roster.`,
          requested: `${name} is waiting for approval.`,
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
