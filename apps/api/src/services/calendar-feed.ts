import type { Database } from '@peer-support/db/client';
import { feedRange, toIcs } from '../calendar/ics.ts';
import { AppError } from '../errors.ts';
import { calendarFeedsRepository as repo } from '../repositories/calendar-feeds.ts';
import { readCalendarFeed, signCalendarFeed } from './calendar-feed-tokens.ts';
import type { scheduleService } from './schedule.ts';

const LINK_GONE = () =>
  new AppError(
    404,
    'not_found',
    'This calendar link is no longer valid. Sign in and open My sessions to get a new link, then subscribe to that one instead.',
  );

/**
 * A person's private calendar feed: every session of every group they are an active member
 * of. The link is the only credential (calendar apps cannot sign in), so it is signed
 * (see calendar-feed-tokens.ts) and can be replaced, which stops the old one working.
 */
export function calendarFeedService(
  db: Database,
  schedule: ReturnType<typeof scheduleService>,
  secret: string,
  publicUrl: string,
) {
  const urlFor = (userId: string, version: number) =>
    `${publicUrl}/api/calendar/${signCalendarFeed(secret, userId, version)}.ics`;

  return {
    /** The person's current link, made the first time it is asked for. */
    async url(userId: string): Promise<string> {
      return urlFor(userId, await repo.ensure(db, userId));
    },

    /** A new link; the old one stops working at once. */
    async reset(userId: string): Promise<string> {
      return urlFor(userId, await repo.raise(db, userId));
    },

    /**
     * The feed a link points at, as iCalendar text: the next 12 months (from a day back, so a
     * session today stays while it runs), cancelled sessions included and marked. Events carry
     * the same UIDs as the group feeds, so subscribing to both does not double anything up.
     */
    async ics(token: string, now: Date): Promise<string> {
      const check = readCalendarFeed(secret, token);
      if (!check.ok) throw LINK_GONE();
      const version = await repo.versionOf(db, check.userId);
      if (version !== check.version) throw LINK_GONE();
      const groups = await repo.activeGroupsOf(db, check.userId);
      const names = new Map(groups.map((g) => [g.id, g.name]));
      const entries = await schedule.timeline(
        groups.map((g) => g.id),
        feedRange(now),
      );
      return toIcs(
        {
          name: 'My peer support sessions',
          groupOf: (entry) => ({ name: names.get(entry.groupId) ?? '', url: `${publicUrl}/groups/${entry.groupId}` }),
          joinUrl: (sessionId) => `${publicUrl}/sessions/${sessionId}`,
        },
        entries,
        now,
      );
    },
  };
}
