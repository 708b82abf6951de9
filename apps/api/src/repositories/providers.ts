import type { Database } from '@peer-support/db/client';
import { providerMembers, providers, users } from '@peer-support/db/schema';
import type { ProviderRole } from '@peer-support/domain/roles';
import { and, asc, eq } from 'drizzle-orm';

export interface ProviderView {
  id: string;
  slug: string;
  name: string;
  role: ProviderRole;
}

export function providersRepository(db: Database) {
  return {
    /** Creates a provider with its first admin, together or not at all. */
    async create(input: { slug: string; name: string; adminUserId: string }): Promise<ProviderView> {
      return db.transaction(async (tx) => {
        const [p] = await tx.insert(providers).values({ slug: input.slug, name: input.name }).returning();
        if (!p) throw new Error('insert returned nothing');
        await tx
          .insert(providerMembers)
          .values({ providerId: p.id, userId: input.adminUserId, role: 'provider_admin' });
        return { id: p.id, slug: p.slug, name: p.name, role: 'provider_admin' };
      });
    },

    async slugTaken(slug: string): Promise<boolean> {
      const [row] = await db.select({ id: providers.id }).from(providers).where(eq(providers.slug, slug)).limit(1);
      return row !== undefined;
    },

    async findById(id: string) {
      const [row] = await db.select().from(providers).where(eq(providers.id, id)).limit(1);
      return row;
    },

    async listForUser(userId: string): Promise<ProviderView[]> {
      const rows = await db
        .select({ id: providers.id, slug: providers.slug, name: providers.name, role: providerMembers.role })
        .from(providerMembers)
        .innerJoin(providers, eq(providers.id, providerMembers.providerId))
        .where(eq(providerMembers.userId, userId))
        .orderBy(asc(providers.name));
      return rows.map((r) => ({ ...r, role: r.role as ProviderRole }));
    },

    async staff(providerId: string) {
      const rows = await db
        .select({ userId: users.id, name: users.name, email: users.email, role: providerMembers.role })
        .from(providerMembers)
        .innerJoin(users, eq(users.id, providerMembers.userId))
        .where(eq(providerMembers.providerId, providerId))
        .orderBy(asc(users.name));
      return rows.map((r) => ({ ...r, role: r.role as ProviderRole }));
    },

    async findUserByEmail(email: string) {
      const [row] = await db
        .select({ id: users.id, name: users.name, email: users.email })
        .from(users)
        .where(eq(users.email, email.toLowerCase()))
        .limit(1);
      return row;
    },

    /** Adds or changes a staff role; returns whether the person was new to the provider. */
    async upsertStaff(providerId: string, userId: string, role: ProviderRole): Promise<void> {
      await db
        .insert(providerMembers)
        .values({ providerId, userId, role })
        .onConflictDoUpdate({ target: [providerMembers.providerId, providerMembers.userId], set: { role } });
    },

    async staffRole(providerId: string, userId: string): Promise<ProviderRole | undefined> {
      const [row] = await db
        .select({ role: providerMembers.role })
        .from(providerMembers)
        .where(and(eq(providerMembers.providerId, providerId), eq(providerMembers.userId, userId)))
        .limit(1);
      return row?.role as ProviderRole | undefined;
    },
  };
}
