import type { Entry, JoinInfo } from '@peer-support/contracts/live';
import { zoneName } from '@peer-support/domain/series-words';
import { readAs } from '@peer-support/domain/standing';
import type { LiveConnection } from '../live/live-reducer.ts';
import { localDay, localTime, timeRange } from '../schedule/schedule-words.ts';

export const DISPLAY_NAME_MAX = 60;

/** The API's rule for a display name (1–60 characters, not only spaces), said so a person can fix it; null when fine. */
export function checkDisplayName(raw: string): string | null {
  const name = raw.trim();
  if (name.length === 0) return 'Enter a name for the group to call you. A first name or a made-up name is fine.';
  if (name.length > DISPLAY_NAME_MAX) {
    return `That name is ${name.length} characters long; please keep it to ${DISPLAY_NAME_MAX} or fewer.`;
  }
  return null;
}

/** "Tuesday 3 March 2026, 18:30–20:00 (London time)" on the viewer's own clock. */
export function sessionWhen(startsAt: string, endsAt: string, timeZone: string): string {
  // Built from parts: ICU versions differ on the comma after the weekday.
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).formatToParts(new Date(startsAt));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const day = `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}`;
  return `${day}, ${timeRange(startsAt, endsAt, timeZone)} (${zoneName(timeZone)})`;
}

/** Why the session cannot be joined at all, whoever you are; null when it can. */
export function sessionClosedReason(session: JoinInfo['session']): string | null {
  if (session.cancelled) return 'This session has been cancelled.';
  if (session.ended) return 'This session has ended.';
  if (session.mode === 'in_person') return 'This session meets in person, so there is no video call to join.';
  return null;
}

/**
 * What someone early is told: when the doors open for them on their own clock (with the day
 * when it is not today), and what they can do meanwhile.
 */
export function earlyWords(opensAt: string, facilitator: boolean, timeZone: string, now: Date): string {
  const sameDay = localDay(opensAt, timeZone) === localDay(now.toISOString(), timeZone);
  const day = sameDay
    ? ''
    : `on ${new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'long', day: 'numeric', month: 'long' }).format(new Date(opensAt))} `;
  const when = `${day}at ${localTime(opensAt, timeZone)}`;
  return facilitator
    ? `You're early. You can open the room ${when}, an hour before the start. Until then you can check your camera and microphone.`
    : `You're early. The waiting room opens ${when}. You can read the ground rules and check your camera and microphone now, and join once it opens.`;
}

/** The waiting room's one-line status, with the person's place in the queue when the server gave it. */
export function waitingStatus(position: number | null): string {
  const base = "You're in the waiting room. A facilitator will let you in soon.";
  if (position === null || position < 1) return base;
  if (position === 1) return `${base} You're next.`;
  const ahead = position - 1;
  return `${base} ${ahead === 1 ? 'There is 1 person' : `There are ${ahead} people`} ahead of you.`;
}

/** Said to everyone waiting while a facilitator has locked the room (decision 0015). */
export const LOCKED_WORDS =
  'The facilitator has locked the room for now, so everyone new waits here. You keep your place, and a facilitator can still let you in.';

/** A session's heading: the group's name, and the session's own title when it says something more. */
export function sessionHeading(groupName: string, title: string): string {
  return readAs(title) === readAs(groupName) ? groupName : `${groupName}: ${title}`;
}

/** What the connection to the waiting room is doing, in words; null while all is well. */
export function connectionWords(connection: LiveConnection, ended: boolean): string | null {
  if (ended) return null;
  switch (connection) {
    case 'connecting':
      return 'Connecting to the waiting room…';
    case 'reconnecting':
      return 'Reconnecting… Your place is kept while we try again.';
    case 'closed':
      return 'Not connected. Reload the page to try again; your place is kept for a while.';
    case 'open':
      return null;
  }
}

/** What to tell someone whose entry is no longer waiting or admitted; null while it is. */
export function outcomeWords(entry: Pick<Entry, 'status' | 'message'>): { title: string; text: string } | null {
  switch (entry.status) {
    case 'denied':
      return {
        title: 'You were not let in this time',
        text:
          entry.message ?? 'A facilitator could not let you into this session. You can contact the group to ask why.',
      };
    case 'removed':
      return {
        title: 'You have been removed from this session',
        text: entry.message ?? 'A facilitator removed you from this session.',
      };
    case 'left':
      return { title: 'You left the waiting room', text: 'You can join again from the session link.' };
    default:
      return null;
  }
}

/** A `tel:` link that dials on a phone whatever spaces or brackets the number was written with. */
export const telHref = (phone: string) => `tel:${phone.replace(/[^+\d]/g, '')}`;
