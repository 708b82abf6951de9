import type { Database } from '@peer-support/db/client';
import { groupFacilitators, memberships, providerMembers } from '@peer-support/db/schema';
import { type Actor, ANONYMOUS, type ProviderRole } from '@peer-support/domain/roles';
import { and, eq } from 'drizzle-orm';

/** Everything the role rules need to know about a person, in three small queries. */
export async function loadActor(db: Database, userId: string | null): Promise<Actor> {
  if (!userId) return ANONYMOUS;
  const [roles, facilitated, active] = await Promise.all([
    db
      .select({ providerId: providerMembers.providerId, role: providerMembers.role })
      .from(providerMembers)
      .where(eq(providerMembers.userId, userId)),
    db
      .select({ groupId: groupFacilitators.groupId })
      .from(groupFacilitators)
      .where(eq(groupFacilitators.userId, userId)),
    db
      .select({ groupId: memberships.groupId })
      .from(memberships)
      .where(and(eq(memberships.userId, userId), eq(memberships.status, 'active'))),
  ]);
  return {
    userId,
    providerRoles: new Map(roles.map((r) => [r.providerId, r.role as ProviderRole])),
    facilitatedGroupIds: new Set(facilitated.map((f) => f.groupId)),
    activeMemberGroupIds: new Set(active.map((m) => m.groupId)),
  };
}
