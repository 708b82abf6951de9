import type { Database } from '@peer-support/db/client';
import { groupFacilitators, memberships, providerMembers, users } from '@peer-support/db/schema';
import { type Actor, ANONYMOUS } from '@peer-support/domain/roles';
import { staffStanding } from '@peer-support/domain/staff';
import { and, eq } from 'drizzle-orm';

/**
 * Everything the role rules need to know about a person. Staff rows count only as far as
 * staffStanding allows: an account whose email is not confirmed is a participant here, whatever
 * rows it has (decision 0011).
 */
export async function loadActor(db: Database, userId: string | null): Promise<Actor> {
  if (!userId) return ANONYMOUS;
  const [person, roles, facilitated, active] = await Promise.all([
    db.select({ emailVerified: users.emailVerified }).from(users).where(eq(users.id, userId)),
    db
      .select({ providerId: providerMembers.providerId, role: providerMembers.role, via: providerMembers.via })
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
  const staff = staffStanding(
    { emailVerified: person[0]?.emailVerified ?? false },
    roles,
    facilitated.map((f) => f.groupId),
  );
  return { userId, ...staff, activeMemberGroupIds: new Set(active.map((m) => m.groupId)) };
}
