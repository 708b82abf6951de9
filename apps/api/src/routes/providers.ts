import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiError } from '@peer-support/contracts/errors';
import {
  AddStaff,
  CreateProvider,
  Me,
  Provider,
  ProviderParams,
  SessionState,
  StaffList,
  StaffMember,
} from '@peer-support/contracts/providers';
import { authorize } from '../authorize.ts';
import { AppError } from '../errors.ts';
import { loadActor } from '../repositories/actors.ts';
import { providersRepository } from '../repositories/providers.ts';
import { slugify } from '../slug.ts';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError, 422: ApiError };

const providerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const repo = providersRepository(app.database.db);

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
      return { user, providers: await repo.listForUser(user.id) };
    },
  );

  app.get(
    '/api/session',
    { schema: { tags: ['account'], summary: 'Who is signed in, or null', response: { 200: SessionState } } },
    async (request) => {
      const user = await request.currentUser();
      return { me: user ? { user, providers: await repo.listForUser(user.id) } : null };
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
      const name = request.body.name.trim();
      const slug = request.body.slug ?? slugify(name);
      if (slug.length < 2) {
        throw new AppError(
          400,
          'invalid_input',
          'Please give the provider a name with at least two letters or digits.',
        );
      }
      if (await repo.slugTaken(slug)) {
        throw new AppError(
          409,
          'slug_taken',
          `The web address "${slug}" is taken. Choose another short name (slug) for the provider.`,
        );
      }
      return reply.status(201).send(await repo.create({ slug, name, adminUserId: user.id }));
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
      const user = await request.requireUser();
      const actor = await loadActor(app.database.db, user.id);
      authorize(actor, 'provider.view', { providerId: request.params.providerId }, 'That provider');
      return { staff: await repo.staff(request.params.providerId) };
    },
  );

  app.post(
    '/api/providers/:providerId/staff',
    {
      schema: {
        tags: ['providers'],
        summary: 'Add someone with an account as a facilitator or admin (or change their role)',
        params: ProviderParams,
        body: AddStaff,
        response: { 200: StaffMember, ...errors },
      },
    },
    async (request) => {
      const user = await request.requireUser();
      const { providerId } = request.params;
      const actor = await loadActor(app.database.db, user.id);
      authorize(actor, 'provider.manage_members', { providerId }, 'That provider');
      const person = await repo.findUserByEmail(request.body.email);
      if (!person) {
        throw new AppError(
          422,
          'no_account',
          `No account uses ${request.body.email} yet. Ask them to sign up first, then add them here.`,
        );
      }
      if (person.id === user.id && request.body.role !== 'provider_admin') {
        throw new AppError(
          422,
          'last_admin',
          'You cannot take away your own admin role here. Ask another admin to do it.',
        );
      }
      await repo.upsertStaff(providerId, person.id, request.body.role);
      // An admin made a facilitator no longer hosts every group: checked now, in LiveKit too.
      await app.live.calls.standingChanged({ providerId });
      return { userId: person.id, name: person.name, email: person.email, role: request.body.role };
    },
  );
};

export default providerRoutes;
