import type { Database } from '@peer-support/db/client';
import {
  groundRuleVersions,
  groupFacilitators,
  groups,
  memberships,
  providerMembers,
  providers,
  users,
} from '@peer-support/db/schema';
import { HOLDS_PLACE } from '@peer-support/domain/roster';
import type { SupportLine } from '@peer-support/domain/support-lines';
import { and, asc, count, desc, eq, inArray, ne, or } from 'drizzle-orm';

export interface GroundRulesView {
  version: number;
  rules: string[];
  createdAt: string;
  createdBy: string | null;
  createdByName: string | null;
}

export interface GroupView {
  id: string;
  providerId: string;
  slug: string;
  name: string;
  description: string;
  topics: string[];
  capacity: number | null;
  visibility: 'listed' | 'invite_only';
  admission: 'waiting_room' | 'open_door';
  dropIns: boolean;
  guestLimit: number;
  supportLines: SupportLine[];
  facilitators: { userId: string; name: string }[];
  groundRules: GroundRulesView;
}

export interface GroupFields {
  name: string;
  slug: string;
  description: string;
  topics: string[];
  capacity: number | null;
  visibility: 'listed' | 'invite_only';
  admission: 'waiting_room' | 'open_door';
  dropIns: boolean;
  guestLimit: number;
  supportLines: SupportLine[];
}

const rulesColumns = {
  groupId: groundRuleVersions.groupId,
  version: groundRuleVersions.version,
  rules: groundRuleVersions.rules,
  createdAt: groundRuleVersions.createdAt,
  createdBy: groundRuleVersions.createdBy,
  createdByName: users.name,
};

const rulesView = (r: {
  version: number;
  rules: string[];
  createdAt: Date;
  createdBy: string | null;
  createdByName: string | null;
}): GroundRulesView => ({
  version: r.version,
  rules: r.rules,
  createdAt: r.createdAt.toISOString(),
  createdBy: r.createdBy,
  createdByName: r.createdByName,
});

