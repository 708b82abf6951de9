import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import { ICalCalendar, ICalEventStatus } from 'ical-generator';
import { Temporal } from 'temporal-polyfill';
import type { TimelineEntry } from '../services/schedule.ts';
import { howToJoin } from '../services/schedule.ts';

export interface CalendarInfo {
  /** Shown as the calendar's name in subscribing clients. */
  name: string;
  /** The group an event belongs to: its name (the event's title) and its page (linked from the event). */
  groupOf: (entry: TimelineEntry) => { name: string; url: string };
  /** The session link (name, rules, device check, waiting room) for a session record. */
  joinUrl: (sessionId: string) => string;
}

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
    name: info.name,
    prodId: { company: 'peer-support', product: 'schedule', language: 'EN' },
    timezone: { name: entries[0]?.timeZone ?? 'Europe/London', generator: getVtimezoneComponent },
  });
  for (const entry of entries) {
    const group = info.groupOf(entry);
    const where = howToJoin(entry);
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
      summary: entry.cancelled ? `Cancelled: ${group.name}` : group.name,
      description: lines.join('\n'),
      location: entry.mode === 'online' ? 'Online' : where,
      url: group.url,
      status: entry.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
