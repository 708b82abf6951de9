import { ApiError } from '@peer-support/contracts/errors';
import { DAY_MS } from '@peer-support/domain/time';
import type { TimelineEntry } from '../services/schedule.ts';

/** What the schedule routes (series, directory, my sessions, calendar feeds) have in common. */
export const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError, 422: ApiError };

/** What the public page (and a group's schedule asked for without an end) looks ahead. */
export const PUBLIC_WINDOW_MS = 90 * DAY_MS;
/** What the directory and "my sessions" look ahead by default. */
export const UPCOMING_WINDOW_MS = 8 * 7 * DAY_MS;

/** An occurrence as the schedule shows it; the public page adds how to take part. */
export const toScheduled = (o: TimelineEntry) => ({
  seriesId: o.seriesId,
  occurrenceKey: o.seriesStartKey,
  start: o.start.toISOString(),
  end: o.end.toISOString(),
  timeZone: o.timeZone,
  mode: o.mode,
  venue: o.venue ?? null,
  cancelled: o.cancelled,
  moved: o.moved,
  reason: o.reason ?? null,
  description: o.description,
  sessionId: o.sessionId,
});

/** `2026-10-01` is midnight UTC; anything else must carry its own offset. Unreadable text becomes NaN for validateRange. */
export const parseInstant = (text: string | undefined, fallback: Date) =>
  text === undefined ? fallback : new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
