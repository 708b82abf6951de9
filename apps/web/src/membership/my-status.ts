import type { MembershipStatus } from '@peer-support/contracts/roster';

/** Where a person stands in a group, said to them in plain words. */
export const MY_STATUS: Record<MembershipStatus, { label: string; detail: string }> = {
  active: { label: 'Member', detail: 'You are a member of this group.' },
  requested: {
    label: 'Asked to join',
    detail: 'You have asked to join. The facilitator will get back to you; there is nothing more you need to do.',
  },
  waitlisted: {
    label: 'On the waiting list',
    detail: 'The group is full for now. You will get the next free place, and we will email you when you do.',
  },
  paused: {
    label: 'Paused',
    detail:
      'Your membership is taking a break, and your place is kept for you. Ask the facilitator when you are ready to come back.',
  },
  removed: {
    label: 'Not a member',
    detail: 'You are not on this group’s roster at the moment.',
  },
  // Never shown in practice: an erased membership is unlinked from any account.
  erased: {
    label: 'Not a member',
    detail: 'You are not on this group’s roster.',
  },
};
