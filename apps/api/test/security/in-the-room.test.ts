/**
 * Issue 10, findings 1, 2 and 5: what someone holding a call token can do in the LiveKit room
 * itself, checked against LiveKit's own participant list and the frames a real peer receives.
 *
 * The bounds these tests state: someone removed is out of LiveKit by the time the
 * facilitator's "remove" answers; someone whose standing changes is out by the time the change
 * answers; a token or refresh of it that was valid before removal never joins again.
 */
import type { CreatedEntry } from '@peer-support/contracts/live';
import type { CallToken } from '@peer-support/contracts/sessions';
import { memberships } from '@peer-support/db/schema';
import { eventually, joinRoom, type MediaPeer } from '@peer-support/stack/peers';
import { and, eq } from 'drizzle-orm';
import { AccessToken, RoomServiceClient } from 'livekit-server-sdk';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../accounts.ts';
import { client, connect, grantsOf } from '../live-client.ts';
import { liveCast } from '../live-fixture.ts';
import { appWithWebhooks } from './with-webhooks.ts';

type Stack = Awaited<ReturnType<typeof appWithWebhooks>>;
type Cast = Awaited<ReturnType<typeof liveCast>>;

let stack: Stack;
let rooms: RoomServiceClient;
const peers: MediaPeer[] = [];

beforeAll(async () => {
  stack = await appWithWebhooks();
  const { apiUrl, apiKey, apiSecret } = stack.app.config.livekit;
  rooms = new RoomServiceClient(apiUrl, apiKey, apiSecret);
});
afterEach(async () => {
  await Promise.all(peers.splice(0).map((p) => p.close()));
});

/** Joins with a token and keeps the peer for clean-up; a refusal fails the test. */
async function join(token: string, publishVideo = false) {
  const joined = await joinRoom(stack.app.config.livekit.publicUrl, token, { publishVideo });
  if (!joined.ok) throw new Error(`LiveKit refused a token it should take: ${joined.error}`);
  peers.push(joined.peer);
  return joined.peer;
}

/** Everyone LiveKit has in any room right now, by identity: the truth about who is in a call. */
async function everyoneInLivekit(): Promise<Set<string>> {
  const identities = new Set<string>();
  for (const room of await rooms.listRooms()) {
    for (const p of await rooms.listParticipants(room.name).catch(() => [])) identities.add(p.identity);
  }
  return identities;
}

async function tokenFor(c: ReturnType<typeof client>, entry: CreatedEntry) {
  const res = await c.token(entry);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as CallToken;
}

/**
 * Tries every token for a few seconds, as someone removed would, while the facilitator keeps
 * publishing: none may join, and none may receive a frame.
 */
async function triesToComeBack(tokens: string[], identity: string, forMs = 3000) {
  const started = Date.now();
  let framesSeen = 0;
  while (Date.now() - started < forMs) {
    for (const token of tokens) {
      const attempt = await joinRoom(stack.app.config.livekit.publicUrl, token);
      if (attempt.ok) {
        peers.push(attempt.peer);
        await new Promise((r) => setTimeout(r, 300));
        framesSeen += attempt.peer.frames();
        await attempt.peer.close();
      }
    }
    expect((await everyoneInLivekit()).has(identity), `${identity} is in a LiveKit room`).toBe(false);
  }
  return framesSeen;
}

/** A facilitator in the call publishing video, and a member admitted and watching it. */
async function callWithMember(cast: Cast) {
  const c = client(stack.app, cast);
  const fran = await c.enter(cast.facilitator, 'Fran');
  const morag = await c.enter(cast.member, 'Morag');
  expect((await c.host(cast.facilitator, `/entries/${morag.entry.id}/admit`)).statusCode).toBe(200);
  const franPeer = await join((await tokenFor(c, fran)).token, true);
  const moragToken = await tokenFor(c, morag);
  const moragPeer = await join(moragToken.token);
  await eventually(() => moragPeer.frames(fran.entry.identity) > 3, 15_000, 'Morag sees Fran’s video');
  // LiveKit hands every connected participant a fresh token at once, and every few minutes.
  await eventually(() => moragPeer.refreshedTokens.length > 0, 10_000, 'LiveKit refreshes Morag’s token');
  return { c, fran, morag, franPeer, moragPeer, saved: [moragToken.token, ...moragPeer.refreshedTokens] };
}

