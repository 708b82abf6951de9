import { MONTH_PATTERN, type SessionMode } from '@peer-support/contracts/schedule';
import { zoneName } from '@peer-support/domain/series-words';

/** The zones UK groups (and their members abroad) ask for most; others can be added when needed. */
export const COMMON_TIME_ZONES = [
  'Europe/London',
  'Europe/Dublin',
  'Europe/Lisbon',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Madrid',
  'Europe/Athens',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Toronto',
  'Asia/Kolkata',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
  'UTC',
];

export const MODE_LABELS: Record<SessionMode, string> = {
  online: 'Online',
  in_person: 'In person',
  hybrid: 'Hybrid (in person or online)',
};

/**
 * What to say after a time shown on the group's clock: its zone's name when the viewer's own
 * clock is another zone, else nothing. Every page that shows a session's time asks this one
 * function, so a viewer abroad is told the zone wherever they look.
 */
export function zoneLabel(sessionZone: string, viewerZone: string): string | null {
  return sessionZone === viewerZone ? null : zoneName(sessionZone);
}

/** "2027-03" → "March 2027", as a month calendar is headed. */
export function monthName(month: string): string {
  return new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-15T12:00:00Z`),
  );
}

const MONTH = new RegExp(MONTH_PATTERN);
/** A ?month= value in the form the API takes (how far away is the API's to judge, in words). */
export const isMonth = (value: string | null): value is string => value !== null && MONTH.test(value);

/** The calendar day of an instant in a zone, as YYYY-MM-DD: a key to group sessions by. */
export function localDay(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(iso),
  );
}

/** 24-hour wall-clock time in a zone, as UK services write it. */
export function localTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    new Date(iso),
  );
}

/** "18:30–20:00" on the clock in `timeZone`. */
export function timeRange(start: string, end: string, timeZone: string): string {
  return `${localTime(start, timeZone)}–${localTime(end, timeZone)}`;
}

/** The zone this browser is set to: the viewer's own clock. */
export const viewerTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * The session on the viewer's clock when it reads differently from the group's, e.g.
 * "13:30–15:00 your time", with the day when it falls on another day there; else null.
 * Clocks are compared rather than zone names, so London and Dublin say nothing twice.
 */
export function yourTime(start: string, end: string, sessionZone: string, viewerZone: string): string | null {
  const times = timeRange(start, end, viewerZone);
  const sameDay = localDay(start, viewerZone) === localDay(start, sessionZone);
  if (sameDay && times === timeRange(start, end, sessionZone)) return null;
  const day = new Intl.DateTimeFormat('en-GB', {
    timeZone: viewerZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
  }).format(new Date(start));
  return `${sameDay ? '' : `${day}, `}${times} your time`;
}

export function longDay(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(iso));
}

/** The zone's offset from UTC in minutes at an instant. */
function offsetMinutes(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(new Date(instant));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'));
  return Math.round((asUtc - Math.floor(instant / 60_000) * 60_000) / 60_000);
}

/**
 * A wall-clock date and time in a zone as an ISO instant with its offset, for moving a session.
 * Two passes find the offset in force at that time (the second settles times near a clock change).
 */
export function zonedIso(date: string, time: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const clock = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match || !clock) return null;
  const wall = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(clock[1]), Number(clock[2]));
  let offset = offsetMinutes(wall, timeZone);
  offset = offsetMinutes(wall - offset * 60_000, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const pad = (v: number) => String(v).padStart(2, '0');
  return `${date}T${time}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
