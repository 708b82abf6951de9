/**
 * Issue 10, finding 4: only a facilitator's "end for all" or the scheduled end ends a session.
 * LiveKit closing an empty room (its `room_finished` webhook, here set off by deleting the
 * room through LiveKit's API, which is what LiveKit does itself once a room stays empty) just
 * closes that room and its attendance.
 */
import { livekitEvents, sessions } from '@peer-support/db/schema';
import { eventually, joinRoom } from '@peer-support/stack/peers';
import { and, eq } from 'drizzle-orm';
import { RoomServiceClient } from 'livekit-server-sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { client } from '../live-client.ts';
import { liveCast, newSession } from '../live-fixture.ts';
import { appWithWebhooks } from './with-webhooks.ts';

let stack: Awaited<ReturnType<typeof appWithWebhooks>>;
let rooms: RoomServiceClient;

beforeAll(async () => {
  stack = await appWithWebhooks();
  const { apiUrl, apiKey, apiSecret } = stack.app.config.livekit;
  rooms = new RoomServiceClient(apiUrl, apiKey, apiSecret);
});

/** LiveKit closes the room, and its webhook has been recorded. */
async function livekitClosesRoom(room: string) {
  await rooms.deleteRoom(room);
  await eventually(
    async () =>
      (
        await stack.app.database.db
          .select({ id: livekitEvents.id })
          .from(livekitEvents)
          .where(and(eq(livekitEvents.roomName, room), eq(livekitEvents.event, 'room_finished')))
      ).length > 0,
    10_000,
    `room_finished for ${room} reaches the API`,
  );
}

const endedAt = async (sessionId: string) =>
  (
    await stack.app.database.db.select({ endedAt: sessions.endedAt }).from(sessions).where(eq(sessions.id, sessionId))
  )[0]?.endedAt ?? null;

describe('finding 4: the session lives on when LiveKit closes an empty room', { timeout: 90_000 }, () => {
  it('before the scheduled end: people waiting keep their place and the facilitator can come back', async () => {
    const cast = await liveCast(stack.app);
    const c = client(stack.app, cast);
    const fran = await c.enter(cast.facilitator, 'Fran');
    const first = (await c.token(fran)).json();
    const peer = await joinRoom(first.url, first.token);
    if (!peer.ok) throw new Error(peer.error);
    const morag = await c.enter(cast.member, 'Morag');
    await peer.peer.close();

    await livekitClosesRoom(first.room);
    expect(await endedAt(cast.session.id)).toBeNull();
    expect((await c.call('GET', `/entries/${morag.entry.id}`, undefined, undefined, morag.key)).json().status).toBe(
      'waiting',
    );
    // Attendance for that room is closed; the session's is not over.
    const attendance = (await c.call('GET', '/attendance', cast.facilitator)).json();
    expect(attendance.ended).toBe(false);
    expect(attendance.online.every((r: { leftAt: string | null }) => r.leftAt !== null)).toBe(true);

    const again = await c.token(fran);
    expect(again.statusCode, again.body).toBe(200);
    const back = await joinRoom(again.json().url, again.json().token);
    expect(back.ok).toBe(true);
    if (back.ok) await back.peer.close();
  });

  it('a room a token created that nobody joined closes without ending anything', async () => {
    const cast = await liveCast(stack.app);
    const c = client(stack.app, cast);
    const fran = await c.enter(cast.facilitator, 'Fran');
    const { room } = (await c.token(fran)).json();
    await livekitClosesRoom(room);
    expect(await endedAt(cast.session.id)).toBeNull();
    expect((await c.token(fran)).statusCode).toBe(200);
  });

  it('after the scheduled end, the room closing ends the session', async () => {
    const cast = await liveCast(stack.app);
    // Started two hours ago, 90 minutes long: running late.
    const late = await newSession(stack.app, cast.group.id, 'online', new Date(Date.now() - 120 * 60_000));
    const c = client(stack.app, cast, late.id);
    const fran = await c.enter(cast.facilitator, 'Fran');
    const { room } = (await c.token(fran)).json();
    await livekitClosesRoom(room);
    // The event is stored before it is acted on: the end follows within the same delivery.
    await eventually(async () => (await endedAt(late.id)) !== null, 10_000, 'the late session to end');
  });

  it('a facilitator can reopen a session they ended by mistake, within its scheduled time', async () => {
    const cast = await liveCast(stack.app);
    const c = client(stack.app, cast);
    const fran = await c.enter(cast.facilitator, 'Fran');
    const before = (await c.token(fran)).json();
    const morag = await c.enter(cast.member, 'Morag');
    expect((await c.host(cast.facilitator, '/end')).statusCode).toBe(200);
    expect((await c.token(fran)).statusCode).toBe(403);

    // Only the people who host it may reopen it.
    expect((await c.host(cast.member, '/reopen')).statusCode).toBe(403);
    const reopened = await c.host(cast.facilitator, '/reopen');
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(await endedAt(cast.session.id)).toBeNull();

    // Everyone comes back through the link: the facilitator walks in, the member waits.
    const franBack = await c.enter(cast.facilitator, 'Fran');
    const after = (await c.token(franBack)).json();
    // A fresh room: nothing handed out before the end works any more.
    expect(after.room).not.toBe(before.room);
    const stale = await joinRoom(before.url, before.token);
    expect(stale.ok).toBe(false);
    const moragBack = await c.enter(cast.member, 'Morag');
    expect(moragBack.entry).toMatchObject({ id: morag.entry.id, status: 'waiting' });

    // Once its time is over, an ended session stays ended.
    const past = await newSession(stack.app, cast.group.id, 'online', new Date(Date.now() - 120 * 60_000));
    const p = client(stack.app, cast, past.id);
    await p.enter(cast.facilitator, 'Fran');
    await p.host(cast.facilitator, '/end');
    const refused = await p.host(cast.facilitator, '/reopen');
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'session_over', message: expect.stringMatching(/scheduled/) });
  });
});
