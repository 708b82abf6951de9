import type { Db } from '@peer-support/db/client';
import { groups, providers, series, sessions } from '@peer-support/db/schema';
import type { GroupVisibility } from '@peer-support/domain/roles';
import type { SessionMode } from '@peer-support/domain/series';
import { and, asc, eq, gte, inArray, or } from 'drizzle-orm';

export interface SessionRow {
  id: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  mode: SessionMode;
  roomName: string;
  /** Its series' zone; null for a one-off session. */
  timeZone: string | null;
  group: {
    id: string;
    providerId: string;
    name: string;
    description: string;
    capacity: number | null;
    visibility: GroupVisibility;
  };
  provider: { id: string; name: string };
}

const columns = {
  id: sessions.id,
  title: sessions.title,
  startsAt: sessions.startsAt,
  endsAt: sessions.endsAt,
  mode: sessions.mode,
  roomName: sessions.roomName,
  timeZone: series.timeZone,
  group: {
    id: groups.id,
    providerId: groups.providerId,
    name: groups.name,
    description: groups.description,
    capacity: groups.capacity,
    visibility: groups.visibility,
  },
  provider: { id: providers.id, name: providers.name },
};

export const sessionsRepository = {
  /**
   * Sessions that have not yet ended and are not cancelled, soonest first: of listed groups,
   * and of `unlistedGroupIds` (invite-only groups the caller has already cleared the viewer for).
   */
  async listCurrentAndUpcoming(
    db: Db,
    now: Date,
    limit: number,
    unlistedGroupIds: string[] = [],
  ): Promise<SessionRow[]> {
    const listed = eq(groups.visibility, 'listed');
    return db
      .select(columns)
      .from(sessions)
      .innerJoin(groups, eq(groups.id, sessions.groupId))
      .innerJoin(providers, eq(providers.id, groups.providerId))
      .leftJoin(series, eq(series.id, sessions.seriesId))
      .where(
        and(
          gte(sessions.endsAt, now),
          eq(sessions.cancelled, false),
          unlistedGroupIds.length === 0 ? listed : or(listed, inArray(groups.id, unlistedGroupIds)),
        ),
      )
      .orderBy(asc(sessions.startsAt))
      .limit(limit);
  },
};
