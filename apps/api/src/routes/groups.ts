import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiError } from '@peer-support/contracts/errors';
import {
  CreateGroup,
  GroundRules,
  GroundRulesHistory,
  Group,
  GroupList,
  GroupParams,
  PublicGroup,
  ReplaceGroundRules,
  UpdateGroup,
} from '@peer-support/contracts/groups';
import { ProviderParams } from '@peer-support/contracts/providers';
import { DEFAULT_GUEST_LIMIT } from '@peer-support/domain/arrival-limits';
import { DEFAULT_GROUND_RULES, validateGroundRules } from '@peer-support/domain/ground-rules';
import type { Action, Actor } from '@peer-support/domain/roles';
import { validateCapacityChange } from '@peer-support/domain/roster';
import { DEFAULT_SUPPORT_LINES, type SupportLine, validateSupportLines } from '@peer-support/domain/support-lines';
import type { FastifyRequest } from 'fastify';
import { actorFor as actorForRequest, authorize, authorizedGroup } from '../authorize.ts';
import type { Config } from '../config.ts';
import { AppError, refusal } from '../errors.ts';
import { type GroupView, groupsRepository } from '../repositories/groups.ts';
import { rosterService } from '../services/roster.ts';
import { scheduleChanged } from '../services/schedule.ts';
import { slugify } from '../slug.ts';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError, 422: ApiError };

