import type { Db, Transaction as Tx } from '@peer-support/db/client';
import { groupFacilitators, groups, providerMembers, providers, users } from '@peer-support/db/schema';
import type { ProviderRole } from '@peer-support/domain/roles';
import { staffRowCounts } from '@peer-support/domain/staff';
import { and, asc, eq, inArray } from 'drizzle-orm';

export interface ProviderView {
  id: string;
  slug: string;
  name: string;
  role: ProviderRole;
}

export interface ProviderRow {
  id: string;
  slug: string;
  name: string;
}

export interface StaffRow {
  userId: string;
  name: string;
  email: string;
  role: ProviderRole;
  /** Whether the row gives its holder standing now (see staffRowCounts). */
  counts: boolean;
}

const staffColumns = {
  userId: users.id,
  name: users.name,
  email: users.email,
  emailVerified: users.emailVerified,
  role: providerMembers.role,
  via: providerMembers.via,
};

function toStaffRow(r: {
  userId: string;
  name: string;
  email: string;
  emailVerified: boolean;
  role: string;
  via: 'founded' | 'invitation';
}): StaffRow {
  return {
    userId: r.userId,
    name: r.name,
    email: r.email,
    role: r.role as ProviderRole,
    counts: staffRowCounts(r.emailVerified, r.via),
  };
}

const providerColumns = { id: providers.id, slug: providers.slug, name: providers.name };

export const providersRepository = {
  async insert(db: Db, input: { slug: string; name: string }): Promise<ProviderRow> {
    const [p] = await db.insert(providers).values(input).returning(providerColumns);
    if (!p) throw new Error('insert returned nothing');
    return p;
  },

  async slugTaken(db: Db, slug: string): Promise<boolean> {
    const [row] = await db.select({ id: providers.id }).from(providers).where(eq(providers.slug, slug)).limit(1);
    return row !== undefined;
  },

  async find(db: Db, id: string): Promise<ProviderRow | undefined> {
    const [row] = await db.select(providerColumns).from(providers).where(eq(providers.id, id)).limit(1);
    return row;
  },

  /** The providers where the person has standing now (an unconfirmed email has none it was given). */
  async listForUser(db: Db, userId: string): Promise<ProviderView[]> {
    const rows = await db
      .select({
        id: providers.id,
        slug: providers.slug,
        name: providers.name,
        role: providerMembers.role,
        via: providerMembers.via,
        emailVerified: users.emailVerified,
      })
      .from(providerMembers)
      .innerJoin(providers, eq(providers.id, providerMembers.providerId))
      .innerJoin(users, eq(users.id, providerMembers.userId))
      .where(eq(providerMembers.userId, userId))
      .orderBy(asc(providers.name));
    return rows
      .filter((r) => staffRowCounts(r.emailVerified, r.via))
      .map((r) => ({ id: r.id, slug: r.slug, name: r.name, role: r.role as ProviderRole }));
  },

  async staff(db: Db, providerId: string): Promise<StaffRow[]> {
    const rows = await db
      .select(staffColumns)
      .from(providerMembers)
      .innerJoin(users, eq(users.id, providerMembers.userId))
      .where(eq(providerMembers.providerId, providerId))
      .orderBy(asc(users.name));
    return rows.map(toStaffRow);
  },

  /** Holds the provider's row, so that two admins changing staff at once see each other's change. */
  async lock(tx: Tx, providerId: string): Promise<boolean> {
    const [row] = await tx
      .select({ id: providers.id })
      .from(providers)
      .where(eq(providers.id, providerId))
      .for('update');
    return row !== undefined;
  },

  /** The person who made the provider, as its first admin. */
  async addFounder(db: Db, providerId: string, userId: string): Promise<void> {
    await db.insert(providerMembers).values({ providerId, userId, role: 'provider_admin', via: 'founded' });
  },

  /** Adds someone as staff or changes their role (an accepted invitation). */
  async setStaff(db: Db, providerId: string, userId: string, role: ProviderRole): Promise<void> {
    await db
      .insert(providerMembers)
      .values({ providerId, userId, role, via: 'invitation' })
      .onConflictDoUpdate({ target: [providerMembers.providerId, providerMembers.userId], set: { role } });
  },

  async changeRole(db: Db, providerId: string, userId: string, role: ProviderRole): Promise<void> {
    await db
      .update(providerMembers)
      .set({ role })
      .where(and(eq(providerMembers.providerId, providerId), eq(providerMembers.userId, userId)));
  },

  /** Takes someone off the staff, and off the facilitators of this provider's groups with it. */
  async removeStaff(db: Db, providerId: string, userId: string): Promise<void> {
    await db
      .delete(providerMembers)
      .where(and(eq(providerMembers.providerId, providerId), eq(providerMembers.userId, userId)));
    const ownGroups = db.select({ id: groups.id }).from(groups).where(eq(groups.providerId, providerId));
    await db
      .delete(groupFacilitators)
      .where(and(eq(groupFacilitators.userId, userId), inArray(groupFacilitators.groupId, ownGroups)));
  },
};
