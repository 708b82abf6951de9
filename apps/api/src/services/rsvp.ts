import { randomUUID } from 'node:crypto';
import type { RsvpBody, RsvpState, SessionPlaces } from '@peer-support/contracts/schedule';
import type { Database, Transaction as Tx } from '@peer-support/db/client';
import type { DateRange } from '@peer-support/domain/recurrence';
import { openPlaces, placesOf, statusOnGoing, validatePlacesChange } from '@peer-support/domain/session-places';
import { AppError, refusal } from '../errors.ts';
import type { Mailer } from '../mail/mailer.ts';
import { rsvpPromotedMessage } from '../mail/messages.ts';
import { rsvpRepository as rsvps } from '../repositories/rsvps.ts';
import { scheduleRepository } from '../repositories/schedule.ts';
import { howToJoin, type scheduleService, type TimelineEntry, when } from './schedule.ts';

type GroupInfo = { id: string; name: string; capacity: number | null };

const SESSION_GONE = () =>
  new AppError(404, 'not_found', 'That session was not found. Pick one from the group schedule.');

/**
 * Going / not going, with places and a waitlist. Places are the session's own `places`, else
 * the group's capacity, else unlimited (see @peer-support/domain/session-places). Every change
 * runs in one transaction holding the session row's lock, so two people cannot take the last
 * place at once; whenever a place is free, the longest-waiting person is promoted, and told
 * by email once the change has committed.
 */