const groupRoutes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  const repo = groupsRepository(app.database.db);
  const actorFor = (request: FastifyRequest, signedIn = true) => actorForRequest(app.database.db, request, signedIn);
  const groupFor = (actor: Actor, groupId: string, action: Action) => authorizedGroup(repo, actor, groupId, action);
  const roster = rosterService(app.database.db, app.mailer, config.publicUrl);

  async function checkFacilitators(providerId: string, ids: string[]) {
    const staff = await repo.staffAmong(providerId, ids);
    const missing = ids.filter((id) => !staff.has(id));
    if (missing.length > 0) {
      throw new AppError(
        422,
        'facilitator_not_staff',
        'Facilitators must be staff of this provider. Add them on the staff page first, then choose them here.',
        missing.map((id) => ({ field: 'body.facilitatorIds', message: `${id} is not staff of this provider` })),
      );
    }
  }

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

  app.post(
    '/api/providers/:providerId/groups',
    {
      schema: {
        tags: ['groups'],
        summary: 'Create a group',
        params: ProviderParams,
        body: CreateGroup,
        response: { 201: Group, ...errors },
      },
    },
    async (request, reply) => {
      const actor = await actorFor(request);
      const { providerId } = request.params;
      authorize(actor, 'group.create', { providerId }, 'That provider');
      const body = request.body;
      const slug = body.slug ?? slugify(body.name);
      if (await repo.slugTaken(providerId, slug)) {
        throw new AppError(
          409,
          'slug_taken',
          `This provider already has a group at "${slug}". Choose another name or slug.`,
          [{ field: 'body.slug', message: 'is already used by another group' }],
        );
      }
      const facilitatorIds = body.facilitatorIds ?? [];
      await checkFacilitators(providerId, facilitatorIds);
      const rules = checkRules(body.groundRules ?? [...DEFAULT_GROUND_RULES], 'groundRules');
      const id = await repo.create({
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
        supportLines: checkSupportLines(body.supportLines ?? DEFAULT_SUPPORT_LINES.map((l) => ({ ...l }))),
        facilitatorIds,
        rules,
        createdBy: actor.userId ?? '',
      });
      return reply.status(201).send((await repo.findById(id)) as GroupView);
    },
  );

  app.get(
    '/api/providers/:providerId/groups',
    {
      schema: {
        tags: ['groups'],
        summary: "A provider's groups you can manage",
        params: ProviderParams,
        response: { 200: GroupList, ...errors },
      },
    },
    async (request) => {
      const actor = await actorFor(request);
      const { providerId } = request.params;
      authorize(actor, 'provider.view', { providerId }, 'That provider');
      const admin = actor.providerRoles.get(providerId) === 'provider_admin';
      return { groups: await repo.listByProvider(providerId, admin ? undefined : actor.facilitatedGroupIds) };
    },
  );

  app.get(
    '/api/groups/:groupId',
    {
      schema: {
        tags: ['groups'],
        summary: 'A group, for its staff',
        params: GroupParams,
        response: { 200: Group, ...errors },
      },
    },
    async (request) => groupFor(await actorFor(request), request.params.groupId, 'group.view_admin'),
  );

  app.patch(
    '/api/groups/:groupId',
    {
      schema: {
        tags: ['groups'],
        summary: "Change a group's settings",
        params: GroupParams,
        body: UpdateGroup,
        response: { 200: Group, ...errors },
      },
    },
    async (request) => {
      const actor = await actorFor(request);
      const group = await groupFor(actor, request.params.groupId, 'group.edit');
      const { facilitatorIds, ...fields } = request.body;
      if (fields.capacity !== undefined) {
        const check = validateCapacityChange(fields.capacity, await repo.placesTaken(group.id));
        if (!check.ok) throw refusal(422, check);
      }
      if (facilitatorIds) await checkFacilitators(group.providerId, facilitatorIds);
      if (fields.supportLines) fields.supportLines = checkSupportLines(fields.supportLines);
      if (fields.name) fields.name = fields.name.trim();
      await repo.update(group.id, fields, facilitatorIds);
      // Facilitators and drop-ins decide who may be in this group's calls: checked now, in LiveKit too.
      await app.live.calls.standingChanged({ groupIds: [group.id] });
      // Name, topics and visibility show in the directory, which caches expanded timelines.
      scheduleChanged();
      // A larger group (or no limit) has places for the people waiting.
      if (fields.capacity !== undefined) await roster.fillPlaces(group.id);
      return (await repo.findById(group.id)) as GroupView;
    },
  );

  app.get(
    '/api/groups/:groupId/ground-rules',
    {
      schema: {
        tags: ['groups'],
        summary: 'Current ground rules and every earlier version',
        params: GroupParams,
        response: { 200: GroundRulesHistory, ...errors },
      },
    },
    async (request) => {
      const group = await groupFor(await actorFor(request), request.params.groupId, 'group.view_admin');
      const history = await repo.rulesHistory(group.id);
      return { current: group.groundRules, history };
    },
  );

  app.put(
    '/api/groups/:groupId/ground-rules',
    {
      schema: {
        tags: ['groups'],
        summary: 'Save a new version of the ground rules (earlier versions are kept)',
        params: GroupParams,
        body: ReplaceGroundRules,
        response: { 201: GroundRules, ...errors },
      },
    },
    async (request, reply) => {
      const actor = await actorFor(request);
      const group = await groupFor(actor, request.params.groupId, 'group.edit_ground_rules');
      const rules = checkRules(request.body.rules, 'rules');
      try {
        const saved = await repo.addRulesVersion(group.id, group.groundRules.version + 1, rules, actor.userId ?? '');
        return reply.status(201).send(saved);
      } catch (error) {
        if ((await repo.rulesHistory(group.id))[0]?.version !== group.groundRules.version) {
          throw new AppError(
            409,
            'edited_meanwhile',
            'Someone else saved the ground rules just now. Reload to see their version, then make your change again.',
          );
        }
        throw error;
      }
    },
  );

  app.get(
    '/api/public/groups/:groupId',
    {
      schema: {
        tags: ['groups'],
        summary: 'The public page of a listed group',
        params: GroupParams,
        response: { 200: PublicGroup, ...errors },
      },
    },
    async (request) => {
      const group = await groupFor(await actorFor(request, false), request.params.groupId, 'group.view_public');
      return {
        id: group.id,
        name: group.name,
        description: group.description,
        topics: group.topics,
        visibility: group.visibility,
        provider: { id: group.providerId, name: await repo.providerName(group.providerId) },
        groundRules: { version: group.groundRules.version, rules: group.groundRules.rules },
        supportLines: group.supportLines,
      };
    },
  );
};

export default groupRoutes;
