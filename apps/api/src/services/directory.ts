import type { DirectoryItem, SessionMode, Weekday } from '@peer-support/contracts/schedule';
import type { Database } from '@peer-support/db/client';
import { type DateRange, mergeTimelines, type OccurrenceException } from '@peer-support/domain/recurrence';
import { AppError } from '../errors.ts';
import { type DirectorySeriesRow, scheduleRepository as repo } from '../repositories/schedule.ts';
import { checkRange, howToJoin } from './schedule.ts';

const DAY_MS = 24 * 3600 * 1000;
/** The directory looks at most about six months ahead in one request. */
export const DIRECTORY_MAX_RANGE_MS = 184 * DAY_MS;

export interface DirectoryFilters {
  range: DateRange;
  mode?: SessionMode;
  topic?: string;
  weekday?: Weekday;
  providerId?: string;
  page: number;
  pageSize: number;
}

const WEEKDAY_OF: Record<string, Weekday> = {
  Mon: 'MO',
  Tue: 'TU',
  Wed: 'WE',
  Thu: 'TH',
  Fri: 'FR',
  Sat: 'SA',
  Sun: 'SU',
};

/** The weekday of an instant on the wall clock of `timeZone`; formatters are cached per zone. */
function weekdayIn(): (date: Date, timeZone: string) => Weekday | undefined {
  const formatters = new Map<string, Intl.DateTimeFormat>();
  return (date, timeZone) => {
    let f = formatters.get(timeZone);
    if (!f) {
      f = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short' });
      formatters.set(timeZone, f);
    }
    return WEEKDAY_OF[f.format(date)];
  };
}

/**
 * Upcoming sessions across listed groups: one query for the listed groups' series (with their
 * group and provider), one for their exceptions, then each group's series merged in memory.
 * Invite-only groups never appear; cancelled occurrences stay in, flagged.
 */
export function directoryService(db: Database, publicUrl: string) {
  return {
    async search(filters: DirectoryFilters): Promise<{ items: DirectoryItem[]; total: number }> {
      checkRange(filters.range);
      if (filters.range.to.getTime() - filters.range.from.getTime() > DIRECTORY_MAX_RANGE_MS) {
        throw new AppError(
          400,
          'invalid_range',
          'The directory covers at most six months at a time; choose a shorter range.',
          [{ field: 'querystring.to', message: 'Choose an end within six months of the start.' }],
        );
      }
      const topic = filters.topic?.trim().toLowerCase();
      const rows = (await repo.listedSeries(db, filters.providerId)).filter(
        (s) => topic === undefined || s.group.topics.some((t) => t.toLowerCase() === topic),
      );
      const exceptionRows = await repo.exceptionsFor(
        db,
        rows.map((s) => s.id),
      );
      const exceptionsBySeries = new Map<string, Map<string, OccurrenceException>>();
      for (const e of exceptionRows) {
        const map = exceptionsBySeries.get(e.seriesId) ?? new Map<string, OccurrenceException>();
        map.set(e.occurrenceKey, e.exception);
        exceptionsBySeries.set(e.seriesId, map);
      }
      const byGroup = new Map<string, DirectorySeriesRow[]>();
      for (const s of rows) byGroup.set(s.groupId, [...(byGroup.get(s.groupId) ?? []), s]);
      const byId = new Map(rows.map((s) => [s.id, s]));

      const weekday = weekdayIn();
      const matches = [];
      for (const groupSeries of byGroup.values()) {
        const timeline = mergeTimelines(
          groupSeries.map((s) => ({ seriesId: s.id, input: s.input })),
          filters.range,
          exceptionsBySeries,
        );
        for (const o of timeline) {
          const s = byId.get(o.seriesId) as DirectorySeriesRow;
          if (filters.mode && o.mode !== filters.mode) continue;
          if (filters.weekday && weekday(o.start, s.input.timeZone) !== filters.weekday) continue;
          matches.push({ o, s });
        }
      }
      matches.sort(
        (a, b) =>
          a.o.start.getTime() - b.o.start.getTime() ||
          (a.o.seriesId < b.o.seriesId ? -1 : a.o.seriesId > b.o.seriesId ? 1 : 0),
      );
      const first = (filters.page - 1) * filters.pageSize;
      const items = matches.slice(first, first + filters.pageSize).map(({ o, s }) => ({
        start: o.start.toISOString(),
        end: o.end.toISOString(),
        timeZone: s.input.timeZone,
        mode: o.mode,
        venue: o.venue ?? null,
        howToJoin: howToJoin(o),
        group: s.group,
        provider: s.provider,
        seriesId: o.seriesId,
        occurrenceKey: o.seriesStartKey,
        cancelled: o.cancelled,
        icsUrl: `${publicUrl}/api/public/groups/${s.groupId}/sessions/${encodeURIComponent(o.seriesStartKey)}.ics?seriesId=${o.seriesId}`,
      }));
      return { items, total: matches.length };
    },
  };
}
