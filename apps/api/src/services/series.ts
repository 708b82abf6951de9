import type { UpdateSeries } from '@peer-support/contracts/schedule';
import type { Database, Transaction as Tx } from '@peer-support/db/client';
import {
  isOccurrenceOf,
  nextOccurrences,
  type OccurrenceException,
  occurrenceOf,
  toRRule,
} from '@peer-support/domain/recurrence';
import type { Series, SeriesInput } from '@peer-support/domain/series';
import { keyDate, planSeriesEdit, startedOccurrences } from '@peer-support/domain/series-parts';
import { describeSeries } from '@peer-support/domain/series-words';
import { AppError, refusal } from '../errors.ts';
import { scheduleRepository as repo, type SeriesRow } from '../repositories/schedule.ts';
import { listingChanged } from './listing-version.ts';
import { checkSeries, seriesGone } from './schedule.ts';

/**
 * After an in-place edit: the series' records that have not started follow the new fields;
 * those it no longer produces are cancelled, not deleted.
 */
async function retimeRecords(
  tx: Tx,
  seriesId: string,
  series: Series,
  exceptions: Map<string, OccurrenceException>,
  now: Date,
): Promise<void> {
  const upcoming = await repo.sessionsOfSeries(tx, [seriesId], now);
  const gone: string[] = [];
  for (const session of upcoming) {
    const occurrence = isOccurrenceOf(series, session.occurrenceKey)
      ? occurrenceOf(series, session.occurrenceKey, exceptions.get(session.occurrenceKey))
      : undefined;
    if (!occurrence) {
      gone.push(session.id);
      continue;
    }
    await repo.updateSession(tx, session.id, {
      startsAt: occurrence.start,
      endsAt: occurrence.end,
      mode: occurrence.mode,
      cancelled: occurrence.cancelled,
    });
  }
  await repo.cancelSessions(tx, gone);
}