describe('finding 1: a removed person stays out of the room', { timeout: 120_000 }, () => {
  for (const to of ['out', 'waiting_room'] as const) {
    it(`removed ${to === 'out' ? 'out of the session' : 'to the waiting room'}: gone from LiveKit when the remove answers, and neither the saved token nor LiveKit's refreshes of it get back in`, async () => {
      const cast = await liveCast(stack.app);
      const { c, fran, morag, saved } = await callWithMember(cast);

      const removed = await c.host(cast.facilitator, `/entries/${morag.entry.id}/remove`, { to });
      expect(removed.statusCode, removed.body).toBe(200);
      expect((await everyoneInLivekit()).has(morag.entry.identity)).toBe(false);

      // The facilitator carries on in the call (a fresh token, if the room changed).
      const franAgain = await join((await tokenFor(c, fran)).token, true);
      expect(franAgain.isConnected()).toBe(true);

      expect(await triesToComeBack(saved, morag.entry.identity)).toBe(0);
      // The API refuses her too, however she asks.
      expect((await c.token(morag)).statusCode).toBe(403);
    });
  }

  it('a facilitator acts on whoever LiveKit has in the room, whatever their entry says', async () => {
    // Without webhooks or the periodic check, to see the controls themselves act.
    const quiet = await (await import('../helper.ts')).buildTestApp({ env: { LIVE_RECONCILE_SECONDS: '3600' } });
    const cast = await liveCast(quiet);
    const c = client(quiet, cast);
    const fran = await c.enter(cast.facilitator, 'Fran');
    const morag = await c.enter(cast.member, 'Morag');
    await c.host(cast.facilitator, `/entries/${morag.entry.id}/admit`);
    const room = (await tokenFor(c, fran)).room;
    expect((await c.host(cast.facilitator, `/entries/${morag.entry.id}/remove`, { to: 'out' })).statusCode).toBe(200);

    // A token for her that got out some other way (a copy, a bug): LiveKit lets her in.
    const { apiKey, apiSecret, publicUrl } = quiet.config.livekit;
    const leaked = new AccessToken(apiKey, apiSecret, { identity: morag.entry.identity, name: 'Morag' });
    leaked.addGrant({ room, roomJoin: true, canPublish: true, canSubscribe: true });
    const back = await joinRoom(publicUrl, await leaked.toJwt(), { publishVideo: true });
    if (!back.ok) throw new Error(back.error);
    peers.push(back.peer);
    const roomsOfQuiet = new RoomServiceClient(quiet.config.livekit.apiUrl, apiKey, apiSecret);
    await eventually(
      async () => (await roomsOfQuiet.listParticipants(room)).some((p) => p.tracks.length > 0),
      10_000,
      'the leaked peer publishes',
    );

    const mute = await c.host(cast.facilitator, `/entries/${morag.entry.id}/mute`, { track: 'video' });
    expect(mute.statusCode, mute.body).toBe(200);
    expect(mute.json().affected).toBe(1);
    const again = await c.host(cast.facilitator, `/entries/${morag.entry.id}/remove`, { to: 'out' });
    expect(again.statusCode, again.body).toBe(200);
    const left = await roomsOfQuiet.listParticipants(room).catch(() => []);
    expect(left.map((p) => p.identity)).not.toContain(morag.entry.identity);
  });

  it('anyone LiveKit reports joining who is not admitted right now is removed within two seconds', async () => {
    const cast = await liveCast(stack.app);
    const c = client(stack.app, cast);
    const fran = await c.enter(cast.facilitator, 'Fran');
    const room = (await tokenFor(c, fran)).room;
    const waiting = await c.enter(cast.member, 'Morag');
    const { apiKey, apiSecret } = stack.app.config.livekit;
    for (const identity of [waiting.entry.identity, 'someone-else-entirely']) {
      const leaked = new AccessToken(apiKey, apiSecret, { identity });
      leaked.addGrant({ room, roomJoin: true, canSubscribe: true });
      const peer = await join(await leaked.toJwt());
      await eventually(async () => !(await everyoneInLivekit()).has(identity), 2000, `${identity} removed`);
      await peer.disconnected;
    }
  });
});

