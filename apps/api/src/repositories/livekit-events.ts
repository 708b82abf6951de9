import type { Db } from '@peer-support/db/client';
import { livekitEvents } from '@peer-support/db/schema';

export interface LivekitEventRow {
  id: string;
  event: string;
  roomName: string | null;
  participantIdentity: string | null;
  occurredAt: Date;
  payload: unknown;
}

export const livekitEventsRepository = {
  /** Stores a webhook event; false when that event id is stored already (LiveKit retries deliveries). */
  async record(db: Db, row: LivekitEventRow): Promise<boolean> {
    const inserted = await db
      .insert(livekitEvents)
      .values(row)
      .onConflictDoNothing({ target: livekitEvents.id })
      .returning({ id: livekitEvents.id });
    return inserted.length > 0;
  },
};
