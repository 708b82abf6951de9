/**
 * Who may do what, decided only from facts the caller has already loaded.
 *
 * The trust rule: someone with no standing in the target's provider gets `not_found`, never
 * `forbidden`, so an answer never confirms that another provider's data exists. `forbidden`
 * is kept for people who can already see the thing (a member looking at their own group's
 * roster, a facilitator trying to export it) — telling them "not allowed" leaks nothing.
 *
 * Decision table (404 = `not_found`, 403 = `forbidden`; "L" = listed group, "I" = invite-only
 * group; provider-wide actions have no group). Columns: anonymous; an active member of the group (a participant); a facilitator in
 * the same provider who does not facilitate this group ("colleague"); the group's facilitator;
 * an admin of a different provider; an admin of this provider.
 *
 * | action                  | anonymous      | member | colleague      | facilitator | other admin    | admin |
 * |-------------------------|----------------|--------|----------------|-------------|----------------|-------|
 * | provider.view           | 404            | 404    | allow          | allow       | 404            | allow |
 * | provider.manage_members | 404            | 404    | 403            | 403         | 404            | allow |
 * | group.create            | 404            | 404    | 403            | 403         | 404            | allow |
 * | person.erase            | 404            | 404    | 403            | 403         | 404            | allow |
 * | group.view_public       | L allow, I 404 | allow  | L allow, I 404 | allow       | L allow, I 404 | allow |
 * | group.view_admin        | 404            | 403    | L 403, I 404   | allow       | 404            | allow |
 * | group.edit              | 404            | 403    | L 403, I 404   | 403         | 404            | allow |
 * | group.edit_ground_rules | 404            | 403    | L 403, I 404   | allow       | 404            | allow |
 * | roster.view             | 404            | 403    | L 403, I 404   | allow       | 404            | allow |
 * | roster.manage           | 404            | 403    | L 403, I 404   | allow       | 404            | allow |
 * | roster.export           | 404            | 403    | L 403, I 404   | 403         | 404            | allow |
 * | session.rsvp            | 404            | allow  | L 403, I 404   | 403         | 404            | 403   |
 * | session.view_rsvps      | 404            | allow  | L 403, I 404   | allow       | 404            | allow |
 * | session.host            | 404            | 403    | L 403, I 404   | allow       | 404            | allow |
 *
 * Why these lines:
 * - Participants belong to groups, not to the provider, so provider-wide pages are not theirs
 *   to know about (404), while their own group is (403 on its admin side).
 * - A facilitator works within their groups; another group of the same provider that is not
 *   listed publicly may itself be sensitive (its name can say a lot about its members), so it
 *   stays hidden from them.
 * - CSV export and erasure move or destroy personal data across the roster, and group
 *   settings (capacity, visibility, facilitators) shape who gets in: provider admins only.
 * - Saying "going" to a session is for the group's active members only: staff run the session
 *   rather than take a place in it. Anyone who is an active member may, whatever else they are.
 * - Hosting a live session (admitting, muting, removing, ending, seeing attendance) is the
 *   group's facilitators' and its provider admins' work, the same people who keep its roster.
 * - An invite-only group's public page is reached by people holding an invitation; the invite
 *   route checks the signed invitation itself, not this table.
 */

export const PROVIDER_ROLES = ['provider_admin', 'facilitator'] as const;
export type ProviderRole = (typeof PROVIDER_ROLES)[number];
export const GROUP_VISIBILITIES = ['listed', 'invite_only'] as const;
export type GroupVisibility = (typeof GROUP_VISIBILITIES)[number];

/**
 * What the caller knows about the person acting. `activeMemberGroupIds` holds active
 * memberships only: requested, waitlisted, paused and removed memberships see a group as the
 * public does (their own membership record is shown to them by its own route).
 */
export type Actor = {
  userId: string | null;
  providerRoles: ReadonlyMap<string, ProviderRole>;
  facilitatedGroupIds: ReadonlySet<string>;
  activeMemberGroupIds: ReadonlySet<string>;
};

export const ANONYMOUS: Actor = Object.freeze({
  userId: null,
  providerRoles: new Map<string, ProviderRole>(),
  facilitatedGroupIds: new Set<string>(),
  activeMemberGroupIds: new Set<string>(),
});

