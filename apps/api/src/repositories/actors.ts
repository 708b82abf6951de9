import type { Database } from '@peer-support/db/client';
import { groupFacilitators, memberships, providerMembers, users } from '@peer-support/db/schema';
import { type Actor, ANONYMOUS } from '@peer-support/domain/roles';
import { staffStanding } from '@peer-support/domain/staff';
import { and, eq, inArray } from 'drizzle-orm';

/**
 * Everything the role rules need to know about a person. Staff rows count only as far as
 * staffStanding allows: an account whose email is not confirmed is a participant here, whatever
 * rows it has (decision 0014).
 */
export async function loadActor(db: Database, userId: string | null): Promise<Actor> {
  if (!userId) return ANONYMOUS;
  return (await loadActors(db, [userId])).get(userId) ?? ANONYMOUS;
}

/**
 * The same for many people at once (everyone signed in at a live session, whose standing is
 * checked on every push): four queries, however many people.
 */
export async function loadActors(db: Database, userIds: readonly string[]): Promise<Map<string, Actor>> {
  const ids = [...new Set(userIds)];
  const actors = new Map<string, Actor>();
  if (ids.length === 0) return actors;
  const [people, roles, facilitated, active] = await Promise.all([
    db.select({ id: users.id, emailVerified: users.emailVerified }).from(users).where(inArray(users.id, ids)),
    db
      .select({
        userId: providerMembers.userId,
        providerId: providerMembers.providerId,
        role: providerMembers.role,
        via: providerMembers.via,
      })
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
    const staff = staffStanding(
      { emailVerified: people.find((p) => p.id === userId)?.emailVerified ?? false },
      roles.filter((r) => r.userId === userId),
      facilitated.filter((f) => f.userId === userId).map((f) => f.groupId),
    );
    actors.set(userId, {
      userId,
      ...staff,
      activeMemberGroupIds: new Set(active.filter((m) => m.userId === userId).map((m) => m.groupId)),
    });
  }
  return actors;
}
