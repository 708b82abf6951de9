import { describe, expect, it } from 'vitest';
import {
  capacityCheck,
  HOLDS_PLACE,
  MEMBERSHIP_STATUSES,
  type MembershipStatus,
  nextToPromote,
  promotionsFor,
  ROSTER_EVENTS,
  type RosterContext,
  type RosterEvent,
  transition,
  validateCapacityChange,
} from './roster.ts';

const withRoom: RosterContext = { capacity: 10, placesTaken: 3, visibility: 'listed' };
const full: RosterContext = { capacity: 3, placesTaken: 3, visibility: 'listed' };

type From = MembershipStatus | 'none';
// A cell is the new status, or `!code` for a refusal. [with places free, when the group is full]
type Cell = readonly [withRoom: string, full: string];

// The whole state machine, written out by hand. Rows are events, columns the current status.
const table: Record<RosterEvent, Record<From, Cell>> = {
  request: {
    none: ['requested', 'requested'],
    requested: ['!already_requested', '!already_requested'],
    active: ['!already_member', '!already_member'],
    waitlisted: ['!already_waitlisted', '!already_waitlisted'],
    paused: ['!membership_paused', '!membership_paused'],
    removed: ['requested', 'requested'],
    erased: ['!membership_erased', '!membership_erased'],
  },
  accept_invite: {
    none: ['active', 'waitlisted'],
    requested: ['active', 'waitlisted'],
    active: ['!already_member', '!already_member'],
    waitlisted: ['!already_waitlisted', '!already_waitlisted'],
    paused: ['!membership_paused', '!membership_paused'],
    removed: ['active', 'waitlisted'],
    erased: ['!membership_erased', '!membership_erased'],
  },
  approve: {
    none: ['!not_on_roster', '!not_on_roster'],
    requested: ['active', 'waitlisted'],
    active: ['!not_awaiting_approval', '!not_awaiting_approval'],
    waitlisted: ['active', '!group_full'],
    paused: ['!not_awaiting_approval', '!not_awaiting_approval'],
    removed: ['!not_awaiting_approval', '!not_awaiting_approval'],
    erased: ['!membership_erased', '!membership_erased'],
  },
  decline: {
    none: ['!not_on_roster', '!not_on_roster'],
    requested: ['removed', 'removed'],
    active: ['!not_declinable', '!not_declinable'],
    waitlisted: ['removed', 'removed'],
    paused: ['!not_declinable', '!not_declinable'],
    removed: ['!not_declinable', '!not_declinable'],
    erased: ['!membership_erased', '!membership_erased'],
  },
  pause: {
    none: ['!not_on_roster', '!not_on_roster'],
    requested: ['!not_active', '!not_active'],
    active: ['paused', 'paused'],
    waitlisted: ['!not_active', '!not_active'],
    paused: ['!not_active', '!not_active'],
    removed: ['!not_active', '!not_active'],
    erased: ['!membership_erased', '!membership_erased'],
  },
  resume: {
    none: ['!not_on_roster', '!not_on_roster'],
    requested: ['!not_paused', '!not_paused'],
    active: ['!not_paused', '!not_paused'],
    waitlisted: ['!not_paused', '!not_paused'],
    // The place was kept while paused (0017), so a full group takes the person straight back.
    paused: ['active', 'active'],
    removed: ['!not_paused', '!not_paused'],
    erased: ['!membership_erased', '!membership_erased'],
  },
  remove: {
    none: ['!not_on_roster', '!not_on_roster'],
    requested: ['removed', 'removed'],
    active: ['removed', 'removed'],
    waitlisted: ['removed', 'removed'],
    paused: ['removed', 'removed'],
    removed: ['!already_removed', '!already_removed'],
    erased: ['!membership_erased', '!membership_erased'],
  },
  rejoin: {
    none: ['!not_on_roster', '!not_on_roster'],
    requested: ['!not_removed', '!not_removed'],
    active: ['!not_removed', '!not_removed'],
    waitlisted: ['!not_removed', '!not_removed'],
    paused: ['!not_removed', '!not_removed'],
    removed: ['active', 'waitlisted'],
    erased: ['!membership_erased', '!membership_erased'],
  },
};

