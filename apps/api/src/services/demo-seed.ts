import type { Database } from '@peer-support/db/client';
import { groups, providers, sessions } from '@peer-support/db/schema';
import { eq } from 'drizzle-orm';

export const DEMO_PROVIDER_SLUG = 'demo-peer-network';

/**
 * A provider, a group and an online session that is on now, so a newcomer can click
 * straight into a call. Idempotent: it does nothing once the demo provider exists, and it
 * moves the demo session to "now" when the old one has ended.
 */
export async function seedDemo(db: Database, now = new Date()): Promise<{ sessionId: string }> {
  return db.transaction(async (tx) => {
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
        })
        .returning();
    }
    if (!group) throw new Error('could not create the demo group');

    const startsAt = new Date(now.getTime() - 5 * 60_000);
    const endsAt = new Date(now.getTime() + 8 * 3600_000);
    const [existing] = await tx.select().from(sessions).where(eq(sessions.groupId, group.id));
    if (existing) {
      if (existing.endsAt < now) {
        await tx.update(sessions).set({ startsAt, endsAt }).where(eq(sessions.id, existing.id));
      }
      return { sessionId: existing.id };
    }
    const [session] = await tx
      .insert(sessions)
      .values({
        groupId: group.id,
        title: 'Thursday Circle (online)',
        startsAt,
        endsAt,
        mode: 'online',
        roomName: `demo-${group.id}`,
      })
      .returning({ id: sessions.id });
    if (!session) throw new Error('could not create the demo session');
    return { sessionId: session.id };
  });
}