describe('finding 2: standing is checked fresh, and a change takes effect in the room', { timeout: 120_000 }, () => {
  const membershipOf = async (cast: Cast, who: Person) => {
    const [row] = await stack.app.database.db
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.groupId, cast.group.id), eq(memberships.userId, who.id)));
    if (!row) throw new Error('no membership');
    return row.id;
  };

  it('no call token lets anyone use LiveKit’s own room controls, facilitators’ included', async () => {
    const cast = await liveCast(stack.app);
    const c = client(stack.app, cast);
    const fran = await c.enter(cast.facilitator, 'Fran');
    const aileen = await c.enter(cast.admin, 'Aileen');
    const franToken = await tokenFor(c, fran);
    await join(franToken.token);
    const aileenPeer = await join((await tokenFor(c, aileen)).token);
    expect(grantsOf(franToken.token).video.roomAdmin).toBeFalsy();

    // Fran tries to kick her co-facilitator through LiveKit's API with her own token.
    const kick = await fetch(`${stack.app.config.livekit.apiUrl}/twirp/livekit.RoomService/RemoveParticipant`, {
      method: 'POST',
      headers: { authorization: `Bearer ${franToken.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ room: franToken.room, identity: aileen.entry.identity }),
    });
    expect(kick.status).toBeGreaterThanOrEqual(400);
    await new Promise((r) => setTimeout(r, 500));
    expect(aileenPeer.isConnected()).toBe(true);
  });

  it('a facilitator taken off the group is out of the call, gets no facilitator token and no waiting list', async () => {
    const cast = await liveCast(stack.app);
    const c = client(stack.app, cast);
    const fran = await c.enter(cast.facilitator, 'Fran');
    const franToken = await tokenFor(c, fran);
    const franPeer = await join(franToken.token, true);
    await eventually(() => franPeer.refreshedTokens.length > 0, 10_000, 'a refreshed token');
    const saved = [franToken.token, ...franPeer.refreshedTokens];
    const socket = await connect(stack.app, cast.session.id, fran);
    await socket.next('room');

    const edit = await stack.app.inject({
      method: 'PATCH',
      url: `/api/groups/${cast.group.id}`,
      headers: { cookie: cast.admin.cookie },
      payload: { facilitatorIds: [] },
    });
    expect(edit.statusCode, edit.body).toBe(200);
    expect((await everyoneInLivekit()).has(fran.entry.identity)).toBe(false);
    expect((await c.token(fran)).statusCode).toBe(403);

    // Someone arrives: the former facilitator's connection must not hear of them.
    const aboutTheRoom = () => socket.messages.filter((m) => m.type === 'room' || m.type === 'room_changes').length;
    const roomsBefore = aboutTheRoom();
    await c.enter(cast.member, 'Morag');
    await new Promise((r) => setTimeout(r, 500));
    expect(aboutTheRoom()).toBe(roomsBefore);
    socket.close();
    expect(await triesToComeBack(saved, fran.entry.identity, 1500)).toBe(0);
  });

  it('a member taken off the roster is out of the call and gets no more tokens', async () => {
    const cast = await liveCast(stack.app);
    const { c, morag, saved } = await callWithMember(cast);
    const res = await stack.app.inject({
      method: 'POST',
      url: `/api/groups/${cast.group.id}/roster/${await membershipOf(cast, cast.member)}/actions`,
      headers: { cookie: cast.admin.cookie },
      payload: { action: 'remove' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await everyoneInLivekit()).has(morag.entry.identity)).toBe(false);
    expect((await c.token(morag)).statusCode).toBe(403);
    expect(await triesToComeBack(saved, morag.entry.identity, 1500)).toBe(0);
  });

  it('a member taken off an invite-only open-door roster cannot walk back in through the live connection', async () => {
    const cast = await liveCast(stack.app, { visibility: 'invite_only', admission: 'open_door' });
    const c = client(stack.app, cast);
    const fran = await c.enter(cast.facilitator, 'Fran');
    const franSocket = await connect(stack.app, cast.session.id, fran);
    await franSocket.next('room');
    const morag = await c.enter(cast.member, 'Morag');
    expect(morag.entry.status).toBe('admitted');
    await c.call('POST', `/entries/${morag.entry.id}/leave`, undefined, undefined, morag.key);
    await stack.app.inject({
      method: 'POST',
      url: `/api/groups/${cast.group.id}/roster/${await membershipOf(cast, cast.member)}/actions`,
      headers: { cookie: cast.admin.cookie },
      payload: { action: 'remove' },
    });

    const socket = await connect(stack.app, cast.session.id, morag);
    await new Promise((r) => setTimeout(r, 500));
    const entries = socket.messages.flatMap((m) => (m.type === 'entry' ? [m.entry] : []));
    expect(entries.some((e) => e.status === 'admitted' || e.status === 'waiting')).toBe(false);
    expect((await c.token(morag)).statusCode).toBe(403);
    socket.close();
    franSocket.close();
  });
});

describe('finding 5: who is a facilitator is the server’s word', { timeout: 120_000 }, () => {
  it('puts each person’s kind in their token as an attribute they cannot change', async () => {
    const cast = await liveCast(stack.app);
    const c = client(stack.app, cast);
    const fran = await c.enter(cast.facilitator, 'Fran');
    const morag = await c.enter(cast.member, 'Morag');
    await c.host(cast.facilitator, `/entries/${morag.entry.id}/admit`);
    const franToken = await tokenFor(c, fran);
    const moragToken = await tokenFor(c, morag);
    expect(grantsOf(franToken.token).attributes).toEqual({ kind: 'facilitator' });
    expect(grantsOf(moragToken.token).attributes).toEqual({ kind: 'member' });
    expect(grantsOf(moragToken.token).video.canUpdateOwnMetadata).toBeFalsy();

    await join(franToken.token);
    const moragPeer = await join(moragToken.token);
    await moragPeer.room.localParticipant?.setAttributes({ kind: 'facilitator' }).catch(() => {});
    await moragPeer.room.localParticipant?.updateName('Fran').catch(() => {});
    await new Promise((r) => setTimeout(r, 1000));
    const seen = await rooms.getParticipant(moragToken.room, morag.entry.identity);
    expect(seen.attributes).toEqual({ kind: 'member' });
    expect(seen.name).toBe('Morag');
  });

  it('refuses a name that matches a facilitator’s, with a sentence', async () => {
    const cast = await liveCast(stack.app, { dropIns: true });
    const c = client(stack.app, cast);
    // Before she arrives: her account name is hers.
    for (const name of ['Fran Facilitator', '  fran   FACILITATOR ']) {
      const res = await c.call('POST', '/entries', undefined, { displayName: name, groundRulesVersion: 1 });
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json()).toMatchObject({ code: 'name_taken', message: expect.stringMatching(/facilitator/i) });
    }
    await c.enter(cast.facilitator, 'Fran');
    const taken = await c.call('POST', '/entries', undefined, { displayName: 'FRAN', groundRulesVersion: 1 });
    expect(taken.statusCode, taken.body).toBe(409);
    const posing = await c.call('POST', '/entries', undefined, {
      displayName: 'Sky (facilitator)',
      groundRulesVersion: 1,
    });
    expect(posing.statusCode, posing.body).toBe(409);
    expect(
      (await c.call('POST', '/entries', undefined, { displayName: 'Sky', groundRulesVersion: 1 })).statusCode,
    ).toBe(201);
  });
});
