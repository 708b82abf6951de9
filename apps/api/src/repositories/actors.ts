import type { Database } from '@peer-support/db/client';
import { groupFacilitators, memberships, providerMembers } from '@peer-support/db/schema';
import { type Actor, ANONYMOUS, type ProviderRole } from '@peer-support/domain/roles';
import { and, eq, inArray } from 'drizzle-orm';

/** Everything the role rules need to know about a person, in three small queries. */
export async function loadActor(db: Database, userId: string | null): Promise<Actor> {
  if (!userId) return ANONYMOUS;
  return (await loadActors(db, [userId])).get(userId) ?? ANONYMOUS;
}

/**
 * The same for many people at once (everyone signed in at a live session, whose standing is
 * checked on every push): still three queries, however many people.
 */
export async function loadActors(db: Database, userIds: readonly string[]): Promise<Map<string, Actor>> {
  const ids = [...new Set(userIds)];
  const actors = new Map<string, Actor>();
  if (ids.length === 0) return actors;
  const [roles, facilitated, active] = await Promise.all([
    db
      .select({ userId: providerMembers.userId, providerId: providerMembers.providerId, role: providerMembers.role })
      .from(providerMembers)
      .where(inArray(providerMembers.userId, ids)),
    db
      .select({ userId: groupFacilitators.userId, groupId: groupFacilitators.groupId })
      .from(groupFacilitators)
      .where(inArray(groupFacilitators.userId, ids)),
    db
      .select({ userId: memberships.userId, groupId: memberships.groupId })
      .from(memberships)
      .where(and(inArray(memberships.userId, ids), eq(memberships.status, 'active'))),
  ]);
  for (const userId of ids) {
    actors.set(userId, {
      userId,
      providerRoles: new Map(
        roles.filter((r) => r.userId === userId).map((r) => [r.providerId, r.role as ProviderRole]),
      ),
      facilitatedGroupIds: new Set(facilitated.filter((f) => f.userId === userId).map((f) => f.groupId)),
      activeMemberGroupIds: new Set(active.filter((m) => m.userId === userId).map((m) => m.groupId)),
    });
  }
  return actors;
}
