import { randomUUID } from 'node:crypto';
import { memberships, sessions } from '@peer-support/db/schema';
import type { SessionMode } from '@peer-support/domain/series';
import { addStaff, type Person, signUp, signUpVerified } from './accounts.ts';
import type { buildTestApp } from './helper.ts';

type App = Awaited<ReturnType<typeof buildTestApp>>;

/**
 * A provider with an admin, a facilitator, two active members and an outsider, one group and
 * one online session starting soon: the cast of a live session.
 */
export async function liveCast(app: App, group: Record<string, unknown> = {}) {
  const [admin, facilitator, member, member2, outsider] = await Promise.all([
    signUp(app, 'Aileen Admin'),
    signUpVerified(app, 'Fran Facilitator'),
    signUp(app, 'Morag Member'),
    signUp(app, 'Nils Member'),
    signUp(app, 'Otto Outsider'),
  ]);
  const post = async (who: Person, url: string, payload: object) => {
    const res = await app.inject({ method: 'POST', url, headers: { cookie: who.cookie }, payload });
    if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const provider = await post(admin, '/api/providers', { name: `Provider ${randomUUID().slice(0, 8)}` });
  await addStaff(app, admin, provider.id, facilitator);
  const g = await post(admin, `/api/providers/${provider.id}/groups`, {
    name: 'Evening Circle',
    facilitatorIds: [facilitator.id],
    ...group,
  });
  await app.database.db.insert(memberships).values([
    { groupId: g.id, userId: member.id, displayName: 'Morag', status: 'active' },
    { groupId: g.id, userId: member2.id, displayName: 'Nils', status: 'active' },
  ]);
  const session = await newSession(app, g.id);
  return { admin, facilitator, member, member2, outsider, providerId: provider.id as string, group: g, session };
}

/** A session of the group starting in ten minutes (or at `startsAt`), lasting 90 minutes. */
export async function newSession(
  app: App,
  groupId: string,
  mode: SessionMode = 'online',
  startsAt = new Date(Date.now() + 10 * 60_000),
) {
  const [row] = await app.database.db
    .insert(sessions)
    .values({
      groupId,
      title: 'Evening Circle',
      startsAt,
      endsAt: new Date(startsAt.getTime() + 90 * 60_000),
      mode,
      roomName: `session-${randomUUID()}`,
    })
    .returning({ id: sessions.id, roomName: sessions.roomName });
  if (!row) throw new Error('no session');
  return row;
}
