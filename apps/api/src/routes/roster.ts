import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiError } from '@peer-support/contracts/errors';
import { GroupParams } from '@peer-support/contracts/groups';
import {
  AcceptInvite,
  CreateInvite,
  ErasePersonResult,
  Invite,
  InviteList,
  InviteParams,
  InvitePreview,
  InviteTokenParams,
  JoinRequest,
  Membership,
  MembershipParams,
  MyGroups,
  Roster,
  RosterActionBody,
  RosterActionResult,
  RosterQuery,
} from '@peer-support/contracts/roster';
import type { Action, Actor } from '@peer-support/domain/roles';
import { stringify } from 'csv-stringify/sync';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { actorFor as actorForRequest, authorize, authorizedGroup } from '../authorize.ts';
import type { Config } from '../config.ts';
import type { MembershipRow } from '../repositories/roster.ts';
import { invitesService } from '../services/invites.ts';
import { rosterService } from '../services/roster.ts';

const errors = {
  400: ApiError,
  401: ApiError,
  403: ApiError,
  404: ApiError,
  409: ApiError,
  410: ApiError,
  422: ApiError,
};
const toMembership = (m: MembershipRow) => ({
  id: m.id,
  groupId: m.groupId,
  displayName: m.displayName,
  email: m.email,
  status: m.status,
  statusChangedAt: m.statusChangedAt.toISOString(),
  waitlistedAt: m.waitlistedAt?.toISOString() ?? null,
  joinedAt: m.createdAt.toISOString(),
});

/** A spreadsheet must not run a cell as a formula (CSV injection). */
const safeCell = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

