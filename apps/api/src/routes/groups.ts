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
import type { Action, Actor } from '@peer-support/domain/roles';
import type { FastifyRequest } from 'fastify';
import { actorFor as actorForRequest, authorize, authorizedGroup } from '../authorize.ts';
import type { Config } from '../config.ts';
import { groupsService } from '../services/groups.ts';
import { rosterService } from '../services/roster.ts';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError, 422: ApiError };

const groupRoutes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  const db = app.database.db;
  const actorFor = (request: FastifyRequest, signedIn = true) => actorForRequest(db, request, signedIn);
  const groupFor = (actor: Actor, groupId: string, action: Action) => authorizedGroup(db, actor, groupId, action);
  const groups = groupsService(
    db,
    app.live.calls,
    rosterService({ db, mailer: app.mailer, publicUrl: config.publicUrl, calls: app.live.calls, now: app.now }),
  );

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
      return reply.status(201).send(await groups.create(providerId, actor, request.body));
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
      return { groups: await groups.listManaged(actor, providerId) };
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
      const group = await groupFor(await actorFor(request), request.params.groupId, 'group.edit');
      return groups.update(group, request.body);
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
    async (request) =>
      groups.groundRules(await groupFor(await actorFor(request), request.params.groupId, 'group.view_admin')),
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
      return reply.status(201).send(await groups.replaceGroundRules(group, actor, request.body.rules));
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
      return groups.publicView(group);
    },
  );
};

export default groupRoutes;
