/** Lengths of time in milliseconds, for arithmetic on instants (never for wall-clock days: use Temporal). */
export const MINUTE_MS = 60 * 1000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
