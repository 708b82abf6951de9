import { randomUUID } from 'node:crypto';
import postgres from 'postgres';

/**
 * An online session of `groupId` starting in five minutes, written straight into the stack's
 * database: the live-session tests need a session now, not a series' next occurrence.
 */
export async function insertOnlineSession(databaseUrl: string, groupId: string, title: string): Promise<string> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ id: string }[]>`
      insert into sessions (group_id, title, starts_at, ends_at, mode, room_name)
      values (${groupId}, ${title}, now() + interval '5 minutes', now() + interval '95 minutes',
        'online', ${`session-${randomUUID()}`})
      returning id`;
    if (!row) throw new Error('inserting a session returned nothing');
    return row.id;
  } finally {
    await sql.end();
  }
}