const FROMS: From[] = ['none', ...MEMBERSHIP_STATUSES];
const cases = ROSTER_EVENTS.flatMap((event) =>
  FROMS.flatMap((from) => [
    { event, from, room: 'places free', ctx: withRoom, want: table[event][from][0] },
    { event, from, room: 'group full', ctx: full, want: table[event][from][1] },
  ]),
);

function outcome(from: From, event: RosterEvent, ctx: RosterContext): string {
  const result = transition(from === 'none' ? null : from, event, ctx);
  return result.ok ? result.status : `!${result.code}`;
}

describe('transition: the state machine', () => {
  it('covers every event from every status', () => {
    expect(Object.keys(table).sort()).toEqual([...ROSTER_EVENTS].sort());
    expect(cases).toHaveLength(ROSTER_EVENTS.length * 7 * 2);
  });

  it.each(cases)('$event from $from ($room) → $want', ({ event, from, ctx, want }) => {
    expect(outcome(from, event, ctx)).toBe(want);
  });

  it('refuses every transition with a sentence a person can act on', () => {
    for (const { event, from, ctx } of cases) {
      const result = transition(from === 'none' ? null : from, event, ctx);
      if (result.ok) continue;
      expect(result.message).toMatch(/^[A-Z].{20,}\.$/);
      expect(result.message).not.toContain(result.code);
      expect(result.message).not.toMatch(/undefined|null|NaN/);
    }
  });
});

describe('transition: invitation-only groups', () => {
  const inviteOnly: RosterContext = { ...withRoom, visibility: 'invite_only' };

  it('turns away a request and says how to get an invitation', () => {
    for (const from of [null, 'removed'] as const) {
      const result = transition(from, 'request', inviteOnly);
      expect(result).toMatchObject({ ok: false, code: 'invite_required' });
      expect(!result.ok && result.message).toMatch(/invitation/);
    }
  });

  it('lets an invitation in, with or without places', () => {
    expect(transition(null, 'accept_invite', inviteOnly)).toEqual({ ok: true, status: 'active' });
    expect(transition(null, 'accept_invite', { ...inviteOnly, capacity: 3 })).toEqual({
      ok: true,
      status: 'waitlisted',
    });
  });

  it('answers someone already on the roster by their status, not with the invitation rule', () => {
    expect(outcome('active', 'request', inviteOnly)).toBe('!already_member');
    expect(outcome('paused', 'request', inviteOnly)).toBe('!membership_paused');
  });
});

describe('transition: capacity', () => {
  it('never waitlists anyone when the group has no limit', () => {
    const unlimited: RosterContext = { capacity: null, placesTaken: 500, visibility: 'listed' };
    for (const [from, event] of [
      ['requested', 'approve'],
      [null, 'accept_invite'],
      ['paused', 'resume'],
      ['removed', 'rejoin'],
      ['waitlisted', 'approve'],
    ] as const) {
      expect(transition(from, event, unlimited)).toEqual({ ok: true, status: 'active' });
    }
  });

  it('fills the last place, then waitlists the next person', () => {
    expect(outcome('requested', 'approve', { capacity: 4, placesTaken: 3, visibility: 'listed' })).toBe('active');
    expect(outcome('requested', 'approve', { capacity: 4, placesTaken: 4, visibility: 'listed' })).toBe('waitlisted');
  });

  it('waitlists rather than overfilling a group that is already over capacity', () => {
    expect(outcome('requested', 'approve', { capacity: 3, placesTaken: 5, visibility: 'listed' })).toBe('waitlisted');
  });

  it('keeps a request waiting for a person even when places are free', () => {
    expect(outcome('none', 'request', { capacity: null, placesTaken: 0, visibility: 'listed' })).toBe('requested');
  });

  it('says how full the group is when a promotion cannot happen', () => {
    const result = transition('waitlisted', 'approve', { capacity: 12, placesTaken: 12, visibility: 'listed' });
    expect(result).toMatchObject({ ok: false, code: 'group_full' });
    expect(!result.ok && result.message).toContain('12 of 12 places');
  });
});

describe('capacityCheck', () => {
  it.each([
    { capacity: null, active: 0, want: { hasPlace: true, placesLeft: null } },
    { capacity: null, active: 10_000, want: { hasPlace: true, placesLeft: null } },
    { capacity: 10, active: 0, want: { hasPlace: true, placesLeft: 10 } },
    { capacity: 10, active: 9, want: { hasPlace: true, placesLeft: 1 } },
    { capacity: 10, active: 10, want: { hasPlace: false, placesLeft: 0 } },
    { capacity: 10, active: 12, want: { hasPlace: false, placesLeft: 0 } },
  ])('capacity $capacity with $active places taken → $want', ({ capacity, active, want }) => {
    expect(capacityCheck(capacity, active)).toEqual(want);
  });
});

