import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiError } from '@peer-support/contracts/errors';
import {
  ChangeStaffRole,
  CreateProvider,
  InviteStaff,
  Me,
  Provider,
  ProviderParams,
  SessionState,
  StaffInvitation,
  StaffInvitationList,
  StaffInvitationParams,
  StaffInvitationPreview,
  StaffInvitationSent,
  StaffInvitationTokenParams,
  StaffList,
  StaffMember,
  StaffMemberParams,
} from '@peer-support/contracts/providers';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { actorFor, authorize } from '../authorize.ts';
import type { Config } from '../config.ts';
import { providersService } from '../services/providers.ts';
import { staffService } from '../services/staff.ts';
import { staffInvitationsService } from '../services/staff-invitations.ts';

const errors = {
  400: ApiError,
  401: ApiError,
  403: ApiError,
  404: ApiError,
  409: ApiError,
  410: ApiError,
  422: ApiError,
};

const providerRoutes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  const db = app.database.db;
  const providers = providersService(db);
  const staff = staffService(db, app.live.calls);
  const invitations = staffInvitationsService({
    db,
    mailer: app.mailer,
    publicUrl: config.publicUrl,
    secret: config.auth.secret,
  });

  /** The signed-in admin of this provider (404 for anyone without standing there, 403 for its facilitators). */
  async function adminOf(request: FastifyRequest, providerId: string) {
    const user = await request.requireUser();
    authorize(await actorFor(db, request), 'provider.manage_members', { providerId }, 'That provider');
    return user;
  }

  app.get(
    '/api/me',
    {
      schema: {
        tags: ['account'],
        summary: 'The signed-in person and the providers they work for',
        response: { 200: Me, 401: ApiError },
      },
    },
    async (request) => {
      const user = await request.requireUser();
      return { user, providers: await providers.mine(user.id) };
    },
  );

  app.get(
    '/api/session',
    { schema: { tags: ['account'], summary: 'Who is signed in, or null', response: { 200: SessionState } } },
    async (request) => {
      const user = await request.currentUser();
      return { me: user ? { user, providers: await providers.mine(user.id) } : null };
    },
  );

  app.post(
    '/api/providers',
    {
      schema: {
        tags: ['providers'],
        summary: 'Create a provider; you become its admin',
        body: CreateProvider,
        response: { 201: Provider, ...errors },
      },
    },
    async (request, reply) => {
      const user = await request.requireUser();
      return reply.status(201).send(await providers.create(user.id, request.body));
    },
  );

  app.get(
    '/api/providers/:providerId/staff',
    {
      schema: {
        tags: ['providers'],
        summary: 'Admins and facilitators of a provider',
        params: ProviderParams,
        response: { 200: StaffList, ...errors },
      },
    },
    async (request) => {
      const actor = await actorFor(db, request);
      authorize(actor, 'provider.view', { providerId: request.params.providerId }, 'That provider');
      return { staff: await staff.list(request.params.providerId) };
    },
  );

  app.patch(
    '/api/providers/:providerId/staff/:userId',
    {
      schema: {
        tags: ['providers'],
        summary: "Change a staff member's role (a provider always keeps an admin)",
        params: StaffMemberParams,
        body: ChangeStaffRole,
        response: { 200: StaffMember, ...errors },
      },
    },
    async (request) => {
      await adminOf(request, request.params.providerId);
      return staff.changeRole(request.params.providerId, request.params.userId, request.body.role);
    },
  );

  app.delete(
    '/api/providers/:providerId/staff/:userId',
    {
      schema: {
        tags: ['providers'],
        summary: "Take someone off the staff (and off this provider's groups as facilitator)",
        params: StaffMemberParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await adminOf(request, request.params.providerId);
      await staff.remove(request.params.providerId, request.params.userId);
      return reply.status(204).send(null);
    },
  );

  // ----- staff invitations ----------------------------------------------------------

  app.post(
    '/api/providers/:providerId/staff-invitations',
    {
      schema: {
        tags: ['providers'],
        summary:
          'Email someone an invitation to join the staff; the answer is the same whether or not they have an account',
        params: ProviderParams,
        body: InviteStaff,
        response: { 201: StaffInvitationSent, ...errors },
      },
    },
    async (request, reply) => {
      const inviter = await adminOf(request, request.params.providerId);
      const sent = await invitations.invite({
        providerId: request.params.providerId,
        inviter,
        email: request.body.email,
        role: request.body.role,
        now: app.now(),
      });
      return reply.status(201).send(sent);
    },
  );

  app.get(
    '/api/providers/:providerId/staff-invitations',
    {
      schema: {
        tags: ['providers'],
        summary: 'Staff invitations not yet accepted, withdrawn or expired',
        params: ProviderParams,
        response: { 200: StaffInvitationList, ...errors },
      },
    },
    async (request) => {
      await adminOf(request, request.params.providerId);
      return { invitations: await invitations.pending(request.params.providerId, app.now()) };
    },
  );

  app.delete(
    '/api/providers/:providerId/staff-invitations/:invitationId',
    {
      schema: {
        tags: ['providers'],
        summary: 'Withdraw a pending staff invitation',
        params: StaffInvitationParams,
        response: { 200: StaffInvitation, ...errors },
      },
    },
    async (request) => {
      await adminOf(request, request.params.providerId);
      return invitations.revoke(request.params.providerId, request.params.invitationId, app.now());
    },
  );

  app.get(
    '/api/staff-invitations/:token',
    {
      schema: {
        tags: ['providers'],
        summary: 'What a staff invitation is for, to whoever holds the link',
        params: StaffInvitationTokenParams,
        response: { 200: StaffInvitationPreview, ...errors },
      },
    },
    async (request) => {
      const user = await request.currentUser();
      return invitations.preview(request.params.token, user?.id ?? null, app.now());
    },
  );

  app.post(
    '/api/staff-invitations/:token/accept',
    {
      schema: {
        tags: ['providers'],
        summary: 'Accept a staff invitation, signed in with the invited address (confirmed)',
        params: StaffInvitationTokenParams,
        response: { 200: Provider, ...errors },
      },
    },
    async (request) => {
      const user = await request.requireUser();
      return invitations.accept(request.params.token, user, app.now());
    },
  );
};

export default providerRoutes;
