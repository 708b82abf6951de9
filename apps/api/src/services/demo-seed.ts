import type { Database } from '@peer-support/db/client';
import {
  groundRuleVersions,
  groupFacilitators,
  groups,
  providerMembers,
  providers,
  sessions,
  users,
} from '@peer-support/db/schema';
import { DEFAULT_GROUND_RULES } from '@peer-support/domain/ground-rules';
import { DEFAULT_SUPPORT_LINES } from '@peer-support/domain/support-lines';
import { and, eq } from 'drizzle-orm';
import { listingChanged } from './listing-version.ts';

export const DEMO_PROVIDER_SLUG = 'demo-peer-network';
/** A development-only account that facilitates the demo group, so one person can try both sides. */
export const DEMO_HOST = { name: 'Demo Host', email: 'demo-host@example.org', password: 'demo-host-password' };

/**
 * A provider, a group that welcomes drop-ins and an online session that is on now, so a
 * newcomer can click straight into the join flow. Idempotent: it does nothing once the demo
 * provider exists, and it moves the demo session to "now" when the old one has ended.
 */
export async function seedDemo(db: Database, now = new Date()): Promise<{ sessionId: string; groupId: string }> {
  const seeded = await db.transaction(async (tx) => {
    let [provider] = await tx.select().from(providers).where(eq(providers.slug, DEMO_PROVIDER_SLUG));
    if (!provider) {
      [provider] = await tx
        .insert(providers)
        .values({ slug: DEMO_PROVIDER_SLUG, name: 'Demo Peer Network' })
        .returning();
    }
    if (!provider) throw new Error('could not create the demo provider');

    let [group] = await tx.select().from(groups).where(eq(groups.providerId, provider.id));
    if (!group) {
      [group] = await tx
        .insert(groups)
        .values({
          providerId: provider.id,
          slug: 'thursday-circle',
          name: 'Thursday Circle',
          description:
            'A relaxed peer-support group for anyone living with anxiety or low mood. Come as you are; cameras optional.',
          capacity: 12,
          dropIns: true,
          supportLines: DEFAULT_SUPPORT_LINES.map((l) => ({ ...l })),
        })
        .returning();
    }
    if (!group) throw new Error('could not create the demo group');
    const [rules] = await tx
      .select({ id: groundRuleVersions.id })
      .from(groundRuleVersions)
      .where(eq(groundRuleVersions.groupId, group.id))
      .limit(1);
    if (!rules)
      await tx.insert(groundRuleVersions).values({ groupId: group.id, version: 1, rules: [...DEFAULT_GROUND_RULES] });

    const startsAt = new Date(now.getTime() - 5 * 60_000);
    const endsAt = new Date(now.getTime() + 8 * 3600_000);
    const [existing] = await tx.select().from(sessions).where(eq(sessions.groupId, group.id));
    if (existing) {
      if (existing.endsAt < now || existing.endedAt) {
        // A fresh room too: the old one may have been ended for all.
        await tx
          .update(sessions)
          .set({
            startsAt,
            endsAt,
            endedAt: null,
            openedAt: null,
            locked: false,
            roomName: `demo-${crypto.randomUUID()}`,
          })
          .where(eq(sessions.id, existing.id));
      }
      return { sessionId: existing.id, groupId: group.id };
    }
    const [session] = await tx
      .insert(sessions)
      .values({
        groupId: group.id,
        title: 'Thursday Circle (online)',
        startsAt,
        endsAt,
        mode: 'online',
        roomName: `demo-${crypto.randomUUID()}`,
      })
      .returning({ id: sessions.id });
    if (!session) throw new Error('could not create the demo session');
    return { sessionId: session.id, groupId: group.id };
  });
  // What's on shows the demo session at once, on this node too.
  listingChanged();
  return seeded;
}

/** Makes the demo host (created through the auth library, so the password works) a facilitator of the demo group. */
export async function seedDemoHost(
  db: Database,
  groupId: string,
  signUp: (input: typeof DEMO_HOST) => Promise<unknown>,
): Promise<void> {
  let [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_HOST.email));
  if (!user) {
    await signUp(DEMO_HOST);
    [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_HOST.email));
  }
  if (!user) throw new Error('could not create the demo host');
  // The address is made up and nobody reads it, so nobody could confirm it; the demo host is
  // development-only, and its staff role needs a confirmed address (decision 0014).
  await db.update(users).set({ emailVerified: true }).where(eq(users.id, user.id));
  const [group] = await db.select({ providerId: groups.providerId }).from(groups).where(eq(groups.id, groupId));
  if (!group) return;
  const [staff] = await db
    .select({ id: providerMembers.id })
    .from(providerMembers)
    .where(and(eq(providerMembers.providerId, group.providerId), eq(providerMembers.userId, user.id)));
  if (!staff)
    await db.insert(providerMembers).values({ providerId: group.providerId, userId: user.id, role: 'facilitator' });
  await db.insert(groupFacilitators).values({ groupId, userId: user.id }).onConflictDoNothing();
}
