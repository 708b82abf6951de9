import type { Database } from '@peer-support/db/client';
import { parseCallRoom } from '@peer-support/domain/call-room';
import { entryIdOf } from '@peer-support/domain/waiting-room';
import type { WebhookEvent } from 'livekit-server-sdk';
import { liveRepository as repo } from '../repositories/live.ts';
import type { CallRoom } from './call-room.ts';

/**
 * What LiveKit's own account of a room means for us. Called once per verified, newly seen
 * webhook event: joins open an attendance row and are checked against the waiting room at once
 * (anyone not admitted right now is taken out), leaves close it, and a finished room closes its
 * rows (and, after the scheduled end, the session).
 */
export async function recordAttendance(db: Database, calls: CallRoom, event: WebhookEvent): Promise<void> {
  const roomName = event.room?.name;
  if (!roomName) return;
  const session = await repo.sessionByRoomBase(db, parseCallRoom(roomName).base);
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
