import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  type Action,
  type Actor,
  ANONYMOUS,
  type Decision,
  decide,
  type GroupVisibility,
  type ProviderRole,
} from './roles.ts';

// Provider P runs the target group G and another group H; provider Q is someone else entirely.
const P = 'provider-p';
const Q = 'provider-q';
const G = 'group-g';
const H = 'group-h';

function actor(
  userId: string,
  parts: { roles?: [string, ProviderRole][]; facilitates?: string[]; memberOf?: string[] },
): Actor {
  return {
    userId,
    providerRoles: new Map(parts.roles ?? []),
    facilitatedGroupIds: new Set(parts.facilitates ?? []),
    activeMemberGroupIds: new Set(parts.memberOf ?? []),
  };
}

const personas = {
  anonymous: ANONYMOUS,
  member: actor('u-member', { memberOf: [G] }),
  colleague: actor('u-colleague', { roles: [[P, 'facilitator']], facilitates: [H] }),
  facilitator: actor('u-facilitator', { roles: [[P, 'facilitator']], facilitates: [G] }),
  otherAdmin: actor('u-other-admin', { roles: [[Q, 'provider_admin']] }),
  admin: actor('u-admin', { roles: [[P, 'provider_admin']] }),
} satisfies Record<string, Actor>;
type Persona = keyof typeof personas;

const A = 'allow';
const N = 'not_found';
const F = 'forbidden';
// A group-scoped cell is [on a listed group, on an invite-only group]; a provider-wide cell is one answer.
type Cell = Decision | readonly [listed: Decision, inviteOnly: Decision];

// Written out by hand from the table in roles.ts, not derived from the code under test.
const expected: Record<Action, Record<Persona, Cell>> = {
  'provider.view': { anonymous: N, member: N, colleague: A, facilitator: A, otherAdmin: N, admin: A },
  'provider.manage_members': { anonymous: N, member: N, colleague: F, facilitator: F, otherAdmin: N, admin: A },
  'group.create': { anonymous: N, member: N, colleague: F, facilitator: F, otherAdmin: N, admin: A },
  'person.erase': { anonymous: N, member: N, colleague: F, facilitator: F, otherAdmin: N, admin: A },
  'session.rsvp': {
    anonymous: [N, N],
    member: [A, A],
    colleague: [F, N],
    facilitator: [F, F],
    otherAdmin: [N, N],
    admin: [F, F],
  },
  'session.view_rsvps': {
    anonymous: [N, N],
    member: [A, A],
    colleague: [F, N],
    facilitator: [A, A],
    otherAdmin: [N, N],
    admin: [A, A],
  },
  'session.host': {
    anonymous: [N, N],
    member: [F, F],
    colleague: [F, N],
    facilitator: [A, A],
    otherAdmin: [N, N],
    admin: [A, A],
  },
  'group.view_public': {
    anonymous: [A, N],
    member: [A, A],
    colleague: [A, N],
    facilitator: [A, A],
    otherAdmin: [A, N],
    admin: [A, A],
  },
  'group.view_admin': {
    anonymous: [N, N],
    member: [F, F],
    colleague: [F, N],
    facilitator: [A, A],
    otherAdmin: [N, N],
    admin: [A, A],
  },
  'group.edit': {
    anonymous: [N, N],
    member: [F, F],
    colleague: [F, N],
    facilitator: [F, F],
    otherAdmin: [N, N],
    admin: [A, A],
  },
  'group.edit_ground_rules': {
    anonymous: [N, N],
    member: [F, F],
    colleague: [F, N],
    facilitator: [A, A],
    otherAdmin: [N, N],
    admin: [A, A],
  },
  'roster.view': {
    anonymous: [N, N],
    member: [F, F],
    colleague: [F, N],
    facilitator: [A, A],
    otherAdmin: [N, N],
    admin: [A, A],
  },
  'roster.manage': {
    anonymous: [N, N],
    member: [F, F],
    colleague: [F, N],
    facilitator: [A, A],
    otherAdmin: [N, N],
    admin: [A, A],
  },
  'roster.export': {
    anonymous: [N, N],
    member: [F, F],
    colleague: [F, N],
    facilitator: [F, F],
    otherAdmin: [N, N],
    admin: [A, A],
  },
};

type Case = { action: Action; persona: Persona; visibility: GroupVisibility | 'none'; want: Decision };

const cases: Case[] = ACTIONS.flatMap((action) =>
  (Object.keys(personas) as Persona[]).flatMap((persona): Case[] => {
    const cell = expected[action][persona];
    if (typeof cell === 'string') return [{ action, persona, visibility: 'none', want: cell }];
    return [
      { action, persona, visibility: 'listed', want: cell[0] },
      { action, persona, visibility: 'invite_only', want: cell[1] },
    ];
  }),
);

describe('decide: the role matrix', () => {
  it('covers every action and every persona', () => {
    expect(Object.keys(expected).sort()).toEqual([...ACTIONS].sort());
    // 4 provider-wide actions × 6 personas + 10 group actions × 6 personas × 2 visibilities.
    expect(cases).toHaveLength(4 * 6 + 10 * 6 * 2);
  });

  it.each(cases)('$action by $persona ($visibility) → $want', ({ action, persona, visibility, want }) => {
    const target =
      visibility === 'none' ? { providerId: P } : { providerId: P, groupId: G, groupVisibility: visibility };
    expect(decide(personas[persona], action, target)).toBe(want);
  });
});