const rosterRoutes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  const db = app.database.db;
  const actorFor = (request: FastifyRequest, signedIn = true) => actorForRequest(app.database.db, request, signedIn);
  const groupFor = (actor: Actor, groupId: string, action: Action) => authorizedGroup(db, actor, groupId, action);
  const service = rosterService({
    db,
    mailer: app.mailer,
    publicUrl: config.publicUrl,
    calls: app.live.calls,
    now: app.now,
  });
  const invites = invitesService({
    roster: service,
    db,
    mailer: app.mailer,
    publicUrl: config.publicUrl,
    secret: config.auth.secret,
  });

  // ----- the roster, for staff ------------------------------------------------------

  app.get(
    '/api/groups/:groupId/roster',
    {
      schema: {
        tags: ['roster'],
        summary: 'Members of a group, filtered and searched',
        params: GroupParams,
        querystring: RosterQuery,
        response: { 200: Roster, ...errors },
      },
    },
    async (request) => {
      const group = await groupFor(await actorFor(request), request.params.groupId, 'roster.view');
      const roster = await service.roster(group.id, request.query);
      return {
        memberships: roster.memberships.map(toMembership),
        counts: roster.counts,
        capacity: group.capacity,
        nextInLine: roster.nextInLine,
      };
    },
  );

  app.post(
    '/api/groups/:groupId/roster/:membershipId/actions',
    {
      schema: {
        tags: ['roster'],
        summary: 'Approve, decline, pause, resume, remove or rejoin a member',
        params: MembershipParams,
        body: RosterActionBody,
        response: { 200: RosterActionResult, ...errors },
      },
    },
    async (request) => {
      const group = await groupFor(await actorFor(request), request.params.groupId, 'roster.manage');
      const outcome = await service.act(group.id, request.params.membershipId, request.body.action);
      return { membership: toMembership(outcome.membership), promoted: outcome.promoted };
    },
  );

  app.get(
    '/api/groups/:groupId/roster.csv',
    {
      schema: {
        tags: ['roster'],
        summary: 'The roster as CSV',
        params: GroupParams,
        querystring: RosterQuery,
        response: { 200: Type.String({ description: 'text/csv' }), ...errors },
      },
    },
    async (request, reply) => {
      const group = await groupFor(await actorFor(request), request.params.groupId, 'roster.export');
      const rows = await service.members(group.id, request.query);
      const csv = stringify(
        rows.map((m) => [
          safeCell(m.displayName),
          safeCell(m.email ?? ''),
          m.status,
          m.createdAt.toISOString(),
          m.statusChangedAt.toISOString(),
          m.waitlistedAt?.toISOString() ?? '',
        ]),
        {
          header: true,
          columns: ['display_name', 'email', 'status', 'joined_at', 'status_changed_at', 'waitlisted_at'],
        },
      );
      const name = `${group.slug}-roster-${app.now().toISOString().slice(0, 10)}.csv`;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(csv);
    },
  );

  app.delete(
    '/api/groups/:groupId/roster/:membershipId/personal-data',
    {
      schema: {
        tags: ['roster'],
        summary: "Erase a person's data across this provider (counts stay, anonymous)",
        params: MembershipParams,
        response: { 200: ErasePersonResult, ...errors },
      },
    },
    async (request) => {
      const actor = await actorFor(request);
      const group = await groupFor(actor, request.params.groupId, 'roster.view');
      authorize(actor, 'person.erase', { providerId: group.providerId });
      const result = await service.erasePerson(group.providerId, group.id, request.params.membershipId);
      return { erasedMemberships: result.memberships, promoted: result.promoted };
    },
  );

  // ----- joining ------------------------------------------------------------------

  app.post(
    '/api/groups/:groupId/join-requests',
    {
      schema: {
        tags: ['roster'],
        summary: 'Ask to join a listed group, accepting its current ground rules',
        params: GroupParams,
        body: JoinRequest,
        response: { 201: Membership, ...errors },
      },
    },
    async (request, reply) => {
      const actor = await actorFor(request);
      const group = await groupFor(actor, request.params.groupId, 'group.view_public');
      const membership = await service.join({
        groupId: group.id,
        userId: actor.userId ?? '',
        displayName: request.body.displayName,
        rulesVersion: request.body.acceptGroundRulesVersion,
        event: 'request',
      });
      return reply.status(201).send(toMembership(membership));
    },
  );

  app.get(
    '/api/me/groups',
    {
      schema: {
        tags: ['roster'],
        summary: 'Groups you belong to or asked to join',
        response: { 200: MyGroups, 401: ApiError },
      },
    },
    async (request) => {
      const user = await request.requireUser();
      const rows = await service.myGroups(user.id);
      return {
        groups: rows.map((r) => ({
          membershipId: r.membershipId,
          status: r.status,
          displayName: r.displayName,
          group: { id: r.groupId, name: r.groupName, providerName: r.providerName },
        })),
      };
    },
  );

  // ----- invitations --------------------------------------------------------------

  app.post(
    '/api/groups/:groupId/invites',
    {
      schema: {
        tags: ['invites'],
        summary: 'Create an invitation link, or email one to a person',
        params: GroupParams,
        body: CreateInvite,
        response: { 201: Invite, ...errors },
      },
    },
    async (request, reply) => {
      const actor = await actorFor(request);
      const group = await groupFor(actor, request.params.groupId, 'roster.manage');
      const invite = await invites.create(group, actor.userId, request.body, app.now());
      return reply.status(201).send(invite);
    },
  );

  app.get(
    '/api/groups/:groupId/invites',
    {
      schema: {
        tags: ['invites'],
        summary: "A group's invitations",
        params: GroupParams,
        response: { 200: InviteList, ...errors },
      },
    },
    async (request) => {
      const group = await groupFor(await actorFor(request), request.params.groupId, 'roster.manage');
      return { invites: await invites.list(group.id) };
    },
  );

  app.delete(
    '/api/groups/:groupId/invites/:inviteId',
    {
      schema: {
        tags: ['invites'],
        summary: 'Withdraw an invitation',
        params: InviteParams,
        response: { 200: Invite, ...errors },
      },
    },
    async (request) => {
      const group = await groupFor(await actorFor(request), request.params.groupId, 'roster.manage');
      return invites.revoke(group.id, request.params.inviteId, app.now());
    },
  );

  app.get(
    '/api/invites/:token',
    {
      schema: {
        tags: ['invites'],
        summary: 'What an invitation is for',
        params: InviteTokenParams,
        response: { 200: InvitePreview, ...errors },
      },
    },
    async (request) => {
      return invites.preview(request.params.token, app.now());
    },
  );

  app.post(
    '/api/invites/:token/accept',
    {
      schema: {
        tags: ['invites'],
        summary: 'Accept an invitation and the group’s ground rules',
        params: InviteTokenParams,
        body: AcceptInvite,
        response: { 201: Membership, ...errors },
      },
    },
    async (request, reply) => {
      const user = await request.requireUser();
      const membership = await invites.accept(request.params.token, user, request.body, app.now());
      return reply.status(201).send(toMembership(membership));
    },
  );
};

export default rosterRoutes;
