import { randomUUID } from 'node:crypto';
import type { RsvpState } from '@peer-support/contracts/schedule';
import type { Database } from '@peer-support/db/client';
import { groups } from '@peer-support/db/schema';
import type { DateRange } from '@peer-support/domain/recurrence';
import { inArray } from 'drizzle-orm';
import { AppError } from '../errors.ts';
import type { Tx } from '../repositories/roster.ts';
import { type RsvpStatus, rsvpRepository as rsvps } from '../repositories/rsvps.ts';
import { scheduleRepository } from '../repositories/schedule.ts';
import type { scheduleService, TimelineEntry } from './schedule.ts';

type GroupInfo = { id: string; name: string; capacity: number | null };

const SESSION_GONE = () =>
  new AppError(404, 'not_found', 'That session was not found. Pick one from the group schedule.');

/**
 * Going / not going, with places and a waitlist. Places are the session's own `places`, else
 * the group's capacity, else unlimited. Every change runs in one transaction holding the
 * session row's lock, so two people cannot take the last place at once; whenever a place is
 * free, the longest-waiting person is promoted.
 */
export function rsvpService(db: Database, schedule: ReturnType<typeof scheduleService>) {
  async function occurrence(group: GroupInfo, seriesId: string, key: string): Promise<TimelineEntry> {
    const entry = await schedule.occurrence(group.id, key, seriesId);
    if (!entry || entry.seriesId !== seriesId) throw SESSION_GONE();
    return entry;
  }

  async function stateOf(
    d: Database | Tx,
    group: GroupInfo,
    entry: TimelineEntry,
    session: { id: string; places: number | null } | undefined,
    userId: string,
  ): Promise<RsvpState> {
    const places = session?.places ?? group.capacity;
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
      answer: 'going' | 'not_going',
      now: Date,
    ): Promise<RsvpState> {
      const entry = await occurrence(group, seriesId, key);
      if (entry.cancelled)
        throw new AppError(409, 'session_cancelled', 'That session is cancelled, so there is nothing to answer.');
      if (entry.start <= now)
        throw new AppError(409, 'session_started', 'That session has already started or taken place.');
      return db.transaction(async (tx) => {
        const sessionId = await scheduleRepository.upsertOccurrenceSession(tx, {
          groupId: group.id,
          seriesId,
          occurrenceKey: key,
          title: group.name,
          startsAt: entry.start,
          endsAt: entry.end,
          mode: entry.mode,
          cancelled: entry.cancelled,
          roomName: `session-${randomUUID()}`,
        });
        const session = await rsvps.lockSession(tx, sessionId);
        if (!session) throw SESSION_GONE();
        const places = session.places ?? group.capacity;
        const current = await rsvps.statusOf(tx, sessionId, userId);
        let { going } = await rsvps.counts(tx, sessionId);
        if (answer === 'going') {
          // Someone already going or waiting keeps their place in the queue.
          if (current !== 'going' && current !== 'waitlisted') {
            const status: RsvpStatus = places === null || going < places ? 'going' : 'waitlisted';
            await rsvps.save(tx, sessionId, userId, status);
          }
        } else {
          await rsvps.save(tx, sessionId, userId, 'not_going');
          if (current === 'going') going -= 1;
        }
        // Fill any free places from the waitlist, longest-waiting first.
        while (places === null || going < places) {
          const next = await rsvps.firstWaitlisted(tx, sessionId);
          if (!next) break;
          await rsvps.save(tx, sessionId, next, 'going');
          going += 1;
        }
        return stateOf(tx, group, entry, session, userId);
      });
    },

    /** The person's sessions in `range` across the groups they are an active member of, with their answers. */
    async mine(userId: string, groupIds: string[], range: DateRange) {
      if (groupIds.length === 0) return [];
      const [entries, names] = await Promise.all([
        schedule.timeline(groupIds, range),
        db.select({ id: groups.id, name: groups.name }).from(groups).where(inArray(groups.id, groupIds)),
      ]);
      const groupNames = new Map(names.map((g) => [g.id, g.name]));
      const sessionIds = entries.flatMap((e) => (e.sessionId ? [e.sessionId] : []));
      const statuses = await rsvps.statusesOf(db, userId, sessionIds);
      return entries.map((e) => {
        return {
          entry: e,
          group: { id: e.groupId, name: groupNames.get(e.groupId) ?? '' },
          rsvp: e.sessionId ? (statuses.get(e.sessionId) ?? null) : null,
        };
      });
    },
  };
}
