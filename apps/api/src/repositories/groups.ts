import type { Db } from '@peer-support/db/client';
import {
  groundRuleVersions,
  groupFacilitators,
  groups,
  memberships,
  providerMembers,
  providers,
  users,
} from '@peer-support/db/schema';
import type { GroupVisibility } from '@peer-support/domain/roles';
import { HOLDS_PLACE } from '@peer-support/domain/roster';
import type { SupportLine } from '@peer-support/domain/support-lines';
import type { Admission } from '@peer-support/domain/waiting-room';
import { and, asc, count, desc, eq, inArray, ne, or } from 'drizzle-orm';

export interface GroundRulesView {
  version: number;
  rules: string[];
  createdAt: string;
  createdBy: string | null;
  createdByName: string | null;
}

/** The columns of a `groups` row a GroupView is made from. */
interface GroupRow {
  id: string;
  providerId: string;
  slug: string;
  name: string;
  description: string;
  topics: string[];
  capacity: number | null;
  visibility: GroupVisibility;
  admission: Admission;
  dropIns: boolean;
  guestLimit: number;
  supportLines: SupportLine[];
}

export interface GroupView extends GroupRow {
  facilitators: { userId: string; name: string }[];
  groundRules: GroundRulesView;
}

/** What a provider admin sets on a group. */
export type GroupFields = Omit<GroupRow, 'id' | 'providerId'>;

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

async function facilitatorsOf(db: Db, groupIds: string[]) {
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

async function currentRules(db: Db, groupIds: string[]) {
  if (groupIds.length === 0) return new Map<string, GroundRulesView>();
  const rows = await db
    .selectDistinctOn([groundRuleVersions.groupId], rulesColumns)
    .from(groundRuleVersions)
    .leftJoin(users, eq(users.id, groundRuleVersions.createdBy))
    .where(inArray(groundRuleVersions.groupId, groupIds))
    .orderBy(groundRuleVersions.groupId, desc(groundRuleVersions.version));
  return new Map(rows.map((r) => [r.groupId, rulesView(r)]));
}

async function hydrate(db: Db, rows: GroupRow[]): Promise<GroupView[]> {
  const ids = rows.map((r) => r.id);
  const [facilitators, rules] = await Promise.all([facilitatorsOf(db, ids), currentRules(db, ids)]);
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

export const groupsRepository = {
  async find(db: Db, id: string): Promise<GroupView | undefined> {
    const rows = await db.select().from(groups).where(eq(groups.id, id)).limit(1);
    return (await hydrate(db, rows))[0];
  },

  async listByProvider(db: Db, providerId: string, onlyIds?: ReadonlySet<string>): Promise<GroupView[]> {
    const rows = await db.select().from(groups).where(eq(groups.providerId, providerId)).orderBy(asc(groups.name));
    return hydrate(db, onlyIds ? rows.filter((r) => onlyIds.has(r.id)) : rows);
  },

  /**
   * The groups that are not listed among `groupIds` or in `providerIds`: the candidates a
   * person's roles might let them see, for the role rules to decide on.
   */
  async unlistedAmong(
    db: Db,
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

  async providerName(db: Db, providerId: string): Promise<string> {
    const [row] = await db.select({ name: providers.name }).from(providers).where(eq(providers.id, providerId));
    return row?.name ?? '';
  },

  async slugTaken(db: Db, providerId: string, slug: string): Promise<boolean> {
    const [row] = await db
      .select({ id: groups.id })
      .from(groups)
      .where(and(eq(groups.providerId, providerId), eq(groups.slug, slug)))
      .limit(1);
    return row !== undefined;
  },

  /** Which of these users are staff (any role) of the provider. */
  async staffAmong(db: Db, providerId: string, userIds: string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = await db
      .select({ userId: providerMembers.userId })
      .from(providerMembers)
      .where(and(eq(providerMembers.providerId, providerId), inArray(providerMembers.userId, userIds)));
    return new Set(rows.map((r) => r.userId));
  },

  /** Members holding a place: active and paused (decision 0017). */
  async placesTaken(db: Db, groupId: string): Promise<number> {
    const [row] = await db
      .select({ n: count() })
      .from(memberships)
      .where(and(eq(memberships.groupId, groupId), inArray(memberships.status, [...HOLDS_PLACE])));
    return row?.n ?? 0;
  },

  async insert(db: Db, fields: GroupFields & { providerId: string }): Promise<string> {
    const [g] = await db.insert(groups).values(fields).returning({ id: groups.id });
    if (!g) throw new Error('insert returned nothing');
    return g.id;
  },

  async update(db: Db, groupId: string, fields: Partial<GroupFields>): Promise<void> {
    if (Object.keys(fields).length > 0) await db.update(groups).set(fields).where(eq(groups.id, groupId));
  },

  /** Makes these people the group's facilitators, and nobody else. */
  async setFacilitators(db: Db, groupId: string, userIds: string[]): Promise<void> {
    await db.delete(groupFacilitators).where(eq(groupFacilitators.groupId, groupId));
    if (userIds.length > 0) {
      await db.insert(groupFacilitators).values(userIds.map((userId) => ({ groupId, userId })));
    }
  },

  async rulesHistory(db: Db, groupId: string): Promise<GroundRulesView[]> {
    const rows = await db
      .select(rulesColumns)
      .from(groundRuleVersions)
      .leftJoin(users, eq(users.id, groundRuleVersions.createdBy))
      .where(eq(groundRuleVersions.groupId, groupId))
      .orderBy(desc(groundRuleVersions.version));
    return rows.map(rulesView);
  },

  /**
   * Adds a version. The unique (group, version) index makes two editors saving at once safe:
   * the second insert fails instead of both becoming "version 3".
   */
  async addRulesVersion(
    db: Db,
    groupId: string,
    version: number,
    rules: string[],
    createdBy: string,
  ): Promise<GroundRulesView> {
    const [row] = await db.insert(groundRuleVersions).values({ groupId, version, rules, createdBy }).returning();
    if (!row) throw new Error('insert returned nothing');
    const [author] = await db.select({ name: users.name }).from(users).where(eq(users.id, createdBy));
    return rulesView({ ...row, createdByName: author?.name ?? null });
  },
};
