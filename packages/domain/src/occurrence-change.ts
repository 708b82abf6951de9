import { type Occurrence, type OccurrenceException, occurrenceOf, validateException } from './recurrence.ts';
import { type Refusal, refuse } from './refusal.ts';
import type { SeriesInput } from './series.ts';
import { DAY_MS } from './time.ts';

/** A session can move at most this far from its usual time; further is a different session. */
export const MAX_MOVE_MS = 366 * DAY_MS;

export type OccurrenceChange = {
  ok: true;
  /** The change as it is saved: its reason and venue trimmed the way a series' are. */
  exception: OccurrenceException;
  /** The session as the series has it, before the change. */
  original: Occurrence;
  /** The session as it is once changed. */
  effective: Occurrence;
};

export type OccurrenceChangeRefusal = Refusal<'invalid_exception' | 'session_started'>;

const NO_SUCH_SESSION = () => refuse('invalid_exception', 'This series has no session at that time.');

/**
 * What cancelling or moving one occurrence (`key`) of a series may do at `now`: the change
 * must be well formed (`validateException`), the session must not have started (it is history
 * then, with attendance on it), and a moved session must start in the future, within a year
 * of its usual time. Fields in a refusal are named as in `OccurrenceException`, plus
 * `seriesStartKey` for the key.
 */
export function planOccurrenceChange(
  series: SeriesInput,
  key: string,
  change: OccurrenceException,
  now: Date,
): OccurrenceChange | OccurrenceChangeRefusal {
  const check = validateException(series, key, change);
  if (!check.ok) return check;
  const original = occurrenceOf(series, key);
  if (!original) return NO_SUCH_SESSION();
  if (original.start <= now) {
    return refuse(
      'session_started',
      'That session has already started or taken place, so it can no longer be cancelled or moved.',
    );
  }
  if (change.start) {
    const moved = change.start.getTime();
    if (moved <= now.getTime() || Math.abs(moved - original.start.getTime()) > MAX_MOVE_MS) {
      return refuse('invalid_exception', 'Move the session to a time in the future, within a year of its usual date.', [
        { field: 'start', message: 'Choose a future time within a year of the usual date.' },
      ]);
    }
  }
  const exception: OccurrenceException = {
    ...change,
    ...(change.reason === undefined ? {} : { reason: change.reason.trim() }),
    ...(change.venue === undefined
      ? {}
      : { venue: { ...change.venue, name: change.venue.name.trim(), address: change.venue.address.trim() } }),
  };
  const effective = occurrenceOf(series, key, exception);
  if (!effective) return NO_SUCH_SESSION();
  return { ok: true, exception, original, effective };
}
