import { describe, expect, it } from 'vitest';
import { openPlaces, placesOf, statusOnGoing, validatePlacesChange } from './session-places.ts';

describe('session places', () => {
  it('uses the session’s own places, else the group capacity, else no limit', () => {
    expect(placesOf(5, 10)).toBe(5);
    expect(placesOf(null, 10)).toBe(10);
    expect(placesOf(null, null)).toBeNull();
  });

  it('counts open places, never below zero, and unlimited without a limit', () => {
    expect(openPlaces(5, 3)).toBe(2);
    expect(openPlaces(2, 3)).toBe(0);
    expect(openPlaces(null, 300)).toBe(Number.POSITIVE_INFINITY);
  });

  it('waitlists a new "going" only when every place is taken', () => {
    expect(statusOnGoing(2, 1)).toBe('going');
    expect(statusOnGoing(2, 2)).toBe('waitlisted');
    expect(statusOnGoing(null, 1000)).toBe('going');
  });

  it('allows places at or above the number going', () => {
    expect(validatePlacesChange(3, null, 3)).toEqual({ ok: true });
    expect(validatePlacesChange(10, 2, 3)).toEqual({ ok: true });
    expect(validatePlacesChange(null, null, 40)).toEqual({ ok: true });
    expect(validatePlacesChange(null, 8, 8)).toEqual({ ok: true });
  });

  it('refuses fewer places than people going, naming how many are going', () => {
    const own = validatePlacesChange(2, null, 3);
    expect(own).toMatchObject({ ok: false, code: 'places_below_going' });
    expect(own.ok || own.message).toContain('3 people are going');
    expect(own.ok || own.fields?.[0]?.field).toBe('places');
    const group = validatePlacesChange(null, 4, 6);
    expect(group).toMatchObject({ ok: false, code: 'places_below_going' });
    expect(group.ok || group.message).toContain("group's capacity of 4");
  });

  it('refuses places that are not a whole number of at least 1', () => {
    for (const bad of [0, -1, 2.5, Number.NaN]) {
      expect(validatePlacesChange(bad, null, 0)).toMatchObject({ ok: false, code: 'invalid_places' });
    }
  });
});
