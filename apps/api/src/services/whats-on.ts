import type { SessionSummary } from '@peer-support/contracts/sessions';
import type { Database } from '@peer-support/db/client';
import { type Actor, decide } from '@peer-support/domain/roles';
import { DEFAULT_TIME_ZONE } from '@peer-support/domain/series';
import { groupsRepository as groups } from '../repositories/groups.ts';
import { type SessionRow, sessionsRepository as sessions } from '../repositories/sessions.ts';

const toSummary = (s: SessionRow): SessionSummary => ({
  id: s.id,
  title: s.title,
  startsAt: s.startsAt.toISOString(),
  endsAt: s.endsAt.toISOString(),
  mode: s.mode,
  // One-off sessions (the demo's) have no series; they are on the default clock, as series are.
  timeZone: s.timeZone ?? DEFAULT_TIME_ZONE,
  group: { id: s.group.id, name: s.group.name, description: s.group.description },
  provider: s.provider,
});

/**
 * The home page's "what's on": sessions not yet over, of every listed group and, for someone
 * signed in, of the invite-only groups the role rules let them see (`group.view_public`: the
 * groups they are an active member of, facilitate, or run as a provider admin). Anyone else
 * sees listed groups only, so an invite-only group never shows to an outsider.
 */
export function whatsOnService(db: Database) {
  /** The invite-only groups the actor may see, decided by the one rule for seeing a group. */
  async function visibleUnlisted(actor: Actor): Promise<string[]> {
    if (actor.userId === null) return [];
    const candidates = await groups.unlistedAmong(
      db,
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
    async list(actor: Actor, now: Date, limit: number): Promise<SessionSummary[]> {
      return (await sessions.listCurrentAndUpcoming(db, now, limit, await visibleUnlisted(actor))).map(toSummary);
    },
  };
}