describe('HOLDS_PLACE', () => {
  it('is active and paused members: a break keeps the place, and erased or waiting people hold none', () => {
    expect(MEMBERSHIP_STATUSES.filter((s) => HOLDS_PLACE.includes(s))).toEqual(['active', 'paused']);
  });
});

describe('nextToPromote', () => {
  const at = (iso: string) => new Date(iso);

  it('is nobody when the waiting list is empty', () => {
    expect(nextToPromote([])).toBeUndefined();
  });

  it('is whoever has waited longest, whatever order the list comes in', () => {
    const waitlist = [
      { membershipId: 'm-late', waitlistedAt: at('2026-03-02T10:00:00Z') },
      { membershipId: 'm-first', waitlistedAt: at('2026-03-01T09:00:00Z') },
      { membershipId: 'm-middle', waitlistedAt: at('2026-03-01T09:00:01Z') },
    ];
    expect(nextToPromote(waitlist)).toBe('m-first');
  });

  it('breaks an exact tie the same way every time', () => {
    const same = at('2026-03-01T09:00:00Z');
    const a = { membershipId: 'm-a', waitlistedAt: same };
    const b = { membershipId: 'm-b', waitlistedAt: same };
    expect(nextToPromote([a, b])).toBe('m-a');
    expect(nextToPromote([b, a])).toBe('m-a');
  });

  it('does not reorder the caller’s list', () => {
    const waitlist = [
      { membershipId: 'm-2', waitlistedAt: at('2026-03-02T00:00:00Z') },
      { membershipId: 'm-1', waitlistedAt: at('2026-03-01T00:00:00Z') },
    ];
    nextToPromote(waitlist);
    expect(waitlist.map((w) => w.membershipId)).toEqual(['m-2', 'm-1']);
  });
});

describe('promotionsFor', () => {
  const waitlist = [
    { membershipId: 'm-3', waitlistedAt: new Date('2026-03-03T00:00:00Z') },
    { membershipId: 'm-1', waitlistedAt: new Date('2026-03-01T00:00:00Z') },
    { membershipId: 'm-2', waitlistedAt: new Date('2026-03-02T00:00:00Z') },
  ];

  it('offers as many places as are free, in waiting order', () => {
    expect(promotionsFor(waitlist, { capacity: 12, placesTaken: 10 })).toEqual(['m-1', 'm-2']);
  });

  it('offers nothing when the group is full', () => {
    expect(promotionsFor(waitlist, { capacity: 10, placesTaken: 10 })).toEqual([]);
  });

  it('offers everyone a place when the limit is lifted', () => {
    expect(promotionsFor(waitlist, { capacity: null, placesTaken: 10 })).toEqual(['m-1', 'm-2', 'm-3']);
  });
});

describe('validateCapacityChange', () => {
  it('accepts no limit, and any capacity at or above the places taken', () => {
    expect(validateCapacityChange(null, 40)).toEqual({ ok: true });
    expect(validateCapacityChange(9, 9)).toEqual({ ok: true });
    expect(validateCapacityChange(20, 9)).toEqual({ ok: true });
    expect(validateCapacityChange(1, 0)).toEqual({ ok: true });
  });

  it('refuses a capacity below the places taken and says what to do', () => {
    const message =
      '9 members hold a place in this group (paused members keep theirs); set a capacity of at least 9, or remove members first.';
    expect(validateCapacityChange(8, 9)).toEqual({
      ok: false,
      code: 'capacity_below_active',
      message,
      fields: [{ field: 'capacity', message }],
    });
  });

  it('refuses the smallest step below the roster', () => {
    expect(validateCapacityChange(1, 2)).toMatchObject({
      ok: false,
      message:
        '2 members hold a place in this group (paused members keep theirs); set a capacity of at least 2, or remove members first.',
    });
  });

  it.each([0, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses %s as a capacity', (capacity) => {
    expect(validateCapacityChange(capacity, 0)).toMatchObject({
      ok: false,
      code: 'invalid_capacity',
      fields: [{ field: 'capacity' }],
    });
  });
});
