import { DAY_MS } from '@peer-support/domain/time';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import { ICalCalendar, ICalEventStatus } from 'ical-generator';
import { Temporal } from 'temporal-polyfill';
import type { TimelineEntry } from '../services/schedule.ts';
import { howToJoin } from '../services/schedule.ts';
import { slugify } from '../slug.ts';

export interface CalendarInfo {
  /** Shown as the calendar's name in subscribing clients. */
  name: string;
  /** The group an event belongs to: its name (the event's title) and its page (linked from the event). */
  groupOf: (entry: TimelineEntry) => { name: string; url: string };
  /** The session link (name, rules, device check, waiting room) for a session record. */
  joinUrl: (sessionId: string) => string;
}

/**
 * RFC 5545 TEXT holds no control character but tab (a line break is written as `\n`), so any
 * other one goes, and so does a lone surrogate (it has no UTF-8 form). The API refuses both
 * in new text; this covers anything stored before that rule, or by a path that skipped it.
 */
const clean = (text: string) =>
  text
    .replace(/\r\n?/g, '\n')
    .replace(/[^\P{Cc}\t\n]/gu, '')
    .replace(/\p{Cs}/gu, '');

/**
 * ical-generator escapes event text itself but writes the calendar's NAME and X-WR-CALNAME
 * exactly as given, so a name with a line break in it would become properties of its own.
 */
const escapeText = (text: string) => text.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\n/g, '\\n');

/** A file name for Content-Disposition: lower-case letters, digits and hyphens, nothing a header could be split by. */
/**
 * What a subscription feed covers: from a day back, so a session on today is still in the
 * feed while it runs, to a year ahead.
 */
export const feedRange = (now: Date) => ({
  from: new Date(now.getTime() - DAY_MS),
  to: new Date(now.getTime() + 365 * DAY_MS),
});

export const icsFileName = (base: string) => `${slugify(base) || 'calendar'}.ics`;

/**
 * Whether this instant's local time in `timeZone` also names another instant: in the autumn
 * fold the clock shows, say, 01:30 twice. RFC 5545 reads such a TZID time as the first, ical.js
 * (Thunderbird) as the second, and neither can say the second, so these are written in UTC.
 */
export function localTimeIsAmbiguous(at: Date, timeZone: string): boolean {
  const local = Temporal.Instant.fromEpochMilliseconds(at.getTime()).toZonedDateTimeISO(timeZone).toPlainDateTime();
  const earlier = local.toZonedDateTime(timeZone, { disambiguation: 'earlier' }).epochMilliseconds;
  const later = local.toZonedDateTime(timeZone, { disambiguation: 'later' }).epochMilliseconds;
  return earlier !== later;
}

/**
 * An iCalendar file of occurrences, each an explicit event (not an RRULE) in its series' named
 * zone with a VTIMEZONE: explicit times mean calendar clients cannot read a clock-change day
 * differently from us (see docs/decisions/0005-recurrence.md), and a moved or cancelled
 * occurrence is simply that event with a higher SEQUENCE. An event whose start or end falls in
 * an autumn fold is written in UTC instead, the one form every client reads as we mean it.
 */
export function toIcs(info: CalendarInfo, entries: TimelineEntry[], now: Date): string {
  const zone = entries[0]?.timeZone ?? 'Europe/London';
  const calendar = new ICalCalendar({
    name: escapeText(clean(info.name)),
    prodId: { company: 'peer-support', product: 'schedule', language: 'EN' },
    // No calendar-wide zone: ical-generator would write DTSTAMP in it, where RFC 5545 wants UTC.
    // The generator still writes a VTIMEZONE for each zone the events use.
    timezone: { name: null, generator: getVtimezoneComponent },
    // Clients that show a whole calendar in one zone (Google) take this one.
    x: [['X-WR-TIMEZONE', zone]],
  });
  for (const entry of entries) {
    const group = info.groupOf(entry);
    const where = howToJoin(entry);
    const groupName = clean(group.name);
    const lines = [entry.description];
    if (entry.moved || entry.cancelled)
      lines.push(entry.cancelled ? 'This session is cancelled.' : 'This session has been moved or changed.');
    if (entry.reason) lines.push(`Why: ${entry.reason}`);
    if (entry.venue?.accessNotes) lines.push(`Access: ${entry.venue.accessNotes}`);
    // Sessions get their record (and so their link) a couple of weeks ahead; a subscribed
    // calendar picks the link up on a later refresh.
    const join =
      entry.mode !== 'in_person' && !entry.cancelled && entry.sessionId ? info.joinUrl(entry.sessionId) : null;
    if (join) lines.push(`Join online: ${join}`);
    lines.push(group.url);
    const inUtc = localTimeIsAmbiguous(entry.start, entry.timeZone) || localTimeIsAmbiguous(entry.end, entry.timeZone);
    calendar.createEvent({
      id: entry.uid,
      sequence: entry.sequence,
      // ical-generator writes a Temporal instant as wall-clock time in the given zone, with
      // TZID, and a Date with no zone as UTC.
      start: inUtc ? entry.start : Temporal.Instant.fromEpochMilliseconds(entry.start.getTime()),
      end: inUtc ? entry.end : Temporal.Instant.fromEpochMilliseconds(entry.end.getTime()),
      timezone: inUtc ? null : entry.timeZone,
      stamp: now,
      summary: entry.cancelled ? `Cancelled: ${groupName}` : groupName,
      description: clean(lines.join('\n')),
      location: entry.mode === 'online' ? 'Online' : clean(where),
      url: group.url,
      status: entry.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
