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
import { invites, providers } from '@peer-support/db/schema';
import type { Action, Actor } from '@peer-support/domain/roles';
import { nextToPromote } from '@peer-support/domain/roster';
import { stringify } from 'csv-stringify/sync';
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { actorFor as actorForRequest, authorize, authorizedGroup } from '../authorize.ts';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { groupsRepository } from '../repositories/groups.ts';
import { type MembershipRow, rosterRepository } from '../repositories/roster.ts';
import { readInvite, signInvite } from '../services/invite-tokens.ts';
import { inviteProblem, rosterService } from '../services/roster.ts';

const errors = {
  400: ApiError,
  401: ApiError,
  403: ApiError,
  404: ApiError,
  409: ApiError,
  410: ApiError,
  422: ApiError,
};
const DAY = 24 * 3600 * 1000;
const ukDateTime = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'full',
  timeStyle: 'short',
  timeZone: 'Europe/London',
});

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

/**
 * Enough of an address for its owner to recognise it (`j…@example.org`), not enough for
 * whoever else opens a forwarded invitation link to learn it.
 */
const hintOf = (email: string) => `${email.charAt(0)}…${email.slice(email.lastIndexOf('@'))}`;

/** A spreadsheet must not run a cell as a formula (CSV injection). */
const safeCell = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

const rosterRoutes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  const db = app.database.db;
  const actorFor = (request: FastifyRequest, signedIn = true) => actorForRequest(app.database.db, request, signedIn);
  const groupFor = (actor: Actor, groupId: string, action: Action) => authorizedGroup(db, actor, groupId, action);
  const service = rosterService(db, app.mailer, config.publicUrl);
  const secret = config.auth.secret;

  const inviteView = (i: typeof invites.$inferSelect) => ({
    id: i.id,
    kind: i.kind,
    email: i.email,
    url: `${config.publicUrl}/invite/${signInvite(secret, i.id, i.expiresAt)}`,
    expiresAt: i.expiresAt.toISOString(),
    revokedAt: i.revokedAt?.toISOString() ?? null,
    uses: i.uses,
    maxUses: i.maxUses,
    createdAt: i.createdAt.toISOString(),
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
      const [rows, counts, waitlist] = await Promise.all([
        rosterRepository.list(db, group.id, request.query),
        rosterRepository.counts(db, group.id),
        rosterRepository.waitlist(db, group.id),
      ]);
      const next = nextToPromote(waitlist);
      return {
        memberships: rows.map(toMembership),
        counts,
        capacity: group.capacity,
        nextInLine: waitlist.find((w) => w.membershipId === next)?.displayName ?? null,
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
      await app.live.calls.standingChanged({ groupIds: [group.id] });
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
      const rows = await rosterRepository.list(db, group.id, request.query);
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
      const name = `${group.slug}-roster-${new Date().toISOString().slice(0, 10)}.csv`;
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
      await app.live.calls.standingChanged({ providerId: group.providerId });
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
        displayName: request.body.displayName.trim(),
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
      const rows = await rosterRepository.myGroups(db, user.id);
      const providerIds = [...new Set(rows.map((r) => r.providerId))];
      const names = new Map(
        providerIds.length === 0
          ? []
          : (
              await db
                .select({ id: providers.id, name: providers.name })
                .from(providers)
                .where(inArray(providers.id, providerIds))
            ).map((p) => [p.id, p.name]),
      );
      return {
        groups: rows.map((r) => ({
          membershipId: r.membershipId,
          status: r.status,
          displayName: r.displayName,
          group: { id: r.groupId, name: r.groupName, providerName: names.get(r.providerId) ?? '' },
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
      const body = request.body;
      const expiresAt = new Date(Date.now() + (body.expiresInDays ?? 14) * DAY);
      const [row] = await db
        .insert(invites)
        .values({
          groupId: group.id,
          kind: body.kind,
          email: body.kind === 'email' ? body.email.toLowerCase() : null,
          maxUses: body.kind === 'email' ? 1 : null,
          expiresAt,
          createdBy: actor.userId,
        })
        .returning();
      if (!row) throw new Error('insert returned nothing');
      const view = inviteView(row);
      if (body.kind === 'email') {
        await app.mailer.send({
          tag: 'group-invite',
          to: body.email,
          subject: `You are invited to join ${group.name}`,
          text: `Hello,\n\nYou are invited to join ${group.name}, a peer-support group. You can read about the group and its ground rules, and choose whether to join, here (the link works until ${ukDateTime.format(expiresAt)}, UK time):\n\n${view.url}\n\nIf you were not expecting this, you can ignore this email.`,
        });
      }
      return reply.status(201).send(view);
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
      const rows = await db
        .select()
        .from(invites)
        .where(eq(invites.groupId, group.id))
        .orderBy(desc(invites.createdAt));
      return { invites: rows.map(inviteView) };
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
      const [row] = await db
        .update(invites)
        .set({ revokedAt: new Date() })
        .where(and(eq(invites.id, request.params.inviteId), eq(invites.groupId, group.id)))
        .returning();
      if (!row) throw new AppError(404, 'not_found', 'That invitation was not found. Reload the list and try again.');
      return inviteView(row);
    },
  );

  /** Reads a token: signature first, then the row, which can be revoked, expired or used up. */
  async function validInvite(token: string) {
    const check = readInvite(secret, token);
    if (!check.ok)
      throw new AppError(
        404,
        'invite_not_found',
        'This invitation link is not valid. Check you copied all of it, or ask for a new one.',
      );
    const [row] = await db.select().from(invites).where(eq(invites.id, check.inviteId));
    const problem = inviteProblem(row, new Date());
    if (problem || !row) throw problem;
    const group = await groupsRepository.find(db, row.groupId);
    if (!group) throw new AppError(404, 'invite_not_found', 'The group this invitation was for no longer exists.');
    return { invite: row, group };
  }

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
      const { invite, group } = await validInvite(request.params.token);
      return {
        group: {
          id: group.id,
          name: group.name,
          description: group.description,
          providerName: await groupsRepository.providerName(db, group.providerId),
        },
        groundRules: { version: group.groundRules.version, rules: group.groundRules.rules },
        expiresAt: invite.expiresAt.toISOString(),
      };
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
      const { invite, group } = await validInvite(request.params.token);
      if (invite.kind === 'email' && invite.email && invite.email !== user.email.toLowerCase()) {
        throw new AppError(
          403,
          'invite_for_someone_else',
          `This invitation was sent to another email address (${hintOf(invite.email)}). Sign in with that address to accept it.`,
        );
      }
      // An invitation sent to an address is for whoever reads that mailbox, which an account
      // only proves by confirming it (decision 0014).
      if (invite.kind === 'email' && !user.emailVerified) {
        throw new AppError(
          403,
          'email_not_confirmed',
          'Confirm your email address first: open the link we emailed you when you signed up (or ask for a new one), then come back to this page.',
        );
      }
      const membership = await service.join({
        groupId: group.id,
        userId: user.id,
        displayName: request.body.displayName.trim(),
        rulesVersion: request.body.acceptGroundRulesVersion,
        event: 'accept_invite',
        inviteId: invite.id,
      });
      return reply.status(201).send(toMembership(membership));
    },
  );
};

export default rosterRoutes;
