import type { Actor } from '@peer-support/domain/roles';
import { type Action, decide, type Target } from '@peer-support/domain/roles';
import { AppError } from './errors.ts';

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
