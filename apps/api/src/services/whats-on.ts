import type { SessionSummary } from '@peer-support/contracts/sessions';
import type { Database } from '@peer-support/db/client';
import { type Actor, decide } from '@peer-support/domain/roles';
import { DEFAULT_TIME_ZONE } from '@peer-support/domain/series';
import { groupsRepository as groups } from '../repositories/groups.ts';
import { type SessionRow, sessionsRepository as sessions } from '../repositories/sessions.ts';
import { listingVersion } from './listing-version.ts';

/** How many sessions "what's on" lists. */
export const WHATS_ON_LIMIT = 50;
/**
 * How long the listed groups' answer may be served from memory at most. Any change to it
 * drops it sooner (see listing-version.ts), and so does the first of its sessions ending;
 * this bound is for notices lost on the way.
 */
export const WHATS_ON_CACHE_TTL_MS = 10_000;

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

/** The listed groups' answer as read at `at`, and the last instant it is still exactly right. */
type Held = { version: number; at: number; until: number; answer: Promise<SessionSummary[]> };

/**
 * The home page's "what's on": sessions not yet over, of every listed group and, for someone
 * signed in, of the invite-only groups the role rules let them see (`group.view_public`: the
 * groups they are an active member of, facilitate, or run as a provider admin). Anyone else
 * sees listed groups only, so an invite-only group never shows to an outsider.
 *
 * Everyone who may see listed groups only (every visitor, and most people signed in) gets the
 * same answer, so it is read once and held: until the schedule changes, until the first of its
 * sessions ends (then another may take its place), or for WHATS_ON_CACHE_TTL_MS at most. The
 * same answer is the same (frozen) array, so the route can keep its serialised form.
 */
export function whatsOnService(db: Database) {
  let held: Held | undefined;

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

  async function read(now: Date, unlistedGroupIds: string[] = []): Promise<SessionSummary[]> {
    const list = (await sessions.listCurrentAndUpcoming(db, now, WHATS_ON_LIMIT, unlistedGroupIds)).map(toSummary);
    // Handed out again while held: nobody may change it.
    Object.freeze(list);
    return list;
  }

  function listedOnly(now: Date): Promise<SessionSummary[]> {
    const t = now.getTime();
    const version = listingVersion();
    // A clock that went back (a test's) reads again rather than trust an answer from its future.
    if (held && held.version === version && held.at <= t && t <= held.until) return held.answer;
    const answer = read(now);
    const entry: Held = { version, at: t, until: t + WHATS_ON_CACHE_TTL_MS, answer };
    held = entry;
    answer.then(
      (list) => {
        // A session is listed while it has not ended (ends at or after now): the first to end
        // leaves at the instant after its end, and the list must be read again then.
        for (const s of list) entry.until = Math.min(entry.until, Date.parse(s.endsAt));
      },
      () => {
        if (held === entry) held = undefined;
      },
    );
    return answer;
  }

  return {
    async list(actor: Actor, now: Date): Promise<SessionSummary[]> {
      const unlisted = await visibleUnlisted(actor);
      return unlisted.length === 0 ? listedOnly(now) : read(now, unlisted);
    },
  };
}