export function rsvpService(
  db: Database,
  schedule: ReturnType<typeof scheduleService>,
  mailer: Mailer,
  publicUrl: string,
) {
  async function occurrence(group: GroupInfo, seriesId: string, key: string): Promise<TimelineEntry> {
    const entry = await schedule.occurrence(group.id, key, seriesId);
    if (!entry || entry.seriesId !== seriesId) throw SESSION_GONE();
    return entry;
  }

  /** Refuses a session nobody can answer for or change any more. */
  function checkOpen(entry: TimelineEntry, now: Date, what: string) {
    if (entry.cancelled) throw new AppError(409, 'session_cancelled', `That session is cancelled, so ${what}.`);
    if (entry.start <= now)
      throw new AppError(409, 'session_started', 'That session has already started or taken place.');
  }

  /** The occurrence's session record, created on first use, and locked for the rest of the transaction. */
  async function lockedSession(tx: Tx, group: GroupInfo, entry: TimelineEntry) {
    const sessionId = await scheduleRepository.upsertOccurrenceSession(tx, {
      groupId: group.id,
      seriesId: entry.seriesId,
      occurrenceKey: entry.seriesStartKey,
      title: group.name,
      startsAt: entry.start,
      endsAt: entry.end,
      mode: entry.mode,
      cancelled: entry.cancelled,
      roomName: `session-${randomUUID()}`,
    });
    const session = await rsvps.lockSession(tx, sessionId);
    if (!session) throw SESSION_GONE();
    return session;
  }

  /** Fills free places from the waitlist, longest-waiting first; returns who moved up. */
  async function fillFromWaitlist(tx: Tx, sessionId: string, places: number | null, going: number) {
    const promoted: string[] = [];
    while (openPlaces(places, going + promoted.length) > 0) {
      const next = await rsvps.firstWaitlisted(tx, sessionId);
      if (!next) break;
      await rsvps.save(tx, sessionId, next, 'going');
      promoted.push(next);
    }
    return promoted;
  }

  /** Tells people who got a place from the waitlist. After commit, never inside the transaction. */
  async function notifyPromoted(group: GroupInfo, entry: TimelineEntry, userIds: string[]) {
    if (userIds.length === 0) return;
    const session = when(entry.start, entry.timeZone);
    for (const contact of await rsvps.contacts(db, group.id, userIds)) {
      await mailer.send({
        to: contact.email,
        ...rsvpPromotedMessage({
          name: contact.name,
          groupName: group.name,
          groupId: group.id,
          session,
          where: howToJoin(entry),
          publicUrl,
        }),
      });
    }
  }

  async function stateOf(
    d: Database | Tx,
    group: GroupInfo,
    entry: TimelineEntry,
    session: { id: string; places: number | null } | undefined,
    userId: string,
  ): Promise<RsvpState> {
    const places = placesOf(session?.places ?? null, group.capacity);
    const base = { seriesId: entry.seriesId, occurrenceKey: entry.seriesStartKey, places };
    if (!session) return { ...base, sessionId: null, status: null, going: 0, waitlisted: 0 };
    const [status, counts] = await Promise.all([rsvps.statusOf(d, session.id, userId), rsvps.counts(d, session.id)]);
    return { ...base, sessionId: session.id, status, ...counts };
  }

  return {
    async state(group: GroupInfo, seriesId: string, key: string, userId: string): Promise<RsvpState> {
      const entry = await occurrence(group, seriesId, key);
      return stateOf(db, group, entry, await rsvps.sessionOf(db, seriesId, key), userId);
    },

    async answer(
      group: GroupInfo,
      seriesId: string,
      key: string,
      userId: string,
      answer: RsvpBody['status'],
      now: Date,
    ): Promise<RsvpState> {
      const entry = await occurrence(group, seriesId, key);
      checkOpen(entry, now, 'there is nothing to answer');
      const { state, promoted } = await db.transaction(async (tx) => {
        const session = await lockedSession(tx, group, entry);
        const places = placesOf(session.places, group.capacity);
        const current = await rsvps.statusOf(tx, session.id, userId);
        let { going } = await rsvps.counts(tx, session.id);
        if (answer === 'going') {
          // Someone already going or waiting keeps their place in the queue.
          if (current !== 'going' && current !== 'waitlisted') {
            await rsvps.save(tx, session.id, userId, statusOnGoing(places, going));
          }
        } else {
          await rsvps.save(tx, session.id, userId, 'not_going');
          if (current === 'going') going -= 1;
        }
        const promoted = await fillFromWaitlist(tx, session.id, places, going);
        return { state: await stateOf(tx, group, entry, session, userId), promoted };
      });
      await notifyPromoted(group, entry, promoted);
      return state;
    },

    /**
     * Sets how many may come to one session (null: follow the group's capacity). Fewer places
     * than people already going is refused, never solved by bumping anyone; more places go to
     * the waitlist at once.
     */
    async setPlaces(
      group: GroupInfo,
      seriesId: string,
      key: string,
      own: number | null,
      now: Date,
    ): Promise<SessionPlaces> {
      const entry = await occurrence(group, seriesId, key);
      checkOpen(entry, now, 'its places no longer matter');
      const { result, promoted } = await db.transaction(async (tx) => {
        const session = await lockedSession(tx, group, entry);
        const { going } = await rsvps.counts(tx, session.id);
        const check = validatePlacesChange(own, group.capacity, going);
        if (!check.ok) throw refusal(check.code === 'invalid_places' ? 422 : 409, check);
        await rsvps.setPlaces(tx, session.id, own);
        const places = placesOf(own, group.capacity);
        const promoted = await fillFromWaitlist(tx, session.id, places, going);
        const counts = await rsvps.counts(tx, session.id);
        const result: SessionPlaces = {
          seriesId,
          occurrenceKey: entry.seriesStartKey,
          sessionId: session.id,
          places,
          fromGroup: own === null,
          ...counts,
          promoted: promoted.length,
        };
        return { result, promoted };
      });
      await notifyPromoted(group, entry, promoted);
      return result;
    },

    /** The person's sessions in `range` across the groups they are an active member of, with their answers. */
    async mine(userId: string, groupIds: string[], range: DateRange) {
      if (groupIds.length === 0) return [];
      const [entries, names] = await Promise.all([
        schedule.stillOnOrStarting(groupIds, range),
        rsvps.groupNames(db, groupIds),
      ]);
      const sessionIds = entries.flatMap((e) => (e.sessionId ? [e.sessionId] : []));
      const statuses = await rsvps.statusesOf(db, userId, sessionIds);
      return entries.map((e) => {
        return {
          entry: e,
          group: { id: e.groupId, name: names.get(e.groupId) ?? '' },
          rsvp: e.sessionId ? (statuses.get(e.sessionId) ?? null) : null,
        };
      });
    },
  };
}
