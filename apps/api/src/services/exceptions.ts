import { randomUUID } from 'node:crypto';
import type { CreateException } from '@peer-support/contracts/schedule';
import type { Database } from '@peer-support/db/client';
import { type OccurrenceChange, planOccurrenceChange } from '@peer-support/domain/occurrence-change';
import type { OccurrenceException } from '@peer-support/domain/recurrence';
import { AppError } from '../errors.ts';
import type { Mailer } from '../mail/mailer.ts';
import { sessionChangedMessage } from '../mail/messages.ts';
import { type ExceptionRow, scheduleRepository as repo } from '../repositories/schedule.ts';
import { listingChanged } from './listing-version.ts';
import { howToJoin, seriesGone, when } from './schedule.ts';

type GroupInfo = { id: string; name: string };

/** The change as the domain reads it, from the request body. */
function changeFrom(body: CreateException): OccurrenceException {
  return {
    ...(body.cancelled ? { cancelled: true as const } : {}),
    ...(body.move?.start === undefined ? {} : { start: new Date(body.move.start) }),
    ...(body.move?.durationMinutes === undefined ? {} : { durationMinutes: body.move.durationMinutes }),
    ...(body.move?.mode === undefined ? {} : { mode: body.move.mode }),
    ...(body.move?.venue === undefined ? {} : { venue: body.move.venue }),
    reason: body.reason,
  };
}

/** Where a field the domain names sits in the request body: the key and reason at the top, the rest under `move`. */
const bodyField = (field: string) =>
  field === 'seriesStartKey'
    ? 'body.occurrenceKey'
    : ['cancelled', 'reason'].includes(field)
      ? `body.${field}`
      : `body.move.${field}`;

/** What the members are told (worded in mail/messages.ts), less each member's name. */
function changeNotice(group: GroupInfo, timeZone: string, plan: OccurrenceChange, publicUrl: string) {
  const { original, effective } = plan;
  const change = effective.cancelled
    ? { cancelled: true as const }
    : {
        cancelled: false as const,
        from: when(effective.start, timeZone),
        to: when(effective.end, timeZone),
        where: howToJoin(effective),
      };
  return {
    groupName: group.name,
    groupId: group.id,
    usual: when(original.start, timeZone),
    reason: plan.exception.reason ?? '',
    publicUrl,
    ...change,
  };
}

/** Changes to one occurrence of a series: cancelling it or moving it, and telling the members. */
export function exceptionsService(db: Database, mailer: Mailer, publicUrl: string) {
  /** The change and its session record, together, with the series held still while they are written. */
  async function save(group: GroupInfo, seriesId: string, key: string, plan: OccurrenceChange, userId: string | null) {
    const { exception, effective } = plan;
    return db.transaction(async (tx) => {
      const locked = await repo.findSeries(tx, group.id, seriesId, true);
      if (!locked) throw seriesGone();
      const saved = await repo.saveException(tx, {
        seriesId,
        occurrenceKey: key,
        cancelled: exception.cancelled === true,
        start: exception.start ?? null,
        durationMinutes: exception.durationMinutes ?? null,
        mode: exception.mode ?? null,
        venue: exception.venue ?? null,
        reason: exception.reason ?? '',
        createdBy: userId,
      });
      const sessionId = await repo.upsertOccurrenceSession(tx, {
        groupId: group.id,
        seriesId,
        occurrenceKey: key,
        title: group.name,
        startsAt: effective.start,
        endsAt: effective.end,
        mode: effective.mode,
        cancelled: effective.cancelled,
        roomName: `session-${randomUUID()}`,
      });
      return { exception: saved, sessionId };
    });
  }

  /** Emails every active member; the answer is how many were told. */
  async function tellMembers(group: GroupInfo, notice: ReturnType<typeof changeNotice>): Promise<number> {
    const contacts = await repo.activeMemberContacts(db, group.id);
    for (const contact of contacts) {
      await mailer.send({ to: contact.email, ...sessionChangedMessage({ name: contact.name, ...notice }) });
    }
    return contacts.length;
  }

  return {
    /**
     * Cancels or moves one occurrence, gives it a session record, and emails every active
     * member what changed and why. A session that has started can no longer be changed
     * (see `planOccurrenceChange`).
     */
    async add(
      group: GroupInfo,
      seriesId: string,
      body: CreateException,
      userId: string | null,
      now: Date,
    ): Promise<{ exception: ExceptionRow; sessionId: string; notified: number }> {
      const row = await repo.findSeries(db, group.id, seriesId);
      if (!row) throw seriesGone();
      const plan = planOccurrenceChange(row.input, body.occurrenceKey, changeFrom(body), now);
      if (!plan.ok) {
        throw new AppError(
          plan.code === 'session_started' ? 409 : 422,
          plan.code,
          plan.message,
          plan.fields?.map((f) => ({ field: bodyField(f.field), message: f.message })),
        );
      }
      const saved = await save(group, seriesId, body.occurrenceKey, plan, userId);
      listingChanged();
      const notified = await tellMembers(group, changeNotice(group, row.input.timeZone, plan, publicUrl));
      return { ...saved, notified };
    },
  };
}
