import { type Refusal, refuse } from './refusal.ts';

/**
 * Places at one session. A session's places are its own number when it has one, else the
 * group's capacity, else no limit (`null`). Only people going use a place; people waiting
 * move up, longest-waiting first, whenever a place is free. Nobody already going is ever
 * bumped: a change that would leave fewer places than people going is refused instead.
 */

/** An answer to one session: going uses a place, waitlisted waits for one (the RSVP waiting list). */
export const RSVP_STATUSES = ['going', 'not_going', 'waitlisted'] as const;
export type RsvpStatus = (typeof RSVP_STATUSES)[number];

export type PlacesRefusalCode = 'invalid_places' | 'places_below_going';

/** The places a session has: its own, else the group's capacity; `null` means no limit. */
export function placesOf(own: number | null, groupCapacity: number | null): number | null {
  return own ?? groupCapacity;
}

/** How many people may move up from the waitlist now; Infinity when there is no limit. */
export function openPlaces(places: number | null, going: number): number {
  return places === null ? Number.POSITIVE_INFINITY : Math.max(0, places - going);
}

/** Where a person saying "going" lands when they have neither a place nor a spot in the queue. */
export function statusOnGoing(places: number | null, going: number): 'going' | 'waitlisted' {
  return openPlaces(places, going) > 0 ? 'going' : 'waitlisted';
}

/**
 * Whether a session may have `own` places (null: follow the group's capacity) with `going`
 * people going. The message names the numbers, so the admin knows what would fit.
 */
export function validatePlacesChange(
  own: number | null,
  groupCapacity: number | null,
  going: number,
): { ok: true } | Refusal<PlacesRefusalCode> {
  if (own !== null && (!Number.isSafeInteger(own) || own < 1)) {
    const message = 'Places must be a whole number of at least 1, or empty to follow the group capacity.';
    return refuse('invalid_places', message, [{ field: 'places', message }]);
  }
  const places = placesOf(own, groupCapacity);
  if (places !== null && places < going) {
    // places is at least 1 here, so two or more people are going: plural is safe.
    const message =
      own === null
        ? `${going} people are going to this session, more than the group's capacity of ${places}. Keep at least ${going} places for this session; nobody is taken off the list.`
        : `${going} people are going to this session, so it needs at least ${going} places. Set ${going} or more; nobody is taken off the list.`;
    return refuse('places_below_going', message, [{ field: 'places', message }]);
  }
  return { ok: true };
}
