import type { RsvpState, RsvpStatus } from '@peer-support/contracts/schedule';

/** Where the person stands for one session, said to them. */
export function answerWords(status: RsvpStatus | null): string {
  switch (status) {
    case 'going':
      return "You're going.";
    case 'waitlisted':
      return "You're on the waiting list. If a place comes free, it's yours and you'll be marked as going.";
    case 'not_going':
      return "You're not going.";
    case null:
      return "You haven't said yet whether you're going.";
  }
}

/** How full the session is, or null when it has no limit (then there is nothing worth saying). */
export function placesWords({
  places,
  going,
  waitlisted,
  status,
}: Pick<RsvpState, 'places' | 'going' | 'waitlisted' | 'status'>): string | null {
  if (places === null) return null;
  // The API gives how many wait, not in what order; with one waiting, that one is them.
  if (status === 'waitlisted') {
    return waitlisted <= 1 ? "You're first in line." : `${waitlisted} people are waiting, you included.`;
  }
  const left = places - going;
  if (left > 0) return `${left} of ${places} ${places === 1 ? 'place' : 'places'} left.`;
  const queue = waitlisted === 0 ? '' : ` ${waitlisted} on the waiting list.`;
  // Someone going has their place; anyone else should know what Going does now.
  const hint = status === 'going' ? '' : ' Saying Going puts you on the waiting list.';
  return `All places are taken.${queue}${hint}`;
}
