import type { Invite } from '@peer-support/contracts/roster';
import { describe, expect, it } from 'vitest';
import {
  ACTIONS_FOR,
  inviteStatus,
  listOf,
  outcomeMessage,
  pauseConsequences,
  placesSummary,
  removeConsequences,
} from './roster-words.ts';

describe('placesSummary', () => {
  it('counts places against the capacity', () => {
    expect(placesSummary(9, 0, 12)).toBe('9 of 12 places taken');
  });

  it('counts the places paused members keep, and says so', () => {
    expect(placesSummary(8, 1, 12)).toBe('9 of 12 places taken (1 by a paused member)');
    expect(placesSummary(7, 2, 12)).toBe('9 of 12 places taken (2 by paused members)');
  });

  it('says there is no limit when the group has none', () => {
    expect(placesSummary(1, 0, null)).toBe('1 active member, no limit on places');
    expect(placesSummary(4, 0, null)).toBe('4 active members, no limit on places');
    expect(placesSummary(4, 1, null)).toBe('4 active members and 1 paused, no limit on places');
  });
});

describe('pauseConsequences', () => {
  it('says the place is kept, and that nobody waiting moves up', () => {
    expect(pauseConsequences('Tom', 'Sam')[0]).toBe(
      'Tom keeps their place while paused, so nobody moves up from the waiting list (Sam is first on it).',
    );
    expect(pauseConsequences('Tom', null)[0]).toBe('Tom keeps their place while paused.');
    expect(pauseConsequences('Tom', null).join(' ')).toMatch(/remove Tom\.$/);
  });
});

describe('removeConsequences', () => {
  it('says who gets the place, or that it becomes free', () => {
    expect(removeConsequences('Tom', 'active', 'Sam')[0]).toBe(
      'Tom’s place goes to Sam, first on the waiting list, who is emailed to say so.',
    );
    expect(removeConsequences('Tom', 'paused', null)[0]).toBe('Tom’s place becomes free.');
    expect(removeConsequences('Tom', 'waitlisted', 'Sam')[0]).toBe('Tom does not hold a place, so nobody moves up.');
  });
});

describe('outcomeMessage', () => {
  it('names the person and where they are now', () => {
    expect(outcomeMessage('Sunflower', 'approve', 'active', [])).toBe('Sunflower is now active.');
    expect(outcomeMessage('Sunflower', 'approve', 'waitlisted', [])).toBe(
      'The group is full, so Sunflower is on the waiting list.',
    );
    expect(outcomeMessage('Sunflower', 'decline', 'removed', [])).toBe('Sunflower’s request was declined.');
    expect(outcomeMessage('Sunflower', 'remove', 'removed', [])).toBe('Sunflower is no longer on the roster.');
  });

  it('says who moved up from the waiting list', () => {
    expect(outcomeMessage('Sunflower', 'remove', 'removed', ['Alex'])).toBe(
      'Sunflower is no longer on the roster. Alex got a place from the waiting list.',
    );
    expect(outcomeMessage('Sunflower', 'remove', 'removed', ['Alex', 'Sam'])).toBe(
      'Sunflower is no longer on the roster. Alex and Sam got places from the waiting list.',
    );
    expect(outcomeMessage('Sunflower', 'pause', 'paused', [])).toBe('Sunflower is now paused and keeps their place.');
  });
});

describe('listOf', () => {
  it('joins names the way a person would', () => {
    expect(listOf([])).toBe('');
    expect(listOf(['Alex'])).toBe('Alex');
    expect(listOf(['Alex', 'Sam', 'Kit'])).toBe('Alex, Sam and Kit');
  });
});

describe('ACTIONS_FOR', () => {
  it('offers a way onward from every status but erased, which is final', () => {
    for (const [status, actions] of Object.entries(ACTIONS_FOR)) {
      expect([status, actions.length > 0]).toEqual([status, status !== 'erased']);
    }
  });
});

describe('inviteStatus', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  const invite = (over: Partial<Invite>): Invite => ({
    id: '00000000-0000-4000-8000-000000000001',
    kind: 'email',
    email: 'sam@example.org',
    url: 'http://localhost/invite/x',
    expiresAt: '2026-12-10T12:00:00Z',
    createdAt: '2026-11-26T12:00:00Z',
    revokedAt: null,
    uses: 0,
    maxUses: 1,
    ...over,
  });

  it('is active until it expires, is used up or is revoked', () => {
    expect(inviteStatus(invite({}), now)).toBe('active');
    expect(inviteStatus(invite({ uses: 1 }), now)).toBe('used');
    expect(inviteStatus(invite({ expiresAt: '2026-12-01T12:00:00Z' }), now)).toBe('expired');
    expect(inviteStatus(invite({ kind: 'link', email: null, maxUses: null, uses: 40 }), now)).toBe('active');
  });

  it('calls a revoked invitation revoked, whatever else is true of it', () => {
    expect(inviteStatus(invite({ revokedAt: '2026-11-30T12:00:00Z', uses: 1 }), now)).toBe('revoked');
  });
});