describe('decide: the trust rule', () => {
  // Everyone with no standing in provider P or its group G, in every shape we can think of.
  const outsiders: Record<string, Actor> = {
    anonymous: ANONYMOUS,
    'admin of another provider': personas.otherAdmin,
    'facilitator of another provider': actor('u-q-fac', { roles: [[Q, 'facilitator']], facilitates: ['group-q'] }),
    'member of another provider’s group': actor('u-q-member', { memberOf: ['group-q'] }),
    'member of another group in the same provider': actor('u-h-member', { memberOf: [H] }),
    'signed in, no roles at all': actor('u-nobody', {}),
  };
  const targets = [
    { providerId: P },
    { providerId: P, groupId: G, groupVisibility: 'listed' as const },
    { providerId: P, groupId: G, groupVisibility: 'invite_only' as const },
  ];

  it.each(Object.entries(outsiders))('%s never gets forbidden, only allow on public pages or not_found', (_, who) => {
    for (const action of ACTIONS) {
      for (const target of targets) {
        const got = decide(who, action, target);
        const isPublicView = action === 'group.view_public' && target.groupVisibility === 'listed';
        expect({ action, target, got }).toEqual({ action, target, got: isPublicView ? 'allow' : 'not_found' });
      }
    }
  });

  it('does not let an admin reach into another provider by naming its group', () => {
    // Admin of Q facilitates nothing in P; naming P's group must not help.
    const target = { providerId: P, groupId: G, groupVisibility: 'invite_only' as const };
    for (const action of ACTIONS) expect(decide(personas.otherAdmin, action, target)).toBe('not_found');
  });
});

describe('decide: failing closed', () => {
  it('treats a session without a user as anonymous, whatever roles it claims', () => {
    const forged: Actor = { ...personas.admin, userId: null };
    for (const action of ACTIONS) {
      expect(decide(forged, action, { providerId: P, groupId: G, groupVisibility: 'invite_only' })).toBe('not_found');
    }
    expect(decide(forged, 'group.create', { providerId: P })).toBe('not_found');
  });

  it('answers not_found to a group action that names no group, even for an admin', () => {
    const groupActions = ACTIONS.filter((a) => typeof expected[a].admin !== 'string');
    expect(groupActions).toHaveLength(10);
    for (const action of groupActions) expect(decide(personas.admin, action, { providerId: P })).toBe('not_found');
  });

  it('treats a group of unknown visibility as invite-only', () => {
    const target = { providerId: P, groupId: G };
    expect(decide(ANONYMOUS, 'group.view_public', target)).toBe('not_found');
    expect(decide(personas.colleague, 'group.view_admin', target)).toBe('not_found');
    expect(decide(personas.member, 'group.view_public', target)).toBe('allow');
  });

  it('ignores a group id on provider-wide actions', () => {
    const target = { providerId: P, groupId: G, groupVisibility: 'listed' as const };
    expect(decide(personas.facilitator, 'group.create', target)).toBe('forbidden');
    expect(decide(personas.member, 'provider.view', target)).toBe('not_found');
  });
});

describe('decide: people with more than one standing', () => {
  it('gives a facilitator who is also a member the facilitator’s powers', () => {
    const both = actor('u-both', { roles: [[P, 'facilitator']], facilitates: [G], memberOf: [G] });
    expect(decide(both, 'roster.manage', { providerId: P, groupId: G, groupVisibility: 'invite_only' })).toBe('allow');
  });

  it('lets a colleague who is also a member see the invite-only group they belong to', () => {
    const both = actor('u-both', { roles: [[P, 'facilitator']], facilitates: [H], memberOf: [G] });
    const target = { providerId: P, groupId: G, groupVisibility: 'invite_only' as const };
    expect(decide(both, 'group.view_public', target)).toBe('allow');
    expect(decide(both, 'roster.view', target)).toBe('forbidden');
  });

  it('keeps an admin of one provider to their own provider when they also help run another', () => {
    const twoHats = actor('u-two-hats', {
      roles: [
        [P, 'provider_admin'],
        [Q, 'facilitator'],
      ],
    });
    expect(decide(twoHats, 'roster.export', { providerId: P, groupId: G, groupVisibility: 'listed' })).toBe('allow');
    expect(decide(twoHats, 'roster.export', { providerId: Q, groupId: 'group-q', groupVisibility: 'listed' })).toBe(
      'forbidden',
    );
    expect(decide(twoHats, 'person.erase', { providerId: Q })).toBe('forbidden');
  });
});

describe('ANONYMOUS', () => {
  it('has no user and no standing anywhere', () => {
    expect(ANONYMOUS.userId).toBeNull();
    expect(ANONYMOUS.providerRoles.size).toBe(0);
    expect(ANONYMOUS.facilitatedGroupIds.size).toBe(0);
    expect(ANONYMOUS.activeMemberGroupIds.size).toBe(0);
    expect(Object.isFrozen(ANONYMOUS)).toBe(true);
  });
});

describe('decide: members keep their own rights', () => {
  it('lets an admin who is also an active member of the group answer for a session', () => {
    const both = actor('u-both', { roles: [[P, 'provider_admin']], memberOf: [G] });
    expect(decide(both, 'session.rsvp', { providerId: P, groupId: G, groupVisibility: 'listed' })).toBe('allow');
    expect(decide(personas.admin, 'session.rsvp', { providerId: P, groupId: G, groupVisibility: 'listed' })).toBe(
      'forbidden',
    );
  });
});
