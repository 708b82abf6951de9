import { describe, expect, it } from 'vitest';
import { answerWords, placesWords } from './rsvp-words.ts';

describe('answerWords', () => {
  it('says each answer plainly', () => {
    expect(answerWords('going')).toBe("You're going.");
    expect(answerWords('waitlisted')).toMatch(/^You're on the waiting list\./);
    expect(answerWords('not_going')).toBe("You're not going.");
    expect(answerWords(null)).toBe("You haven't said yet whether you're going.");
  });
});

describe('placesWords', () => {
  it('says nothing about a session without a limit', () => {
    expect(placesWords({ places: null, going: 40, waitlisted: 0, status: null })).toBeNull();
  });

  it('counts the places left, in the singular too', () => {
    expect(placesWords({ places: 10, going: 7, waitlisted: 0, status: 'going' })).toBe('3 of 10 places left.');
    expect(placesWords({ places: 1, going: 0, waitlisted: 0, status: null })).toBe('1 of 1 place left.');
    // A place taken beyond the limit (the limit was lowered) is still "all taken", never "-1 left".
    expect(placesWords({ places: 2, going: 3, waitlisted: 0, status: 'going' })).toBe('All places are taken.');
  });

  it('tells someone who has not said yes that Going now means the waiting list', () => {
    expect(placesWords({ places: 2, going: 2, waitlisted: 0, status: null })).toBe(
      'All places are taken. Saying Going puts you on the waiting list.',
    );
    expect(placesWords({ places: 2, going: 2, waitlisted: 3, status: 'not_going' })).toBe(
      'All places are taken. 3 on the waiting list. Saying Going puts you on the waiting list.',
    );
  });

  it('tells someone waiting where they stand, as far as the counts can', () => {
    expect(placesWords({ places: 2, going: 2, waitlisted: 1, status: 'waitlisted' })).toBe("You're first in line.");
    expect(placesWords({ places: 2, going: 2, waitlisted: 3, status: 'waitlisted' })).toBe(
      '3 people are waiting, you included.',
    );
  });
});
