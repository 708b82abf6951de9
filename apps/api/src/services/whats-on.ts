import type { Database } from '@peer-support/db/client';
import { type Actor, decide } from '@peer-support/domain/roles';
import { groupsRepository } from '../repositories/groups.ts';
import { type SessionRow, sessionsRepository } from '../repositories/sessions.ts';

/**
 * The home page's "what's on": sessions not yet over, of every listed group and, for someone
 * signed in, of the invite-only groups the role rules let them see (`group.view_public`: the
 * groups they are an active member of, facilitate, or run as a provider admin). Anyone else
 * sees listed groups only, so an invite-only group never shows to an outsider.
 */
export function whatsOnService(db: Database) {
  const groups = groupsRepository(db);
  const sessions = sessionsRepository(db);

  /** The invite-only groups the actor may see, decided by the one rule for seeing a group. */
  async function visibleUnlisted(actor: Actor): Promise<string[]> {
    if (actor.userId === null) return [];
    const candidates = await groups.unlistedAmong(
      [...actor.activeMemberGroupIds, ...actor.facilitatedGroupIds],
      [...actor.providerRoles.keys()],
    );
    return candidates
      .filter(
        (g) =>
          decide(actor, 'group.view_public', {
            providerId: g.providerId,
            groupId: g.id,
            groupVisibility: g.visibility,
          }) === 'allow',
      )
      .map((g) => g.id);
  }

  return {
    async list(actor: Actor, now: Date, limit: number): Promise<SessionRow[]> {
      return sessions.listCurrentAndUpcoming(now, limit, await visibleUnlisted(actor));
    },
  };
}
