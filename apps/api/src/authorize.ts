import type { Database, Db } from '@peer-support/db/client';
import type { Actor } from '@peer-support/domain/roles';
import { type Action, decide, type Target } from '@peer-support/domain/roles';
import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';
import { loadActor } from './repositories/actors.ts';
import { type GroupView, groupsRepository } from './repositories/groups.ts';

/**
 * The one gate every protected route passes. Someone with no standing gets the same 404 as
 * for a thing that does not exist, so answers never confirm another provider's data.
 */
export function authorize(actor: Actor, action: Action, target: Target, what = 'That page'): void {
  const decision = decide(actor, action, target);
  if (decision === 'allow') return;
  if (decision === 'not_found') {
    throw new AppError(
      404,
      'not_found',
      `${what} was not found. Check the link, or sign in with the account that has access.`,
    );
  }
  throw new AppError(403, 'forbidden', 'Your role does not allow this. Ask a provider admin if you need it done.');
}

/** The person making the request, as the role rules see them; signed-in routes 401 first. */
export async function actorFor(db: Database, request: FastifyRequest, signedIn = true): Promise<Actor> {
  const user = signedIn ? await request.requireUser() : await request.currentUser();
  return loadActor(db, user?.id ?? null);
}

/** Loads a group and checks the action; a missing group and a hidden one look the same. */
export async function authorizedGroup(db: Db, actor: Actor, groupId: string, action: Action): Promise<GroupView> {
  const group = await groupsRepository.find(db, groupId);
  if (!group) {
    throw new AppError(
      404,
      'not_found',
      'That group was not found. Check the link, or sign in with the account that has access.',
    );
  }
  authorize(
    actor,
    action,
    { providerId: group.providerId, groupId: group.id, groupVisibility: group.visibility },
    'That group',
  );
  return group;
}
