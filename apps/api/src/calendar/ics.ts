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
export const icsFileName = (base: string) => `${slugify(base) || 'calendar'}.ics`;

/** The UID calendar clients keep an event under: the same for an occurrence through every edit. */
export const eventUid = (seriesId: string, occurrenceKey: string) => `${seriesId}-${occurrenceKey}@peer-support`;

/**
 * An iCalendar file of occurrences, each an explicit event (not an RRULE) in its series' named
 * zone with a VTIMEZONE: explicit times mean calendar clients cannot read a clock-change day
 * differently from us (see docs/decisions/0005-recurrence.md), and a moved or cancelled
 * occurrence is simply that event with a higher SEQUENCE.
 */
export function toIcs(info: CalendarInfo, entries: TimelineEntry[], now: Date): string {
  const calendar = new ICalCalendar({
    name: escapeText(clean(info.name)),
    prodId: { company: 'peer-support', product: 'schedule', language: 'EN' },
    timezone: { name: entries[0]?.timeZone ?? 'Europe/London', generator: getVtimezoneComponent },
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
    calendar.createEvent({
      id: eventUid(entry.seriesId, entry.seriesStartKey),
      sequence: entry.sequence,
      // ical-generator writes a Temporal instant as wall-clock time in the given zone, with TZID.
      start: Temporal.Instant.fromEpochMilliseconds(entry.start.getTime()),
      end: Temporal.Instant.fromEpochMilliseconds(entry.end.getTime()),
      timezone: entry.timeZone,
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
