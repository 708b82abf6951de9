/**
 * How a person stands towards a session, from facts read fresh each time (a token, a hello, a
 * push, a reconciliation), never from what was stored when they arrived: people are taken off
 * rosters and facilitators off groups while a session runs.
 */
import { type Refusal, refuse } from './refusal.ts';
import type { EntryKind } from './waiting-room.ts';

export interface StandingFacts {
  /** A signed-in account (guests have none). */
  signedIn: boolean;
  /** They may host the group's sessions now (a facilitator of the group, or an admin of its provider). */
  hosts: boolean;
  /** An active member of the group's roster now. */
  activeMember: boolean;
  /** The group takes drop-in guests. */
  dropIns: boolean;
}

/** Who someone comes in as: facilitator before member before guest; null when they may not come at all. */
export function standingKind(facts: StandingFacts): EntryKind | null {
  if (facts.signedIn && facts.hosts) return 'facilitator';
  if (facts.signedIn && facts.activeMember) return 'member';
  if (facts.dropIns) return 'guest';
  return null;
}

const RANK: Record<EntryKind, number> = { guest: 0, member: 1, facilitator: 2 };

export type StandingReview =
  | { change: 'none' }
  /** More standing than on arrival (added to the roster, made a facilitator): the entry takes the new kind. */
  | { change: 'promote'; kind: EntryKind }
  /** Less: their place goes (out of the call and the waiting room), and they are told why. */
  | { change: 'revoke'; message: string };

/**
 * What a fresh look at someone's standing does to their entry. Less standing than they came in
 * with takes the place away: a former facilitator walked in without being admitted, and a
 * former member may have been let in as one. They may come back through the link as what they
 * are now, and wait like anyone else.
 */
export function reviewStanding(stored: EntryKind, fresh: EntryKind | null): StandingReview {
  if (fresh === null)
    return {
      change: 'revoke',
      message:
        'You are no longer on this group’s roster, so you have left this session. Ask the group’s organisers if you think this is a mistake.',
    };
  if (RANK[fresh] > RANK[stored]) return { change: 'promote', kind: fresh };
  if (RANK[fresh] === RANK[stored]) return { change: 'none' };
  return {
    change: 'revoke',
    message:
      stored === 'facilitator'
        ? 'You no longer host this group, so you have left the call. Open the session link again to join as a participant.'
        : 'You are no longer on this group’s roster, so you have left the call. Open the session link again to join as a guest.',
  };
}

/** A name as people read it: case, accents, spacing and punctuation aside ("  Fràn!" reads as "fran"). */
export function readAs(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

const STAFF_WORDS = /\b(facilitator|facilitators|moderator|moderators)\b/iu;

/**
 * Whether a participant may use this name in a session hosted by people with `facilitatorNames`.
 * A name that reads like a facilitator's, or that calls itself one, would let someone pass as
 * the person everyone trusts (and ask for phone numbers in the chat).
 */
export function participantNameCheck(name: string, facilitatorNames: readonly string[]): Refusal<'name_taken'> | null {
  const read = readAs(name);
  if (facilitatorNames.some((f) => readAs(f) === read))
    return refuse(
      'name_taken',
      'That name belongs to a facilitator of this session. Please choose another, so everyone can tell who is hosting.',
    );
  if (STAFF_WORDS.test(name.normalize('NFKD').replace(/\p{M}/gu, '')))
    return refuse(
      'name_taken',
      'Only the people hosting this session are shown as facilitators. Please choose a name without “facilitator” or “moderator” in it.',
    );
  return null;
}
