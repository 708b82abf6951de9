import type { CreatedEntry, ServerMessage } from '@peer-support/contracts/live';
import { sessionEntries } from '@peer-support/db/schema';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Person } from './accounts.ts';
import { appForFile } from './helper.ts';
import { client, connect, grantsOf } from './live-client.ts';
import { liveCast, newSession } from './live-fixture.ts';

/** The app's clock runs with real time, moved on by the tests that put events in an order. */
let ahead = 0;
const later = (ms: number) => {
  ahead += ms;
};
const testApp = appForFile({ clock: () => new Date(Date.now() + ahead) });

describe('the join flow', { timeout: 60_000 }, () => {
  it('tells each person how they may come in, and strangers to an invite-only group nothing', async () => {
    const app = await testApp();
    const cast = await liveCast(app);
    const c = client(app, cast);
    const info = async (who?: Person) => (await c.call('GET', '/join-info', who)).json();
    expect((await info(cast.facilitator)).viewer).toMatchObject({
      kind: 'facilitator',
      displayName: 'Fran Facilitator',
    });
    expect((await info(cast.admin)).viewer.kind).toBe('facilitator');
    expect((await info(cast.member)).viewer).toMatchObject({ kind: 'member', displayName: 'Morag' });
    const outsider = await info(cast.outsider);
    expect(outsider.viewer).toMatchObject({ kind: null, signInWanted: false });
    expect(outsider.viewer.reason).toMatch(/members of the group/);
    expect((await info()).viewer).toMatchObject({ kind: null, signInWanted: true });
    const full = await info(cast.member);
    expect(full.groundRules.version).toBe(1);
    expect(full.groundRules.rules.length).toBeGreaterThan(0);
    expect(full.group.supportLines.length).toBeGreaterThan(0);

    const hidden = await liveCast(app, { visibility: 'invite_only' });
    const h = client(app, hidden);
    // Hidden from strangers, signed in or not, exactly like a session that does not exist (0012).
    expect((await h.call('GET', '/join-info')).statusCode).toBe(404);
    expect((await h.call('GET', '/join-info', hidden.outsider)).statusCode).toBe(404);
    expect((await h.call('GET', '/join-info', cast.member)).statusCode).toBe(404);
  });

  it('lets guests drop in only where the group allows it, and they always wait', async () => {
    const app = await testApp();
    const closed = await liveCast(app);
    const refused = await client(app, closed).call('POST', '/entries', undefined, {
      displayName: 'Sky',
      groundRulesVersion: 1,
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('not_on_roster');

    const open = await liveCast(app, { dropIns: true, admission: 'open_door' });
    const c = client(app, open);
    expect((await c.call('GET', '/join-info')).json().viewer.kind).toBe('guest');
    const guest = await c.enter(undefined, '  Sky  ');
    expect(guest.entry).toMatchObject({ kind: 'guest', status: 'waiting', displayName: 'Sky', position: 1 });
    expect(guest.entry.identity).toBe(`entry-${guest.entry.id}`);
  });

  it('opens the waiting room half an hour before the start (facilitators an hour), and closes it once a session nobody opened is over', async () => {
    const app = await testApp();
    const cast = await liveCast(app, { dropIns: true });
    const minutes = (n: number) => new Date(Date.now() + n * 60_000);
    const enter = (c: ReturnType<typeof client>, who: Person | undefined, name: string) =>
      c.call('POST', '/entries', who, { displayName: name, groundRulesVersion: 1 });

    // Two hours ahead: everyone is early, and told when the doors open for them.
    const later = client(app, cast, (await newSession(app, cast.group.id, 'online', minutes(120))).id);
    const early = (await later.call('GET', '/join-info', cast.member)).json();
    expect(early.viewer.kind).toBe('member');
    expect(Date.parse(early.viewer.opensAt)).toBe(Date.parse(early.session.startsAt) - 30 * 60_000);
    const facilitatorEarly = (await later.call('GET', '/join-info', cast.facilitator)).json();
    expect(Date.parse(facilitatorEarly.viewer.opensAt)).toBe(Date.parse(early.session.startsAt) - 60 * 60_000);
    for (const [who, name] of [
      [cast.member, 'Morag'],
      [cast.facilitator, 'Fran'],
      [undefined, 'Sky'],
    ] as const) {
      const refused = await enter(later, who, name);
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'not_open_yet', message: expect.stringMatching(/You are early/) });
    }

    // Forty-five minutes ahead: the facilitator may set up; members still wait to arrive.
    const soon = client(app, cast, (await newSession(app, cast.group.id, 'online', minutes(45))).id);
    expect((await enter(soon, cast.member, 'Morag')).json().code).toBe('not_open_yet');
    expect((await enter(soon, cast.facilitator, 'Fran')).statusCode).toBe(201);
    expect((await soon.call('GET', '/join-info', cast.facilitator)).json().viewer.opensAt).toBeNull();

    // Finished (started 2 hours ago, 90 minutes long) and nobody opened it: over for
    // participants; a facilitator can still open it, and then late arrivals are welcome.
    const past = client(app, cast, (await newSession(app, cast.group.id, 'online', minutes(-120))).id);
    const over = (await past.call('GET', '/join-info', cast.member)).json();
    expect(over.viewer).toMatchObject({ kind: null, opensAt: null, reason: expect.stringMatching(/finished/) });
    expect((await enter(past, cast.member, 'Morag')).json().code).toBe('session_over');
    const fran = await enter(past, cast.facilitator, 'Fran');
    expect(fran.statusCode).toBe(201);
    expect((await past.token(fran.json())).statusCode).toBe(200);
    expect((await enter(past, cast.member, 'Morag')).statusCode).toBe(201);
  });

  it('refuses stale ground rules, ended, cancelled and in-person sessions, with reasons', async () => {
    const app = await testApp();
    const cast = await liveCast(app);
    const c = client(app, cast);
    const stale = await c.call('POST', '/entries', cast.member, { displayName: 'Morag', groundRulesVersion: 2 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('rules_changed');
    const blank = await c.call('POST', '/entries', cast.member, { displayName: '   ', groundRulesVersion: 1 });
    expect(blank.statusCode).toBe(400);

    const inPerson = await newSession(app, cast.group.id, 'in_person');
    const ip = await client(app, cast, inPerson.id).call('POST', '/entries', cast.member, {
      displayName: 'Morag',
      groundRulesVersion: 1,
    });
    expect(ip.statusCode).toBe(409);
    expect(ip.json().code).toBe('not_online');
    expect(
      await app.database.db.select().from(sessionEntries).where(eq(sessionEntries.sessionId, inPerson.id)),
    ).toEqual([]);
  });
});

describe('admission and tokens', { timeout: 60_000 }, () => {
  it('gives no token before admission, a least-grant one after, and none after removal', async () => {
    const app = await testApp();
    const cast = await liveCast(app);
    const c = client(app, cast);
    const fac = await c.enter(cast.facilitator, 'Fran');
    expect(fac.entry.status).toBe('admitted');
    const facToken = await c.token(fac);
    expect(facToken.statusCode, facToken.body).toBe(200);
    const facGrants = grantsOf(facToken.json().token);
    expect(facGrants.video).toMatchObject({ roomJoin: true, room: cast.session.roomName });
    // Every control goes through the API: nobody administers the room through LiveKit (0011).
    expect(facGrants.video.roomAdmin).toBeUndefined();
    expect(facGrants.attributes).toEqual({ kind: 'facilitator' });
    expect(facGrants.sub).toBe(fac.entry.identity);

    const morag = await c.enter(cast.member, 'Morag');
    expect(morag.entry).toMatchObject({ status: 'waiting', position: 1 });
    const early = await c.token(morag);
    expect(early.statusCode).toBe(403);
    expect(early.json()).toMatchObject({ code: 'not_admitted' });
    expect(early.json().message).toMatch(/waiting room/);

    // A participant cannot admit themselves or anyone else.
    const self = await c.host(cast.member, `/entries/${morag.entry.id}/admit`);
    expect(self.statusCode).toBe(403);
    expect((await c.host(cast.outsider, `/entries/${morag.entry.id}/admit`)).statusCode).toBe(404);

    expect((await c.host(cast.facilitator, `/entries/${morag.entry.id}/admit`)).statusCode).toBe(200);
    const token = await c.token(morag);
    expect(token.statusCode, token.body).toBe(200);
    const grants = grantsOf(token.json().token);
    expect(grants.sub).toBe(`entry-${morag.entry.id}`);
    expect(grants.video.roomAdmin).toBeUndefined();
    expect(grants.video).toMatchObject({ roomJoin: true, canPublish: true, canPublishData: true, canSubscribe: true });
    expect(grants.attributes).toEqual({ kind: 'member' });
    expect(grants.exp - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(10 * 60 + 5);

    // Back to the waiting room: no token until admitted again.
    expect(
      (await c.host(cast.facilitator, `/entries/${morag.entry.id}/remove`, { to: 'waiting_room' })).statusCode,
    ).toBe(200);
    expect((await c.token(morag)).json().code).toBe('not_admitted');
    expect((await c.host(cast.facilitator, `/entries/${morag.entry.id}/admit`)).statusCode).toBe(200);
    const readmitted = await c.token(morag);
    expect(readmitted.statusCode).toBe(200);
    // She held a token for the room, so the call moved to a fresh one (0011); her entry says where.
    expect(readmitted.json().room).toBe(`${cast.session.roomName}.1`);
    expect((await c.call('GET', `/entries/${morag.entry.id}`, undefined, undefined, morag.key)).json().room).toBe(
      `${cast.session.roomName}.1`,
    );

    // Out: no token, and coming back through the front door does not undo it.
    const out = await c.host(cast.facilitator, `/entries/${morag.entry.id}/remove`, {
      to: 'out',
      message: 'Please take a break today.',
    });
    expect(out.statusCode).toBe(200);
    const refused = await c.token(morag);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('removed');
    const again = await c.enter(cast.member, 'Morag again');
    expect(again.entry).toMatchObject({ id: morag.entry.id, status: 'removed', message: 'Please take a break today.' });
    expect((await c.token(again)).json().code).toBe('removed');
    // The old key no longer works once a new one was issued.
    expect((await c.token(morag)).statusCode).toBe(404);
  });

  it('denies with a message, refuses other sessions’ entries and bad keys, and ends for all', async () => {
    const app = await testApp();
    const cast = await liveCast(app);
    const c = client(app, cast);
    await c.enter(cast.facilitator, 'Fran');
    const nils = await c.enter(cast.member2, 'Nils');
    const deny = await c.host(cast.facilitator, `/entries/${nils.entry.id}/deny`, { message: 'Members only tonight' });
    expect(deny.statusCode).toBe(200);
    const denied = await c.token(nils);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe('denied');
    const mine = await c.call('GET', `/entries/${nils.entry.id}`, undefined, undefined, nils.key);
    expect(mine.json()).toMatchObject({ status: 'denied', message: 'Members only tonight' });
    // Denying twice is a clear conflict, not a silent success.
    expect((await c.host(cast.facilitator, `/entries/${nils.entry.id}/deny`, {})).statusCode).toBe(409);

    const morag = await c.enter(cast.member, 'Morag');
    await c.host(cast.facilitator, `/entries/${morag.entry.id}/admit`);
    const other = await newSession(app, cast.group.id);
    const wrong = await client(app, cast, other.id).token(morag);
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().code).toBe('wrong_session');
    const badKey = await c.call('POST', `/entries/${morag.entry.id}/token`, undefined, undefined, 'not-the-key');
    expect(badKey.statusCode).toBe(404);
    expect((await c.call('POST', `/entries/${morag.entry.id}/token`)).statusCode).toBe(404);

    // Facilitators cannot act on each other.
    const adminEntry = await c.enter(cast.admin, 'Aileen');
    const onPeer = await c.host(cast.facilitator, `/entries/${adminEntry.entry.id}/remove`, { to: 'out' });
    expect(onPeer.statusCode).toBe(403);
    expect(onPeer.json().code).toBe('facilitator_target');

    expect((await c.host(cast.member, '/end')).statusCode).toBe(403);
    expect((await c.host(cast.facilitator, '/end')).statusCode).toBe(200);
    const after = await c.token(morag);
    expect(after.statusCode).toBe(403);
    expect(after.json().code).toBe('session_ended');
    const late = await c.call('POST', '/entries', cast.member2, { displayName: 'Nils', groundRulesVersion: 1 });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('session_ended');
  });

  it('admits members on an open-door group once a facilitator is there, unless the room is locked', async () => {
    const app = await testApp();
    const cast = await liveCast(app, { admission: 'open_door' });
    const c = client(app, cast);
    // Nobody to host yet: members wait.
    const morag = await c.enter(cast.member, 'Morag');
    expect(morag.entry.status).toBe('waiting');
    const fac = await c.enter(cast.facilitator, 'Fran');
    const live = await connect(app, cast.session.id, fac);
    await live.next('entry', (m) => m.entry.status === 'admitted');
    // The facilitator's arrival lets the member who was waiting in.
    const mine = async (e: CreatedEntry) =>
      (await c.call('GET', `/entries/${e.entry.id}`, undefined, undefined, e.key)).json();
    expect((await mine(morag)).status).toBe('admitted');

    expect((await c.host(cast.facilitator, '/lock', { locked: true }, 'PUT')).statusCode).toBe(200);
    await live.next('locked', (m) => m.locked);
    const nils = await c.enter(cast.member2, 'Nils');
    expect(nils.entry.status).toBe('waiting');
    expect((await c.host(cast.facilitator, '/lock', { locked: false }, 'PUT')).statusCode).toBe(200);
    live.close();
  });
});

describe('the live connection', { timeout: 60_000 }, () => {
  it('a browser that goes away while its hello is still being answered counts as gone, not connected', async () => {
    const app = await testApp();
    const cast = await liveCast(app);
    const c = client(app, cast);
    const host = await connect(app, cast.session.id, await c.enter(cast.facilitator, 'Fran'));
    const nils = await c.enter(cast.member2, 'Nils');
    await host.next('room', (m) => m.room.entries.some((e) => e.displayName === 'Nils' && e.status === 'waiting'));
    // The page closes straight after saying hello, before the server has answered it.
    (await connect(app, cast.session.id, nils)).close();
    await host.next('room', (m) => m.room.entries.some((e) => e.displayName === 'Nils' && !e.connected));
    host.close();
  });

  it('a hello with the wrong key, then closing, does not mark the real person as gone', async () => {
    const app = await testApp();
    const cast = await liveCast(app);
    const c = client(app, cast);
    const host = await connect(app, cast.session.id, await c.enter(cast.facilitator, 'Fran'));
    const nils = await c.enter(cast.member2, 'Nils');
    const nilsLive = await connect(app, cast.session.id, nils);
    await nilsLive.next('entry', (m) => m.entry.status === 'waiting');
    // Closed straight after the hello, so the close is heard while the key is still being checked.
    (await connect(app, cast.session.id, { ...nils, key: `${nils.key}x` })).close();
    // Nothing to wait for when nothing should happen: give the server time to (wrongly) act on it.
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The next change to the room shows Nils still connected.
    await c.enter(cast.member, 'Morag');
    const room = await host.next('room', (m) => m.room.entries.some((e) => e.displayName === 'Morag'));
    expect(room.room.entries.find((e) => e.displayName === 'Nils')?.connected).toBe(true);
    for (const l of [host, nilsLive]) l.close();
  });

  it('shows facilitators who waits, tells the waiting when they are in, and keeps a place across a reconnect', async () => {
    const app = await testApp();
    const cast = await liveCast(app);
    const c = client(app, cast);
    const fac = await c.enter(cast.facilitator, 'Fran');
    const host = await connect(app, cast.session.id, fac);
    const morag = await c.enter(cast.member, 'Morag');
    const nils = await c.enter(cast.member2, 'Nils');

    const room = await host.next('room', (m) => m.room.entries.filter((e) => e.status === 'waiting').length === 2);
    expect(room.room.entries.filter((e) => e.status === 'waiting').map((e) => e.displayName)).toEqual([
      'Morag',
      'Nils',
    ]);

    const nilsLive = await connect(app, cast.session.id, nils);
    await nilsLive.next('entry', (m) => m.entry.status === 'waiting' && m.entry.position === 2);
    // Nils drops, then comes back: same place in the queue, not the back of it.
    nilsLive.close();
    await host.next('room', (m) => m.room.entries.some((e) => e.displayName === 'Nils' && !e.connected));
    const back = await connect(app, cast.session.id, nils);
    await back.next('entry', (m) => m.entry.status === 'waiting' && m.entry.position === 2);

    await c.host(cast.facilitator, '/notice', { text: 'Starting in two minutes' });
    expect((await back.next('notice')).text).toBe('Starting in two minutes');

    await c.host(cast.facilitator, `/entries/${nils.entry.id}/admit`);
    await back.next('entry', (m) => m.entry.status === 'admitted');
    expect((await c.token(nils)).statusCode).toBe(200);

    await c.host(cast.facilitator, '/show-rules');
    expect((await back.next('rules')).rules.length).toBeGreaterThan(0);
    await c.host(cast.facilitator, '/pin', { identity: nils.entry.identity }, 'PUT');
    await back.next('pin', (m) => m.identity === nils.entry.identity);

    const all = await c.host(cast.facilitator, '/admit-all');
    expect(all.json()).toEqual({ ok: true, affected: 1 });
    expect((await c.token(morag)).statusCode).toBe(200);

    await c.host(cast.facilitator, '/end');
    await back.next('ended');
    host.close();
    back.close();
  });

  it('keeps raised hands in the order they went up, and tells each person their own after a reload', async () => {
    const app = await testApp();
    const cast = await liveCast(app);
    const c = client(app, cast);
    const fac = await c.enter(cast.facilitator, 'Fran');
    const host = await connect(app, cast.session.id, fac);
    const morag = await c.enter(cast.member, 'Morag');
    const nils = await c.enter(cast.member2, 'Nils');
    const hand = (e: CreatedEntry, raised: boolean, key = e.key) =>
      c.call('PUT', `/entries/${e.entry.id}/hand`, undefined, { raised }, key);
    const mine = async (e: CreatedEntry) =>
      (await c.call('GET', `/entries/${e.entry.id}`, undefined, undefined, e.key)).json();

    // Not from the waiting room, and not with someone else's key.
    const early = await hand(morag, true);
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('not_in_call');
    await c.host(cast.facilitator, '/admit-all');
    expect((await hand(morag, true, nils.key)).statusCode).toBe(404);

    // Nils first, then Morag; raising again does not move Nils to the back.
    expect((await hand(nils, true)).statusCode).toBe(204);
    later(1000);
    expect((await hand(morag, true)).statusCode).toBe(204);
    const first = (await mine(nils)).handRaisedAt;
    expect((await hand(nils, true)).statusCode).toBe(204);
    expect((await mine(nils)).handRaisedAt).toBe(first);
    const hands = (m: Extract<ServerMessage, { type: 'room' }>) =>
      m.room.entries
        .filter((e) => e.handRaisedAt)
        .sort((a, b) => String(a.handRaisedAt).localeCompare(String(b.handRaisedAt)))
        .map((e) => e.displayName);
    await host.next('room', (m) => hands(m).join() === 'Nils,Morag');

    // A page reload reads the hand back: from the entry, and from a new live connection.
    expect((await mine(morag)).handRaisedAt).toEqual(expect.any(String));
    const reloaded = await connect(app, cast.session.id, morag);
    await reloaded.next('entry', (m) => m.entry.status === 'admitted' && m.entry.handRaisedAt !== null);

    // Lowered by its owner; cleared when a facilitator sends them back to the waiting room.
    expect((await hand(nils, false)).statusCode).toBe(204);
    expect((await mine(nils)).handRaisedAt).toBeNull();
    await c.host(cast.facilitator, `/entries/${morag.entry.id}/remove`, { to: 'waiting_room' });
    await reloaded.next('entry', (m) => m.entry.status === 'waiting' && m.entry.handRaisedAt === null);
    await host.next('room', (m) => hands(m).length === 0);
    host.close();
    reloaded.close();
  });

  it('closes a connection that does not prove its entry', async () => {
    const app = await testApp();
    const cast = await liveCast(app);
    const c = client(app, cast);
    const morag = await c.enter(cast.member, 'Morag');
    const bad = await connect(app, cast.session.id, { ...morag, key: 'wrong' });
    const error = await bad.next('error');
    expect(error.code).toBe('bad_entry');
    const closed = await new Promise<number>((resolve) => bad.ws.on('close', (code) => resolve(code)));
    expect(closed).toBe(4403);
  });
});

describe('call tokens on the live connection', { timeout: 60_000 }, () => {
  type Live = Awaited<ReturnType<typeof connect>>;
  /** The tokens a connection was sent, each inside the entry that came with it. */
  const tokensOf = (live: Live) => live.messages.flatMap((m) => (m.type === 'entry' && m.token ? [m.token] : []));
  const withToken = (live: Live, room?: string) =>
    live.next('entry', (m) => m.token !== undefined && (room === undefined || m.token.room === room));

  it('brings each person their token inside the entry that lets them in, on the socket they wait on', async () => {
    const app = await testApp();
    const cast = await liveCast(app);
    const c = client(app, cast);
    const room = cast.session.roomName;
    const fac = await c.enter(cast.facilitator, 'Fran');
    const facLive = await connect(app, cast.session.id, fac);
    // In on arrival: the token comes with the first entry, for the room the call is in.
    const facIn = await withToken(facLive);
    expect(facIn.entry).toMatchObject({ status: 'admitted', room });
    expect(facIn.token).toMatchObject({ room, identity: fac.entry.identity, url: app.config.livekit.publicUrl });
    expect(grantsOf(facIn.token?.token ?? '')).toMatchObject({
      sub: fac.entry.identity,
      attributes: { kind: 'facilitator' },
    });

    const morag = await c.enter(cast.member, 'Morag');
    const nils = await c.enter(cast.member2, 'Nils');
    const moragLive = await connect(app, cast.session.id, morag);
    const nilsLive = await connect(app, cast.session.id, nils);
    await moragLive.next('entry', (m) => m.entry.status === 'waiting');
    await nilsLive.next('entry', (m) => m.entry.status === 'waiting');
    // Nobody waiting holds a token.
    expect(tokensOf(moragLive)).toEqual([]);

    expect((await c.host(cast.facilitator, `/entries/${morag.entry.id}/admit`)).statusCode).toBe(200);
    const admitted = await moragLive.next('entry', (m) => m.entry.status === 'admitted');
    // The entry that says she is in is the one that brings the token: never one without the other.
    expect(admitted.token?.room).toBe(room);
    const pushed = admitted.token?.token ?? '';
    // The same least grants as the token route's, bound to her entry and this room.
    const rest = await c.token(morag);
    expect(rest.statusCode, rest.body).toBe(200);
    const { exp: _e, nbf: _n, ...grants } = grantsOf(pushed);
    const { exp: _e2, nbf: _n2, ...restGrants } = grantsOf(rest.json().token);
    expect(grants).toEqual(restGrants);
    expect(grants).toMatchObject({ sub: morag.entry.identity, attributes: { kind: 'member' } });
    expect(grants.video).toMatchObject({ room, roomJoin: true });
    expect(grants.video.roomAdmin).toBeUndefined();
    // Admitting Morag sent Nils, still waiting, nothing to join with.
    await nilsLive.next('entry', (m) => m.entry.status === 'waiting' && m.entry.position === 1);
    expect(tokensOf(nilsLive)).toEqual([]);

    // Sent back and let in again: she held a token, so the call moved (0011), and everyone in
    // it is sent a token for the new room, each once.
    await c.host(cast.facilitator, `/entries/${morag.entry.id}/remove`, { to: 'waiting_room' });
    await moragLive.next('entry', (m) => m.entry.status === 'waiting');
    await c.host(cast.facilitator, `/entries/${morag.entry.id}/admit`);
    expect((await withToken(moragLive, `${room}.1`)).entry).toMatchObject({ status: 'admitted', room: `${room}.1` });
    await withToken(facLive, `${room}.1`);
    expect(tokensOf(facLive).map((t) => t.room)).toEqual([room, `${room}.1`]);

    await c.host(cast.facilitator, '/admit-all');
    expect((await withToken(nilsLive)).token).toMatchObject({ room: `${room}.1`, identity: nils.entry.identity });
    for (const live of [facLive, moragLive, nilsLive]) live.close();
  });

  it('mints a whole crowd’s tokens when a facilitator admits all, one each, and none for anyone still out', async () => {
    const app = await testApp();
    const cast = await liveCast(app, { dropIns: true, guestLimit: 30 });
    const c = client(app, cast);
    const fac = await c.enter(cast.facilitator, 'Fran');
    const facLive = await connect(app, cast.session.id, fac);
    await withToken(facLive);
    const guests = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const res = await app.inject({
          method: 'POST',
          url: `/api/sessions/${cast.session.id}/entries`,
          remoteAddress: `127.0.0.${10 + i}`,
          payload: { displayName: `Guest ${i}`, groundRulesVersion: 1 },
        });
        expect(res.statusCode, res.body).toBe(201);
        return res.json() as CreatedEntry;
      }),
    );
    const [denied, ...waiting] = guests as [CreatedEntry, ...CreatedEntry[]];
    const deny = await c.host(cast.facilitator, `/entries/${denied.entry.id}/deny`, { message: 'Not today' });
    expect(deny.statusCode).toBe(200);
    const deniedLive = await connect(app, cast.session.id, denied);
    const lives = await Promise.all(waiting.map((g) => connect(app, cast.session.id, g)));
    await Promise.all(lives.map((l) => l.next('entry', (m) => m.entry.status === 'waiting')));

    const all = await c.host(cast.facilitator, '/admit-all');
    expect(all.json()).toEqual({ ok: true, affected: 11 });
    const ins = await Promise.all(lives.map((l) => l.next('entry', (m) => m.entry.status === 'admitted')));
    expect(ins.map((m) => grantsOf(m.token?.token ?? '').sub)).toEqual(waiting.map((g) => g.entry.identity));
    for (const m of ins) expect(grantsOf(m.token?.token ?? '').attributes).toEqual({ kind: 'guest' });
    // One each, and the denied guest's socket none at all.
    for (const l of lives) expect(tokensOf(l)).toHaveLength(1);
    await deniedLive.next('entry', (m) => m.entry.status === 'denied');
    expect(tokensOf(deniedLive)).toEqual([]);
    for (const l of [facLive, deniedLive, ...lives]) l.close();
  });

  it('counts everyone let in together as holding a token for the room, so taking one out before they join still moves the call', async () => {
    const app = await testApp();
    const cast = await liveCast(app, { dropIns: true });
    const c = client(app, cast);
    const room = cast.session.roomName;
    const fac = await c.enter(cast.facilitator, 'Fran');
    const facLive = await connect(app, cast.session.id, fac);
    await withToken(facLive, room);
    const ivy = await c.enter(undefined, 'Ivy');
    const ivyLive = await connect(app, cast.session.id, ivy);
    await ivyLive.next('entry', (m) => m.entry.status === 'waiting');

    await c.host(cast.facilitator, '/admit-all');
    expect((await withToken(ivyLive, room)).entry.status).toBe('admitted');
    // Out before she ever reached LiveKit: the token she was sent names a room that is closed.
    expect((await c.host(cast.facilitator, `/entries/${ivy.entry.id}/remove`, { to: 'out' })).statusCode).toBe(200);
    await withToken(facLive, `${room}.1`);
    expect(tokensOf(facLive).map((t) => t.room)).toEqual([room, `${room}.1`]);
    expect(tokensOf(ivyLive).map((t) => t.room)).toEqual([room]);
    for (const l of [facLive, ivyLive]) l.close();
  });
});