/** The series as the API shows it: its rule in words, as RRULE text, and the next few dates. */
function seriesView(row: SeriesRow, now: Date) {
  const { notes } = checkSeries(row.input);
  return {
    id: row.id,
    groupId: row.groupId,
    ...row.input,
    venue: row.input.venue ?? null,
    sequence: row.sequence,
    met: startedOccurrences(row.input, now).length,
    follows: row.follows,
    description: describeSeries(row.input),
    rrule: toRRule(row.input),
    notes,
    nextStarts: nextOccurrences(row.input, now, 5).map((o) => o.start.toISOString()),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * A group's series: adding, reading, changing from a date forward, deleting. Each change is
 * one transaction, and raises the schedule version after it commits.
 */
export function seriesService(db: Database) {
  return {
    /** One series of the group as the API shows it. */
    async series(groupId: string, seriesId: string, now: Date) {
      const row = await repo.findSeries(db, groupId, seriesId);
      if (!row) throw new AppError(404, 'not_found', 'That series was not found. Reload the schedule.');
      return seriesView(row, now);
    },

    /** Every series of the group, as the API shows each. */
    async seriesOf(groupId: string, now: Date) {
      const rows = await repo.listSeries(db, [groupId]);
      return rows.map((row) => seriesView(row, now));
    },

    /** Adds a series; the answer is the series as saved. */
    async create(groupId: string, input: SeriesInput, now: Date) {
      const id = await repo.createSeries(db, groupId, checkSeries(input).series);
      listingChanged();
      return this.series(groupId, id, now);
    },

    /**
     * Changes a series from a date forward (see `planSeriesEdit`) and raises its SEQUENCE.
     * In place when nothing that has started would change; otherwise split, the new part
     * taking over the later session records (their RSVPs and links) and exceptions date by
     * date. Records the new fields no longer produce are cancelled, not deleted, so anything
     * attached to them survives. The answer is the series that now holds the future.
     */
    async update(groupId: string, seriesId: string, patch: UpdateSeries, now: Date) {
      const id = await db.transaction(async (tx) => {
        const row = await repo.findSeries(tx, groupId, seriesId, true);
        if (!row) throw seriesGone();
        if (await repo.hasLaterPart(tx, seriesId)) {
          // Changing it (its end, say) would have two parts meet on the same days.
          throw new AppError(
            409,
            'series_carried_on',
            'This part of the series ended where a later change began; change the part that carries it on instead.',
          );
        }
        const { venue, effectiveFrom, ...fields } = patch;
        if (Object.keys(fields).length === 0 && venue === undefined) {
          throw new AppError(
            422,
            'nothing_to_change',
            'Say what changes from that day: the time, length, days, mode or place.',
          );
        }
        const merged: SeriesInput = { ...row.input, ...fields };
        if (venue === null) delete merged.venue;
        else if (venue !== undefined) merged.venue = venue;
        const { series } = checkSeries(merged);
        const exceptionRows = await repo.exceptionsFor(tx, [seriesId]);
        const exceptions = new Map(exceptionRows.map((e) => [e.occurrenceKey, e.exception]));
        const plan = planSeriesEdit({ before: row.input, after: series, now, exceptions, effectiveFrom });
        if (!plan.ok) throw refusal(plan.code === 'series_over' ? 409 : 422, plan);

        if (plan.kind === 'in_place') {
          await repo.updateSeries(tx, seriesId, series, row.sequence + 1);
          await retimeRecords(tx, seriesId, series, exceptions, now);
          return seriesId;
        }
        const earlier = checkSeries(plan.earlier).series;
        const later = checkSeries(plan.later).series;
        await repo.updateSeries(tx, seriesId, earlier, row.sequence);
        const laterId = await repo.createSeries(tx, groupId, later, { follows: seriesId, sequence: row.sequence + 1 });
        // Date by date, what was planned for a day goes with the part that now meets on it.
        const keyOn = (date: string) => `${date}T${later.startTime}[${later.timeZone}]`;
        const carried = new Map<string, OccurrenceException>();
        for (const e of exceptionRows) {
          const date = keyDate(e.occurrenceKey);
          if (date < plan.from || !isOccurrenceOf(later, keyOn(date))) continue;
          await repo.moveException(tx, e.id, laterId, keyOn(date));
          carried.set(keyOn(date), e.exception);
        }
        const records = (await repo.sessionsOfSeries(tx, [seriesId])).filter(
          (r) => keyDate(r.occurrenceKey) >= plan.from,
        );
        const gone: string[] = [];
        for (const record of records) {
          const key = keyOn(keyDate(record.occurrenceKey));
          const occurrence = isOccurrenceOf(later, key) ? occurrenceOf(later, key, carried.get(key)) : undefined;
          if (!occurrence) {
            gone.push(record.id);
            continue;
          }
          await repo.moveSession(tx, record.id, {
            seriesId: laterId,
            occurrenceKey: key,
            startsAt: occurrence.start,
            endsAt: occurrence.end,
            mode: occurrence.mode,
            cancelled: occurrence.cancelled,
          });
        }
        await repo.cancelSessions(tx, gone);
        return laterId;
      });
      listingChanged();
      return this.series(groupId, id, now);
    },

    /**
     * Deletes a series that has not met yet (its records are cancelled). One that has met is
     * history, with attendance on it: it is ended from a date instead, so it is refused here.
     */
    async remove(groupId: string, seriesId: string, now: Date): Promise<void> {
      await db.transaction(async (tx) => {
        const row = await repo.findSeries(tx, groupId, seriesId, true);
        if (!row) throw seriesGone();
        const exceptions = new Map(
          (await repo.exceptionsFor(tx, [seriesId])).map((e) => [e.occurrenceKey, e.exception]),
        );
        const met = startedOccurrences(row.input, now, exceptions).length > 0;
        if (met || (await repo.hasLaterPart(tx, seriesId))) {
          throw new AppError(
            409,
            'series_has_met',
            'This series has already met, so deleting it would take those sessions out of the schedule and attendance. End it instead: give it an end date, and its past stays as it was.',
          );
        }
        const upcoming = await repo.sessionsOfSeries(tx, [seriesId], now);
        await repo.cancelSessions(
          tx,
          upcoming.map((s) => s.id),
        );
        await repo.deleteSeries(tx, seriesId);
      });
      listingChanged();
    },
  };
}
