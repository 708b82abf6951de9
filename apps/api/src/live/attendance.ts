import type { Attendance } from '@peer-support/contracts/live';
import type { Database } from '@peer-support/db/client';
import { attendedMinutes, isStaleWebhook } from '@peer-support/domain/attendance';
import { parseCallRoom } from '@peer-support/domain/call-room';
import { entryIdOf } from '@peer-support/domain/waiting-room';
import type { FastifyBaseLogger } from 'fastify';
import type { WebhookEvent, WebhookReceiver } from 'livekit-server-sdk';
import { AppError } from '../errors.ts';
import { type LiveSession, liveRepository as repo } from '../repositories/live.ts';
import { livekitEventsRepository } from '../repositories/livekit-events.ts';
import type { CallRoom } from './call-room.ts';

export interface AttendanceDeps {
  db: Database;
  webhooks: Pick<WebhookReceiver, 'receive'>;
  calls: CallRoom;
}

/**
 * Who was at a session: in the call, from LiveKit's signed webhooks, and in the room, from
 * the host's check-ins. The caller has made sure the actor hosts the session.
 */
export function attendanceService({ db, webhooks, calls }: AttendanceDeps) {
  /**
   * What LiveKit's own account of a room means for us. Called once per verified, newly seen
   * webhook event: joins open an attendance row and are checked against the waiting room at
   * once (anyone not admitted right now is taken out), leaves close it, and a finished room
   * closes its rows (and, after the scheduled end, the session).
   */
  async function recordAttendance(event: WebhookEvent, at: Date): Promise<void> {
    const roomName = event.room?.name;
    if (!roomName) return;
    const session = await repo.sessionByRoomBase(db, parseCallRoom(roomName).base);
    if (!session) return;
    const participant = event.participant;

    switch (event.event) {
      case 'participant_joined': {
        if (!participant) return;
        // Tie the row to the entry only if the identity names one of this session's entries.
        const id = entryIdOf(participant.identity);
        const entry = id ? await repo.entry(db, id) : undefined;
        await repo.participantJoined(db, {
          sessionId: session.id,
          entryId: entry?.sessionId === session.id ? entry.id : null,
          roomName,
          participantSid: participant.sid,
          identity: participant.identity,
          displayName: participant.name || participant.identity,
          at,
        });
        await calls.joined(roomName, participant.identity);
        return;
      }
      case 'participant_left':
        if (participant) await repo.participantLeft(db, participant.sid, at);
        return;
      case 'room_finished':
        await calls.roomFinished(roomName, at);
        return;
    }
  }

  return {
    /**
     * A LiveKit webhook as it arrived: verified byte for byte against its signature, refused
     * when stale, stored once by event id and acted on only the first time. A repeat delivery
     * is acknowledged all the same, so LiveKit stops retrying.
     */
    async receiveWebhook(
      body: string,
      authorization: string | undefined,
      now: Date,
      log: Pick<FastifyBaseLogger, 'warn'>,
    ): Promise<void> {
      let event: WebhookEvent;
      try {
        event = await webhooks.receive(body, authorization);
      } catch (error) {
        log.warn({ err: error }, 'refused a LiveKit webhook that failed verification');
        throw new AppError(
          401,
          'invalid_webhook_signature',
          'The webhook signature did not verify; nothing was recorded.',
        );
      }
      const occurredAt = new Date(Number(event.createdAt) * 1000);
      if (isStaleWebhook(occurredAt, now)) {
        log.warn({ id: event.id, event: event.event }, 'refused a stale LiveKit webhook');
        throw new AppError(
          409,
          'stale_webhook',
          'That webhook is too old to be a fresh delivery; nothing was recorded.',
        );
      }
      const isNew = await livekitEventsRepository.record(db, {
        id: event.id,
        event: event.event,
        roomName: event.room?.name ?? null,
        participantIdentity: event.participant?.identity ?? null,
        occurredAt,
        payload: JSON.parse(body) as unknown,
      });
      if (isNew) await recordAttendance(event, occurredAt);
    },

    async report(session: LiveSession, now: Date): Promise<Attendance> {
      const [online, inPerson] = await Promise.all([
        repo.attendance(db, session.id),
        session.mode === 'online' ? Promise.resolve([]) : repo.checkins(db, session.id, session.group.id),
      ]);
      return {
        sessionId: session.id,
        mode: session.mode,
        ended: session.endedAt !== null,
        online: online.map((r) => ({
          displayName: r.displayName,
          kind: r.kind,
          joinedAt: r.joinedAt.toISOString(),
          leftAt: r.leftAt?.toISOString() ?? null,
          minutes: attendedMinutes(r, session.endedAt, now),
        })),
        inPerson: inPerson.map((r) => ({
          membershipId: r.membershipId,
          displayName: r.displayName,
          checkedInAt: r.checkedInAt?.toISOString() ?? null,
        })),
      };
    },

    /** Ticks a member of the group's active roster off as present at an in-person session, or not. */
    async setCheckin(session: LiveSession, membershipId: string, present: boolean, by: string): Promise<void> {
      if (session.mode === 'online')
        throw new AppError(409, 'not_in_person', 'This session is online only; attendance comes from the call.');
      if (!(await repo.isActiveMember(db, session.group.id, membershipId)))
        throw new AppError(404, 'not_found', 'That person is not on this group’s active roster.');
      await repo.setCheckin(db, session.id, membershipId, present, by);
    },
  };
}

export type AttendanceService = ReturnType<typeof attendanceService>;
