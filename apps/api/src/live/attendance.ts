import type { Database } from '@peer-support/db/client';
import { entryIdOf } from '@peer-support/domain/waiting-room';
import type { WebhookEvent } from 'livekit-server-sdk';
import { liveRepository as repo } from '../repositories/live.ts';
import type { WaitingRoom } from './waiting-room.ts';

/**
 * Attendance from LiveKit's own account of who was in the room. Called once per verified,
 * newly seen webhook event: joins open a row, leaves close it, and the room finishing closes
 * the session (no more tokens) and any rows still open.
 */
export async function recordAttendance(db: Database, room: WaitingRoom, event: WebhookEvent): Promise<void> {
  const roomName = event.room?.name;
  if (!roomName) return;
  const session = await repo.sessionByRoom(db, roomName);
  if (!session) return;
  const at = new Date(Number(event.createdAt) * 1000);
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
        participantSid: participant.sid,
        identity: participant.identity,
        displayName: participant.name || participant.identity,
        at,
      });
      return;
    }
    case 'participant_left':
      if (participant) await repo.participantLeft(db, participant.sid, at);
      return;
    case 'room_finished':
      if (!session.endedAt) await room.closeSession(session.id, roomName, at);
      return;
  }
}
