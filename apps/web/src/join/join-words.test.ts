import { describe, expect, it } from 'vitest';
import {
  checkDisplayName,
  connectionWords,
  earlyWords,
  outcomeWords,
  sessionClosedReason,
  sessionHeading,
  sessionWhen,
  telHref,
  waitingStatus,
} from './join-words.ts';

describe('checkDisplayName', () => {
  it('accepts 1 to 60 characters once trimmed', () => {
    expect(checkDisplayName('R')).toBeNull();
    expect(checkDisplayName('  River  ')).toBeNull();
    expect(checkDisplayName('x'.repeat(60))).toBeNull();
  });

  it('refuses blank and too long names with a reason', () => {
    expect(checkDisplayName('')).toMatch(/Enter a name/);
    expect(checkDisplayName('   ')).toMatch(/Enter a name/);
    expect(checkDisplayName('x'.repeat(61))).toMatch(/61 characters.*60 or fewer/);
  });
});

describe('earlyWords', () => {
  const now = new Date('2026-03-03T12:00:00Z');
  it('says when the waiting room opens on the viewer clock, with the day when it is not today', () => {
    expect(earlyWords('2026-03-03T18:00:00Z', false, 'Europe/London', now)).toBe(
      "You're early. The waiting room opens at 18:00. You can read the ground rules and check your camera and microphone now, and join once it opens.",
    );
    expect(earlyWords('2026-03-05T18:00:00Z', false, 'America/New_York', now)).toMatch(
      /opens on Thursday 5 March at 13:00\./,
    );
  });

  it('tells facilitators when they can open the room', () => {
    expect(earlyWords('2026-03-03T17:30:00Z', true, 'Europe/London', now)).toMatch(
      /^You're early\. You can open the room at 17:30, an hour before the start\./,
    );
  });
});

describe('sessionWhen', () => {
  it('says the day and times on the viewer clock, across the clocks changing', () => {
    expect(sessionWhen('2026-03-03T18:30:00Z', '2026-03-03T20:00:00Z', 'Europe/London')).toBe(
      'Tuesday 3 March 2026, 18:30–20:00 (London time)',
    );
    // After the clocks go forward, 17:30 UTC is 18:30 in London.
    expect(sessionWhen('2026-04-07T17:30:00Z', '2026-04-07T19:00:00Z', 'Europe/London')).toBe(
      'Tuesday 7 April 2026, 18:30–20:00 (London time)',
    );
    expect(sessionWhen('2026-03-03T18:30:00Z', '2026-03-03T20:00:00Z', 'UTC')).toBe(
      'Tuesday 3 March 2026, 18:30–20:00 (UTC)',
    );
  });
});

describe('sessionClosedReason', () => {
  const session = {
    id: 'x',
    title: 't',
    startsAt: '',
    endsAt: '',
    mode: 'online' as const,
    cancelled: false,
    ended: false,
  };
  it('is null for an online or hybrid session that is on', () => {
    expect(sessionClosedReason(session)).toBeNull();
    expect(sessionClosedReason({ ...session, mode: 'hybrid' })).toBeNull();
  });
  it('names cancelled, ended and in-person sessions', () => {
    expect(sessionClosedReason({ ...session, cancelled: true })).toMatch(/cancelled/);
    expect(sessionClosedReason({ ...session, ended: true })).toMatch(/ended/);
    expect(sessionClosedReason({ ...session, mode: 'in_person' })).toMatch(/in person/);
  });
});

describe('waitingStatus', () => {
  it('adds the place in the queue', () => {
    expect(waitingStatus(null)).toBe("You're in the waiting room. A facilitator will let you in soon.");
    expect(waitingStatus(1)).toMatch(/You're next\.$/);
    expect(waitingStatus(2)).toMatch(/There is 1 person ahead of you\.$/);
    expect(waitingStatus(5)).toMatch(/There are 4 people ahead of you\.$/);
  });
});

describe('connectionWords', () => {
  it('is quiet while open or after the end', () => {
    expect(connectionWords('open', false)).toBeNull();
    expect(connectionWords('reconnecting', true)).toBeNull();
    expect(connectionWords('reconnecting', false)).toMatch(/Reconnecting/);
    expect(connectionWords('closed', false)).toMatch(/Reload/);
  });
});

describe('outcomeWords', () => {
  it('uses the facilitator message when there is one', () => {
    expect(outcomeWords({ status: 'denied', message: 'The group is full tonight.' })?.text).toBe(
      'The group is full tonight.',
    );
    expect(outcomeWords({ status: 'denied', message: null })?.text).toMatch(/could not let you in/);
    expect(outcomeWords({ status: 'removed', message: null })?.title).toMatch(/removed/);
    expect(outcomeWords({ status: 'waiting', message: null })).toBeNull();
    expect(outcomeWords({ status: 'admitted', message: null })).toBeNull();
  });
});

describe('telHref', () => {
  it('keeps only digits and a leading plus', () => {
    expect(telHref('116 123')).toBe('tel:116123');
    expect(telHref('+44 (0)800 123-456')).toBe('tel:+440800123456');
  });
});

describe('sessionHeading', () => {
  it('says the group once when the session is just called after it', () => {
    expect(sessionHeading('Riverside Tuesday Group', 'Riverside Tuesday Group')).toBe('Riverside Tuesday Group');
    expect(sessionHeading('Riverside Tuesday Group', 'riverside tuesday group ')).toBe('Riverside Tuesday Group');
  });

  it('adds the session’s own title when it says more', () => {
    expect(sessionHeading('Riverside Tuesday Group', 'Online check-in')).toBe(
      'Riverside Tuesday Group: Online check-in',
    );
  });
});
