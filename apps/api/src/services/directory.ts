import type { DirectoryItem, SessionMode, Weekday } from '@peer-support/contracts/schedule';
import type { Database } from '@peer-support/db/client';
import { type DateRange, mergeTimelines, type TimelineOccurrence } from '@peer-support/domain/recurrence';
import { MAX_OCCURRENCES } from '@peer-support/domain/series';
import { DAY_MS } from '@peer-support/domain/time';
import { AppError } from '../errors.ts';
import { type DirectorySeriesRow, scheduleRepository as repo } from '../repositories/schedule.ts';
import { listingVersion } from './listing-version.ts';
import { checkRange, exceptionsBySeries, howToJoin } from './schedule.ts';

/** The directory looks at most about six months ahead in one request. */
export const DIRECTORY_MAX_RANGE_MS = 184 * DAY_MS;
/**
 * How long an expanded timeline may be served from memory at most. Any change to what it
 * shows drops it sooner, whoever made it (see listing-version.ts); this bound is for notices
 * lost on the way.
 */
export const DIRECTORY_CACHE_TTL_MS = 60_000;
/** Distinct (provider, window) pairs kept; each is one provider's or everyone's sessions for a few months. */
const CACHE_MAX_ENTRIES = 64;

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

type Match = { o: TimelineOccurrence; s: DirectorySeriesRow };
type Expansion = { matches: Match[]; truncated: boolean };
export type DirectoryPage = { items: DirectoryItem[]; total: number };
/** Answers kept per cached expansion: pages, filters and the exact run of sessions they cover. */
const PAGES_PER_EXPANSION = 256;

/** The index of the first match starting at or after `t` (matches are sorted by start). */
function firstFrom(matches: Match[], t: number): number {
  let lo = 0;
  let hi = matches.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((matches[mid] as Match).o.start.getTime() < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const floorDay = (d: Date) => new Date(Math.floor(d.getTime() / DAY_MS) * DAY_MS);
const ceilDay = (d: Date) => new Date(Math.ceil(d.getTime() / DAY_MS) * DAY_MS);

/**
 * Upcoming sessions across listed groups: one query for the listed groups' series (with their
 * group and provider), one for their exceptions, then each group's series merged in memory.
 * Invite-only groups never appear; cancelled occurrences stay in, flagged.
 *
 * Expanding every series is the expensive part, so the expansion is cached per provider
 * filter and window, the window widened to whole UTC days so that "from now" requests a
 * moment apart share an entry; each request then takes its exact range, topic, mode and
 * weekday out of it, which gives the same list as expanding just that range.
 */
export function directoryService(db: Database, publicUrl: string) {
  const cache = new Map<
    string,
    { expires: number; expansion: Promise<Expansion>; pages: Map<string, DirectoryPage> }
  >();
  let cacheVersion = listingVersion();

  async function expand(providerId: string | undefined, range: DateRange): Promise<Expansion> {
    const rows = await repo.listedSeries(db, providerId);
    const exceptions = exceptionsBySeries(
      await repo.exceptionsFor(
        db,
        rows.map((s) => s.id),
      ),
    );
    const byGroup = new Map<string, DirectorySeriesRow[]>();
    for (const s of rows) byGroup.set(s.groupId, [...(byGroup.get(s.groupId) ?? []), s]);
    const byId = new Map(rows.map((s) => [s.id, s]));
    const matches: Match[] = [];
    let truncated = false;
    for (const groupSeries of byGroup.values()) {
      const timeline = mergeTimelines(
        groupSeries.map((s) => ({ seriesId: s.id, input: s.input })),
        range,
        exceptions,
      );
      // At the domain's cap, a wider window could cut off sessions a narrower one keeps.
      if (timeline.length >= MAX_OCCURRENCES) truncated = true;
      for (const o of timeline) matches.push({ o, s: byId.get(o.seriesId) as DirectorySeriesRow });
    }
    matches.sort(
      (a, b) =>
        a.o.start.getTime() - b.o.start.getTime() ||
        (a.o.seriesId < b.o.seriesId ? -1 : a.o.seriesId > b.o.seriesId ? 1 : 0),
    );
    return { matches, truncated };
  }

  /**
   * Every listed session starting in `range`, sorted by start then series, from the cache when
   * it can be; with the cache's memo of answers over exactly those sessions, when there is one.
   */
  async function sessionsIn(
    providerId: string | undefined,
    range: DateRange,
  ): Promise<{ matches: Match[]; memo?: { pages: Map<string, DirectoryPage>; run: string } }> {
    const version = listingVersion();
    if (version !== cacheVersion) {
      cache.clear();
      cacheVersion = version;
    }
    const wide = { from: floorDay(range.from), to: ceilDay(range.to) };
    const key = `${providerId ?? '*'} ${wide.from.getTime()} ${wide.to.getTime()}`;
    const now = Date.now();
    let entry = cache.get(key);
    if (!entry || entry.expires <= now) {
      // A change committed while this reads raises the version, so the next request drops it.
      entry = { expires: now + DIRECTORY_CACHE_TTL_MS, expansion: expand(providerId, wide), pages: new Map() };
      cache.delete(key);
      cache.set(key, entry);
      if (cache.size > CACHE_MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
      const stored = entry;
      stored.expansion.catch(() => {
        if (cache.get(key) === stored) cache.delete(key);
      });
    }
    const { matches, truncated } = await entry.expansion;
    if (truncated) return { matches: (await expand(providerId, range)).matches };
    // "From now" moves on every request, but the sessions it covers change only as one starts.
    const first = firstFrom(matches, range.from.getTime());
    const end = firstFrom(matches, range.to.getTime());
    return { matches: matches.slice(first, end), memo: { pages: entry.pages, run: `${first} ${end}` } };
  }

  return {
    /**
     * One page of the directory. The same question over the same sessions gets the same
     * (frozen) answer object, so the route can keep its serialised form.
     */
    async search(filters: DirectoryFilters): Promise<DirectoryPage> {
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
      const { matches: inRange, memo } = await sessionsIn(filters.providerId, filters.range);
      const memoKey =
        memo && `${memo.run} ${topic} ${filters.mode} ${filters.weekday} ${filters.page} ${filters.pageSize}`;
      const known = memoKey === undefined ? undefined : memo?.pages.get(memoKey);
      if (known) return known;
      const weekday = weekdayIn();
      const matches = inRange.filter(
        ({ o, s }) =>
          (topic === undefined || s.group.topics.some((t) => t.toLowerCase() === topic)) &&
          (!filters.mode || o.mode === filters.mode) &&
          (!filters.weekday || weekday(o.start, s.input.timeZone) === filters.weekday),
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
      const answer = Object.freeze({ items, total: matches.length });
      if (memo && memoKey !== undefined) {
        memo.pages.set(memoKey, answer);
        if (memo.pages.size > PAGES_PER_EXPANSION) memo.pages.delete(memo.pages.keys().next().value as string);
      }
      return answer;
    },
  };
}
