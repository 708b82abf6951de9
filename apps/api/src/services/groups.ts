import type {
  CreateGroup,
  GroundRules,
  GroundRulesHistory,
  Group,
  PublicGroup,
  UpdateGroup,
} from '@peer-support/contracts/groups';
import type { Database, Db } from '@peer-support/db/client';
import { DEFAULT_GUEST_LIMIT } from '@peer-support/domain/arrival-limits';
import { DEFAULT_GROUND_RULES, nextVersion, validateGroundRules } from '@peer-support/domain/ground-rules';
import { facilitatorsRefusal, groupSlugRefusal, managedGroups } from '@peer-support/domain/groups';
import type { Actor } from '@peer-support/domain/roles';
import { validateCapacityChange } from '@peer-support/domain/roster';
import { DEFAULT_SUPPORT_LINES, type SupportLine, validateSupportLines } from '@peer-support/domain/support-lines';
import { AppError, refusal } from '../errors.ts';
import type { CallRoom } from '../live/call-room.ts';
import { type GroupView, groupsRepository as repo } from '../repositories/groups.ts';
import { slugify } from '../slug.ts';
import { listingChanged } from './listing-version.ts';
import type { rosterService } from './roster.ts';

function checkRules(rules: string[], field: 'rules' | 'groundRules'): string[] {
  const result = validateGroundRules(rules, field);
  if (!result.ok) throw refusal(422, result);
  return result.rules;
}

function checkSupportLines(lines: SupportLine[]): SupportLine[] {
  const result = validateSupportLines(lines);
  if (!result.ok) throw refusal(422, result);
  return result.lines;
}

async function checkFacilitators(db: Db, providerId: string, ids: string[]): Promise<void> {
  const refused = facilitatorsRefusal(ids, await repo.staffAmong(db, providerId, ids));
  if (refused) throw refusal(422, refused);
}

async function reloaded(db: Db, groupId: string): Promise<Group> {
  const group = await repo.find(db, groupId);
  if (!group) throw new Error(`group ${groupId} vanished`);
  return group;
}

/**
 * A group's settings, facilitators and ground rules, for its staff. The caller has authorized
 * the action on the group (`authorizedGroup`) or the provider before calling.
 */
export function groupsService(
  db: Database,
  calls: CallRoom,
  roster: Pick<ReturnType<typeof rosterService>, 'fillPlaces'>,
) {
  return {
    async create(providerId: string, actor: Actor, body: CreateGroup): Promise<Group> {
      const slug = body.slug ?? slugify(body.name);
      const taken = groupSlugRefusal(slug, await repo.slugTaken(db, providerId, slug));
      if (taken) throw refusal(409, taken);
      const facilitatorIds = body.facilitatorIds ?? [];
      await checkFacilitators(db, providerId, facilitatorIds);
      const rules = checkRules(body.groundRules ?? [...DEFAULT_GROUND_RULES], 'groundRules');
      const supportLines = checkSupportLines(body.supportLines ?? DEFAULT_SUPPORT_LINES.map((l) => ({ ...l })));
      const id = await db.transaction(async (tx) => {
        const groupId = await repo.insert(tx, {
          providerId,
          name: body.name.trim(),
          slug,
          description: body.description?.trim() ?? '',
          topics: body.topics ?? [],
          capacity: body.capacity ?? null,
          visibility: body.visibility ?? 'listed',
          admission: body.admission ?? 'waiting_room',
          dropIns: body.dropIns ?? false,
          guestLimit: body.guestLimit ?? DEFAULT_GUEST_LIMIT,
          supportLines,
        });
        if (facilitatorIds.length > 0) await repo.setFacilitators(tx, groupId, facilitatorIds);
        await repo.addRulesVersion(tx, groupId, nextVersion(null), rules, actor.userId ?? '');
        return groupId;
      });
      return reloaded(db, id);
    },

    /** The provider's groups the actor manages (decide has let them see the provider). */
    async listManaged(actor: Actor, providerId: string): Promise<Group[]> {
      const managed = managedGroups(actor, providerId);
      return repo.listByProvider(db, providerId, managed === 'all' ? undefined : managed);
    },

    async update(group: GroupView, body: UpdateGroup): Promise<Group> {
      const { facilitatorIds, ...fields } = body;
      if (fields.capacity !== undefined) {
        const check = validateCapacityChange(fields.capacity, await repo.placesTaken(db, group.id));
        if (!check.ok) throw refusal(422, check);
      }
      if (facilitatorIds) await checkFacilitators(db, group.providerId, facilitatorIds);
      if (fields.supportLines) fields.supportLines = checkSupportLines(fields.supportLines);
      if (fields.name) fields.name = fields.name.trim();
      await db.transaction(async (tx) => {
        await repo.update(tx, group.id, fields);
        if (facilitatorIds) await repo.setFacilitators(tx, group.id, facilitatorIds);
      });
      // Facilitators and drop-ins decide who may be in this group's calls: checked now, in LiveKit too.
      await calls.standingChanged({ groupIds: [group.id] });
      // Name, topics and visibility show in what's on and the directory, which each node keeps in memory.
      listingChanged();
      // A larger group (or no limit) has places for the people waiting.
      if (fields.capacity !== undefined) await roster.fillPlaces(group.id);
      return reloaded(db, group.id);
    },

    async groundRules(group: GroupView): Promise<GroundRulesHistory> {
      return { current: group.groundRules, history: await repo.rulesHistory(db, group.id) };
    },

    /** Saves the next version; `group` is as the editor last saw it. */
    async replaceGroundRules(group: GroupView, actor: Actor, rules: string[]): Promise<GroundRules> {
      const checked = checkRules(rules, 'rules');
      const seen = group.groundRules.version;
      try {
        return await repo.addRulesVersion(db, group.id, nextVersion(seen), checked, actor.userId ?? '');
      } catch (error) {
        if ((await repo.rulesHistory(db, group.id))[0]?.version !== seen) {
          throw new AppError(
            409,
            'edited_meanwhile',
            'Someone else saved the ground rules just now. Reload to see their version, then make your change again.',
          );
        }
        throw error;
      }
    },

    async publicView(group: GroupView): Promise<PublicGroup> {
      return {
        id: group.id,
        name: group.name,
        description: group.description,
        topics: group.topics,
        visibility: group.visibility,
        provider: { id: group.providerId, name: await repo.providerName(db, group.providerId) },
        groundRules: { version: group.groundRules.version, rules: group.groundRules.rules },
        supportLines: group.supportLines,
      };
    },
  };
}
