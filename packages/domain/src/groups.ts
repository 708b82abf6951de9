import { type Refusal, refuse } from './refusal.ts';
import type { Actor } from './roles.ts';

/** A group's address is unique within its provider; two groups at one slug would share a page. */
export function groupSlugRefusal(slug: string, taken: boolean): Refusal<'slug_taken'> | null {
  if (!taken) return null;
  return refuse('slug_taken', `This provider already has a group at "${slug}". Choose another name or slug.`, [
    { field: 'slug', message: 'is already used by another group' },
  ]);
}

/**
 * Facilitators must be staff of the group's provider: staff standing is what the trust rule
 * (decision 0014) rests on, and taking someone off the staff takes them off its groups too.
 */
export function facilitatorsRefusal(
  facilitatorIds: readonly string[],
  staffIds: ReadonlySet<string>,
): Refusal<'facilitator_not_staff'> | null {
  const missing = facilitatorIds.filter((id) => !staffIds.has(id));
  if (missing.length === 0) return null;
  return refuse(
    'facilitator_not_staff',
    'Facilitators must be staff of this provider. Add them on the staff page first, then choose them here.',
    missing.map((id) => ({ field: 'facilitatorIds', message: `${id} is not staff of this provider` })),
  );
}

/**
 * The provider's groups someone manages: every one for its admin, otherwise those they
 * facilitate. Whether they may see the provider at all is `decide`'s question, asked first.
 */
export function managedGroups(actor: Actor, providerId: string): 'all' | ReadonlySet<string> {
  return actor.providerRoles.get(providerId) === 'provider_admin' ? 'all' : actor.facilitatedGroupIds;
}