export function groupsRepository(db: Database) {
  async function facilitatorsOf(groupIds: string[]) {
    if (groupIds.length === 0) return new Map<string, { userId: string; name: string }[]>();
    const rows = await db
      .select({ groupId: groupFacilitators.groupId, userId: users.id, name: users.name })
      .from(groupFacilitators)
      .innerJoin(users, eq(users.id, groupFacilitators.userId))
      .where(inArray(groupFacilitators.groupId, groupIds))
      .orderBy(asc(users.name));
    const map = new Map<string, { userId: string; name: string }[]>();
    for (const r of rows) map.set(r.groupId, [...(map.get(r.groupId) ?? []), { userId: r.userId, name: r.name }]);
    return map;
  }

  async function currentRules(groupIds: string[]) {
    if (groupIds.length === 0) return new Map<string, GroundRulesView>();
    const rows = await db
      .selectDistinctOn([groundRuleVersions.groupId], rulesColumns)
      .from(groundRuleVersions)
      .leftJoin(users, eq(users.id, groundRuleVersions.createdBy))
      .where(inArray(groundRuleVersions.groupId, groupIds))
      .orderBy(groundRuleVersions.groupId, desc(groundRuleVersions.version));
    return new Map(rows.map((r) => [r.groupId, rulesView(r)]));
  }

  async function hydrate(rows: (typeof groups.$inferSelect)[]): Promise<GroupView[]> {
    const ids = rows.map((r) => r.id);
    const [facilitators, rules] = await Promise.all([facilitatorsOf(ids), currentRules(ids)]);
    return rows.map((g) => {
      const current = rules.get(g.id);
      if (!current) throw new Error(`group ${g.id} has no ground rules`);
      return {
        id: g.id,
        providerId: g.providerId,
        slug: g.slug,
        name: g.name,
        description: g.description,
        topics: g.topics,
        capacity: g.capacity,
        visibility: g.visibility,
        admission: g.admission,
        dropIns: g.dropIns,
        guestLimit: g.guestLimit,
        supportLines: g.supportLines,
        facilitators: facilitators.get(g.id) ?? [],
        groundRules: current,
      };
    });
  }

  return {
    async findById(id: string): Promise<GroupView | undefined> {
      const rows = await db.select().from(groups).where(eq(groups.id, id)).limit(1);
      return (await hydrate(rows))[0];
    },

    async listByProvider(providerId: string, onlyIds?: ReadonlySet<string>): Promise<GroupView[]> {
      const rows = await db.select().from(groups).where(eq(groups.providerId, providerId)).orderBy(asc(groups.name));
      return hydrate(onlyIds ? rows.filter((r) => onlyIds.has(r.id)) : rows);
    },

    /**
     * The groups that are not listed among `groupIds` or in `providerIds`: the candidates a
     * person's roles might let them see, for the role rules to decide on.
     */
    async unlistedAmong(
      groupIds: string[],
      providerIds: string[],
    ): Promise<{ id: string; providerId: string; visibility: GroupView['visibility'] }[]> {
      const near = [
        ...(groupIds.length > 0 ? [inArray(groups.id, groupIds)] : []),
        ...(providerIds.length > 0 ? [inArray(groups.providerId, providerIds)] : []),
      ];
      if (near.length === 0) return [];
      return db
        .select({ id: groups.id, providerId: groups.providerId, visibility: groups.visibility })
        .from(groups)
        .where(and(ne(groups.visibility, 'listed'), or(...near)));
    },

    async providerName(providerId: string): Promise<string> {
      const [row] = await db.select({ name: providers.name }).from(providers).where(eq(providers.id, providerId));
      return row?.name ?? '';
    },

    async slugTaken(providerId: string, slug: string): Promise<boolean> {
      const [row] = await db
        .select({ id: groups.id })
        .from(groups)
        .where(and(eq(groups.providerId, providerId), eq(groups.slug, slug)))
        .limit(1);
      return row !== undefined;
    },

    /** Which of these users are staff (any role) of the provider. */
    async staffAmong(providerId: string, userIds: string[]): Promise<Set<string>> {
      if (userIds.length === 0) return new Set();
      const rows = await db
        .select({ userId: providerMembers.userId })
        .from(providerMembers)
        .where(and(eq(providerMembers.providerId, providerId), inArray(providerMembers.userId, userIds)));
      return new Set(rows.map((r) => r.userId));
    },

    /** Members holding a place: active and paused (decision 0017). */
    async placesTaken(groupId: string): Promise<number> {
      const [row] = await db
        .select({ n: count() })
        .from(memberships)
        .where(and(eq(memberships.groupId, groupId), inArray(memberships.status, [...HOLDS_PLACE])));
      return row?.n ?? 0;
    },

    /** The group, its facilitators and its first ground rules, all or nothing. */
    async create(
      input: GroupFields & { providerId: string; facilitatorIds: string[]; rules: string[]; createdBy: string },
    ) {
      return db.transaction(async (tx) => {
        const { facilitatorIds, rules, createdBy, ...fields } = input;
        const [g] = await tx.insert(groups).values(fields).returning({ id: groups.id });
        if (!g) throw new Error('insert returned nothing');
        if (facilitatorIds.length > 0) {
          await tx.insert(groupFacilitators).values(facilitatorIds.map((userId) => ({ groupId: g.id, userId })));
        }
        await tx.insert(groundRuleVersions).values({ groupId: g.id, version: 1, rules, createdBy });
        return g.id;
      });
    },

    async update(groupId: string, fields: Partial<GroupFields>, facilitatorIds?: string[]) {
      await db.transaction(async (tx) => {
        if (Object.keys(fields).length > 0) await tx.update(groups).set(fields).where(eq(groups.id, groupId));
        if (facilitatorIds) {
          await tx.delete(groupFacilitators).where(eq(groupFacilitators.groupId, groupId));
          if (facilitatorIds.length > 0) {
            await tx.insert(groupFacilitators).values(facilitatorIds.map((userId) => ({ groupId, userId })));
          }
        }
      });
    },

    async rulesHistory(groupId: string): Promise<GroundRulesView[]> {
      const rows = await db
        .select(rulesColumns)
        .from(groundRuleVersions)
        .leftJoin(users, eq(users.id, groundRuleVersions.createdBy))
        .where(eq(groundRuleVersions.groupId, groupId))
        .orderBy(desc(groundRuleVersions.version));
      return rows.map(rulesView);
    },

    /**
     * Adds the next version. The unique (group, version) index makes two editors saving at
     * once safe: the second insert fails instead of both becoming "version 3".
     */
    async addRulesVersion(groupId: string, version: number, rules: string[], createdBy: string) {
      const [row] = await db.insert(groundRuleVersions).values({ groupId, version, rules, createdBy }).returning();
      if (!row) throw new Error('insert returned nothing');
      const [author] = await db.select({ name: users.name }).from(users).where(eq(users.id, createdBy));
      return rulesView({ ...row, createdByName: author?.name ?? null });
    },
  };
}
