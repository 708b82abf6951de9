import { describe, expect, it } from 'vitest';
import { participantNameCheck, readAs, reviewStanding, standingKind } from './standing.ts';

const facts = (over: Partial<Parameters<typeof standingKind>[0]> = {}) => ({
  signedIn: true,
  hosts: false,
  activeMember: false,
  dropIns: false,
  ...over,
});

describe('standingKind', () => {
  it('ranks hosting above membership above dropping in', () => {
    expect(standingKind(facts({ hosts: true, activeMember: true, dropIns: true }))).toBe('facilitator');
    expect(standingKind(facts({ activeMember: true, dropIns: true }))).toBe('member');
    expect(standingKind(facts({ dropIns: true }))).toBe('guest');
    expect(standingKind(facts())).toBeNull();
  });

  it('gives nobody without an account more than a guest’s place, whatever else is claimed', () => {
    expect(standingKind(facts({ signedIn: false, hosts: true, activeMember: true }))).toBeNull();
    expect(standingKind(facts({ signedIn: false, hosts: true, dropIns: true }))).toBe('guest');
  });
});

describe('reviewStanding', () => {
  it('changes nothing while standing holds', () => {
    for (const kind of ['facilitator', 'member', 'guest'] as const)
      expect(reviewStanding(kind, kind)).toEqual({ change: 'none' });
  });

  it('takes the place of anyone with less standing than they came in with, and says why', () => {
    const demoted = reviewStanding('facilitator', 'member');
    expect(demoted).toMatchObject({ change: 'revoke', message: expect.stringMatching(/no longer host/) });
    expect(reviewStanding('facilitator', null)).toMatchObject({
      change: 'revoke',
      message: expect.stringMatching(/roster/),
    });
    expect(reviewStanding('member', 'guest')).toMatchObject({
      change: 'revoke',
      message: expect.stringMatching(/guest/),
    });
    expect(reviewStanding('member', null).change).toBe('revoke');
    expect(reviewStanding('guest', null).change).toBe('revoke');
  });

  it('gives more standing at once', () => {
    expect(reviewStanding('guest', 'member')).toEqual({ change: 'promote', kind: 'member' });
    expect(reviewStanding('member', 'facilitator')).toEqual({ change: 'promote', kind: 'facilitator' });
  });
});

describe('participantNameCheck', () => {
  it('reads names as people do', () => {
    expect(readAs('  Fràn  Facilitator! ')).toBe('franfacilitator');
    expect(readAs('ＦＲＡＮ')).toBe('fran');
  });

  it('refuses a facilitator’s name however it is written', () => {
    for (const name of ['Fran', 'fran', ' FRAN ', 'Frán', 'F-r-a-n'])
      expect(participantNameCheck(name, ['Fran', 'Sam Host'])?.code).toBe('name_taken');
    expect(participantNameCheck('Sam host', ['Fran', 'Sam Host'])?.code).toBe('name_taken');
  });

  it('refuses names that call themselves facilitators or moderators', () => {
    expect(participantNameCheck('Sky (facilitator)', [])?.message).toMatch(/facilitator/);
    expect(participantNameCheck('Moderator Jo', [])?.code).toBe('name_taken');
  });

  it('lets other names through, including ones that merely contain a facilitator’s', () => {
    expect(participantNameCheck('Francesca', ['Fran'])).toBeNull();
    expect(participantNameCheck('Sky', ['Fran'])).toBeNull();
    expect(participantNameCheck('Facilitation fan', [])).toBeNull();
  });
});