export const ACTIONS = [
  'provider.view',
  'provider.manage_members',
  'group.create',
  'person.erase',
  'group.view_public',
  'group.view_admin',
  'group.edit',
  'group.edit_ground_rules',
  'roster.view',
  'roster.manage',
  'roster.export',
  'session.rsvp',
  'session.view_rsvps',
  'session.host',
] as const;
export type Action = (typeof ACTIONS)[number];

export type Decision = 'allow' | 'not_found' | 'forbidden';

/**
 * The thing acted on. The caller loads the group first and passes its provider and
 * visibility; a group-scoped action without `groupId` is a caller bug and answers
 * `not_found`, and a missing visibility counts as invite-only, so mistakes fail closed.
 */
export type Target = { providerId: string; groupId?: string; groupVisibility?: GroupVisibility };

/** How the actor stands towards the target; the strongest standing wins. */
type Standing = 'admin' | 'facilitator' | 'member' | 'colleague' | 'outsider';

type Rule = {
  scope: 'provider' | 'group';
  allowed: readonly Standing[];
  /** Anyone may do this on a listed group, signed in or not. */
  publicWhenListed?: true;
};

const RULES: Record<Action, Rule> = {
  'provider.view': { scope: 'provider', allowed: ['admin', 'facilitator'] },
  'provider.manage_members': { scope: 'provider', allowed: ['admin'] },
  'group.create': { scope: 'provider', allowed: ['admin'] },
  'person.erase': { scope: 'provider', allowed: ['admin'] },
  'group.view_public': { scope: 'group', allowed: ['admin', 'facilitator', 'member'], publicWhenListed: true },
  'group.view_admin': { scope: 'group', allowed: ['admin', 'facilitator'] },
  'group.edit': { scope: 'group', allowed: ['admin'] },
  'group.edit_ground_rules': { scope: 'group', allowed: ['admin', 'facilitator'] },
  'roster.view': { scope: 'group', allowed: ['admin', 'facilitator'] },
  'roster.manage': { scope: 'group', allowed: ['admin', 'facilitator'] },
  'roster.export': { scope: 'group', allowed: ['admin'] },
  'session.rsvp': { scope: 'group', allowed: ['member'] },
  'session.view_rsvps': { scope: 'group', allowed: ['admin', 'facilitator', 'member'] },
  'session.host': { scope: 'group', allowed: ['admin', 'facilitator'] },
};

export function decide(actor: Actor, action: Action, target: Target): Decision {
  const rule = RULES[action];
  if (rule.scope === 'group' && target.groupId === undefined) return 'not_found';

  const standing = rule.scope === 'provider' ? providerStanding(actor, target) : groupStanding(actor, target);
  const listed = target.groupVisibility === 'listed';

  if (rule.allowed.includes(standing)) return 'allow';
  // A stronger standing (an admin who also belongs to the group) does not take away a member's own rights.
  if (rule.allowed.includes('member') && actor.userId !== null && actor.activeMemberGroupIds.has(target.groupId ?? ''))
    return 'allow';
  if (rule.publicWhenListed && listed) return 'allow';
  return canSee(standing, listed) ? 'forbidden' : 'not_found';
}

function providerStanding(actor: Actor, target: Target): Standing {
  // Sessions without a user cannot hold roles, whatever the sets say.
  if (actor.userId === null) return 'outsider';
  const role = actor.providerRoles.get(target.providerId);
  if (role === 'provider_admin') return 'admin';
  if (role === 'facilitator') return 'facilitator';
  return 'outsider';
}

function groupStanding(actor: Actor, target: Target): Standing {
  if (actor.userId === null || target.groupId === undefined) return 'outsider';
  const role = actor.providerRoles.get(target.providerId);
  if (role === 'provider_admin') return 'admin';
  // Group ids are global, and the caller has checked the group belongs to target.providerId.
  if (actor.facilitatedGroupIds.has(target.groupId)) return 'facilitator';
  if (actor.activeMemberGroupIds.has(target.groupId)) return 'member';
  if (role === 'facilitator') return 'colleague';
  return 'outsider';
}

/** Whether the actor already knows the target exists, so a refusal may say so. */
function canSee(standing: Standing, listed: boolean): boolean {
  switch (standing) {
    case 'admin':
    case 'facilitator':
    case 'member':
      return true;
    case 'colleague':
      return listed;
    case 'outsider':
      // Even a listed group answers 404 to outsiders for its non-public side: one simple
      // rule ("no standing, no 403") is easier to check at every route than a nuanced one.
      return false;
  }
}
