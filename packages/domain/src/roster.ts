import { type Refusal, refuse } from './refusal.ts';
import type { GroupVisibility } from './roles.ts';

/**
 * Group rosters: who is in a group, who is waiting, and how people move between the two.
 *
 * Places: `active` and `paused` members hold a place (decision 0017). A member taking a break
 * (hospital, a new job, a hard month) keeps their place, so pausing moves nobody up and
 * resuming gives the place straight back; a facilitator who needs the place removes instead.
 *
 * Erased: a membership whose person's data was erased on request. It is final: it holds no
 * place, no event applies to it, and it remains only as an anonymous row in the counts.
 *
 * Invitations are not a membership status: an invite is its own record (signed, expiring,
 * revocable) and accepting one is the `accept_invite` event here.
 */

export const MEMBERSHIP_STATUSES = ['requested', 'active', 'waitlisted', 'paused', 'removed', 'erased'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

/** The name an erased person's rows keep (memberships, waiting rooms, attendance), so counts still add up. */
export const ERASED_NAME = 'Erased member';

/** The statuses that hold one of the group's places. */
export const HOLDS_PLACE: readonly MembershipStatus[] = ['active', 'paused'];

/**
 * - `request`: the person asks to join a listed group (again, after a decline or removal).
 * - `accept_invite`: the person accepts a valid invitation; works on any group.
 * - `approve` / `decline`: staff answer a request, or (approve) move someone off the waitlist;
 *   a declined request is kept as `removed`, so the person may ask again later.
 * - `pause` / `resume`: a break from the group that keeps the person's place.
 * - `remove`: staff take someone off the roster; the record stays, as `removed`.
 * - `rejoin`: staff restore a removed or declined person without a fresh request.
 *
 * Who may fire staff events is `decide(actor, 'roster.manage', …)` in roles.ts, not this file.
 * Any change that frees a place (remove, erasure, a capacity rise) should be followed by
 * `promotionsFor`, so the waiting list moves without anyone having to remember.
 */
export const ROSTER_EVENTS = [
  'request',
  'accept_invite',
  'approve',
  'decline',
  'pause',
  'resume',
  'remove',
  'rejoin',
] as const;
export type RosterEvent = (typeof ROSTER_EVENTS)[number];

/** `placesTaken` counts members holding a place (`HOLDS_PLACE`), never the person this transition is about. */
export type RosterContext = { capacity: number | null; placesTaken: number; visibility: GroupVisibility };

export type RosterRefusalCode =
  | 'invite_required'
  | 'already_requested'
  | 'already_member'
  | 'already_waitlisted'
  | 'membership_paused'
  | 'not_on_roster'
  | 'not_awaiting_approval'
  | 'group_full'
  | 'not_declinable'
  | 'not_active'
  | 'not_paused'
  | 'already_removed'
  | 'not_removed'
  | 'membership_erased';

export type TransitionResult = { ok: true; status: MembershipStatus } | Refusal<RosterRefusalCode>;

/** `placesLeft` is null when the group has no capacity limit. */
export function capacityCheck(
  capacity: number | null,
  placesTaken: number,
): { hasPlace: boolean; placesLeft: number | null } {
  if (capacity === null) return { hasPlace: true, placesLeft: null };
  const placesLeft = Math.max(0, capacity - placesTaken);
  return { hasPlace: placesLeft > 0, placesLeft };
}

export function transition(current: MembershipStatus | null, event: RosterEvent, ctx: RosterContext): TransitionResult {
  if (current === 'erased') {
    return refuse(
      'membership_erased',
      'This person’s data was erased on request, so this membership is closed for good and nothing more can be done with it. If they want to come back, invite them again: they join as a new member.',
    );
  }
  switch (event) {
    case 'request':
      return request(current, ctx);
    case 'accept_invite':
      // An invitation is staff saying yes in advance, so it also settles an open request and
      // brings back someone who was declined or removed before.
      if (current === null || current === 'requested' || current === 'removed') return to(placeOrWaitlist(ctx));
      return alreadyThere(current);
    case 'approve':
      return approve(current, ctx);
    case 'decline':
      if (current === null) return notOnRoster();
      if (current === 'requested' || current === 'waitlisted') return to('removed');
      return refuse('not_declinable', CANNOT_DECLINE[current]);
    case 'pause':
      if (current === null) return notOnRoster();
      if (current === 'active') return to('paused');
      return refuse('not_active', CANNOT_PAUSE[current]);
    case 'resume':
      if (current === null) return notOnRoster();
      // The place was kept while paused (0017), so it is there to come back to.
      if (current === 'paused') return to('active');
      return refuse('not_paused', CANNOT_RESUME[current]);
    case 'remove':
      if (current === null) return notOnRoster();
      if (current === 'removed') return refuse('already_removed', 'This person is already off the roster.');
      return to('removed');
    case 'rejoin':
      if (current === null) return notOnRoster();
      if (current === 'removed') return to(placeOrWaitlist(ctx));
      return refuse('not_removed', CANNOT_REJOIN[current]);
  }
}

type Live = Exclude<MembershipStatus, 'erased'>;

function request(current: Live | null, ctx: RosterContext): TransitionResult {
  if (current !== null && current !== 'removed') return alreadyThere(current);
  if (ctx.visibility === 'invite_only') {
    return refuse(
      'invite_required',
      'This group is by invitation only. Ask the group’s facilitator, or the organisation that runs it, for an invitation link.',
    );
  }
  // Asking is never a way round the facilitator or the waiting list: a request always waits
  // for a person to say yes, even when there are places free.
  return to('requested');
}

function approve(current: Live | null, ctx: RosterContext): TransitionResult {
  if (current === null) return notOnRoster();
  if (current === 'requested') return to(placeOrWaitlist(ctx));
  if (current === 'waitlisted') {
    // Approving someone already waiting is a deliberate promotion, so a full group is an
    // answer the facilitator needs rather than a silent no-op.
    if (capacityCheck(ctx.capacity, ctx.placesTaken).hasPlace) return to('active');
    return refuse(
      'group_full',
      `The group is full (${ctx.placesTaken} of ${ctx.capacity} places taken, paused members included), so this person stays on the waiting list. Raise the capacity, or remove a member, to make room.`,
    );
  }
  return refuse('not_awaiting_approval', CANNOT_APPROVE[current]);
}

// Refusals of staff actions, by the person's current status. Each says where the person is
// and which action fits instead; the Record types make sure no status is forgotten.
const CANNOT_APPROVE: Record<'active' | 'paused' | 'removed', string> = {
  active: 'This person is already an active member; there is nothing to approve.',
  paused: 'This membership is paused, not waiting for approval. Resume it to bring the person back.',
  removed:
    'This person is no longer on the roster, so there is nothing to approve. Invite them again, or bring them back with rejoin.',
};

const CANNOT_DECLINE: Record<'active' | 'paused' | 'removed', string> = {
  active:
    'Only a request to join, or someone on the waiting list, can be declined. This person is an active member: remove them instead if they should leave the group.',
  paused:
    'Only a request to join, or someone on the waiting list, can be declined. This person is a paused member: remove them instead if they should leave the group.',
  removed: 'This person is already off the roster; there is nothing to decline.',
};

const CANNOT_PAUSE: Record<'requested' | 'waitlisted' | 'paused' | 'removed', string> = {
  requested:
    'Only active members can be paused. This person is still waiting for an answer to their request: approve or decline it.',
  waitlisted:
    'Only active members can be paused. This person is on the waiting list and not using a place, so there is nothing to pause.',
  paused: 'This membership is already paused. Resume it when the person is ready to come back.',
  removed:
    'Only active members can be paused, and this person is no longer on the roster. Bring them back with rejoin first if they should be.',
};

const CANNOT_RESUME: Record<'requested' | 'active' | 'waitlisted' | 'removed', string> = {
  requested:
    'Only a paused membership can be resumed. This person is still waiting for an answer to their request: approve or decline it.',
  active: 'This person is already an active member; there is nothing to resume.',
  waitlisted:
    'Only a paused membership can be resumed. This person is on the waiting list: approve them to give them a place now.',
  removed:
    'Only a paused membership can be resumed, and this person is no longer on the roster. Bring them back with rejoin instead.',
};

const CANNOT_REJOIN: Record<'requested' | 'active' | 'waitlisted' | 'paused', string> = {
  requested: 'This person is still waiting for an answer to their request: approve it instead.',
  active: 'This person is already an active member; there is nothing to restore.',
  waitlisted: 'This person is on the waiting list: approve them to give them a place now.',
  paused: 'This membership is paused: resume it instead.',
};

/** The person's own request or invitation, when they already hold a live membership. */
function alreadyThere(current: Exclude<Live, 'removed'>): Refusal<RosterRefusalCode> {
  switch (current) {
    case 'requested':
      return refuse(
        'already_requested',
        'You have already asked to join this group. The facilitator will get back to you; there is nothing more you need to do.',
      );
    case 'active':
      return refuse('already_member', 'You are already a member of this group. You will find it under My groups.');
    case 'waitlisted':
      return refuse(
        'already_waitlisted',
        'You are already on the waiting list for this group. You will be offered the next free place; there is nothing more you need to do.',
      );
    case 'paused':
      return refuse(
        'membership_paused',
        'Your membership of this group is paused. Ask the facilitator to resume it when you are ready to come back.',
      );
  }
}

function notOnRoster(): Refusal<RosterRefusalCode> {
  return refuse(
    'not_on_roster',
    'This person is not on the group’s roster. Check you have the right group, or invite them first.',
  );
}

function placeOrWaitlist(ctx: RosterContext): MembershipStatus {
  return capacityCheck(ctx.capacity, ctx.placesTaken).hasPlace ? 'active' : 'waitlisted';
}

function to(status: MembershipStatus): TransitionResult {
  return { ok: true, status };
}

export type WaitlistEntry = { membershipId: string; waitlistedAt: Date };

/** Waiting order: first come, first served; the id breaks exact ties so the order is stable. */
function waitlistOrder(waitlist: readonly WaitlistEntry[]): WaitlistEntry[] {
  return [...waitlist].sort(
    (a, b) =>
      a.waitlistedAt.getTime() - b.waitlistedAt.getTime() ||
      (a.membershipId < b.membershipId ? -1 : a.membershipId > b.membershipId ? 1 : 0),
  );
}

/** Who is offered the next free place. */
export function nextToPromote(waitlist: readonly WaitlistEntry[]): string | undefined {
  return waitlistOrder(waitlist)[0]?.membershipId;
}

/**
 * Everyone who can move up now, in order: after a capacity rise or a removal, as many people
 * as there are free places, or the whole list when the group has no limit.
 */
export function promotionsFor(
  waitlist: readonly WaitlistEntry[],
  ctx: { capacity: number | null; placesTaken: number },
): string[] {
  const { placesLeft } = capacityCheck(ctx.capacity, ctx.placesTaken);
  const ordered = waitlistOrder(waitlist).map((entry) => entry.membershipId);
  return placesLeft === null ? ordered : ordered.slice(0, placesLeft);
}

export type CapacityRefusalCode = 'invalid_capacity' | 'capacity_below_active';

/** `null` means no limit. The field path is `capacity`; the API prefixes it. */
export function validateCapacityChange(
  newCapacity: number | null,
  placesTaken: number,
): { ok: true } | Refusal<CapacityRefusalCode> {
  if (newCapacity === null) return { ok: true };
  if (!Number.isSafeInteger(newCapacity) || newCapacity < 1) {
    const message = 'Capacity must be a whole number of at least 1, or left empty for no limit.';
    return refuse('invalid_capacity', message, [{ field: 'capacity', message }]);
  }
  if (newCapacity < placesTaken) {
    // Capacity is at least 1 by now, so there are always two or more members here: plural is safe.
    const message = `${placesTaken} members hold a place in this group (paused members keep theirs); set a capacity of at least ${placesTaken}, or remove members first.`;
    return refuse('capacity_below_active', message, [{ field: 'capacity', message }]);
  }
  return { ok: true };
}
