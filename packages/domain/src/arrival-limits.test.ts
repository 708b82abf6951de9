import { describe, expect, it } from 'vitest';
import {
  ARRIVALS_WINDOW_MS,
  GUEST_ARRIVALS_PER_CLIENT,
  GUEST_PLACES_PER_CLIENT,
  guestArrivalCheck,
} from './arrival-limits.ts';

const now = new Date('2026-12-01T19:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const facts = (over: Partial<Parameters<typeof guestArrivalCheck>[0]> = {}) => ({
  openGuests: 0,
  guestLimit: 30,
  openFromClient: 0,
  recentArrivalsFromClient: [],
  ...over,
});

describe('guestArrivalCheck', () => {
  it('lets a guest in while there is room', () => {
    expect(guestArrivalCheck(facts({ openGuests: 29, openFromClient: 9 }), now)).toEqual({ ok: true });
  });

  it('holds one client to its share of places, and says when to try again', () => {
    const refused = guestArrivalCheck(facts({ openFromClient: GUEST_PLACES_PER_CLIENT }), now);
    expect(refused).toMatchObject({ ok: false, code: 'too_many_entries', retryAfterSeconds: 60 });
  });

  it('counts arrivals in the window, so leaving and coming back does not get round it', () => {
    const arrivals = Array.from({ length: GUEST_ARRIVALS_PER_CLIENT }, (_, i) => ago(ARRIVALS_WINDOW_MS - 60_000 - i));
    arrivals.sort((a, b) => a.getTime() - b.getTime());
    const refused = guestArrivalCheck(facts({ recentArrivalsFromClient: arrivals }), now);
    expect(refused).toMatchObject({ ok: false, code: 'too_many_entries' });
    // Until the oldest falls out of the window: about a minute from now.
    expect(refused.ok === false && refused.retryAfterSeconds).toBeGreaterThan(55);
    expect(refused.ok === false && refused.retryAfterSeconds).toBeLessThanOrEqual(61);
    const older = arrivals.map((a) => new Date(a.getTime() - 120_000));
    expect(guestArrivalCheck(facts({ recentArrivalsFromClient: older }), now)).toEqual({ ok: true });
  });

  it('keeps to the group’s guest limit', () => {
    expect(guestArrivalCheck(facts({ openGuests: 6, guestLimit: 6 }), now)).toMatchObject({
      ok: false,
      code: 'guest_places_full',
    });
  });
});
