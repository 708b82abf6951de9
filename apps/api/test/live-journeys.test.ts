/**
 * Issue 11, live sessions: what a newcomer hit while hosting. Each test failed before its fix.
 */
import { describe, expect, it } from 'vitest';
import { appForFile } from './helper.ts';
import { client, connect } from './live-client.ts';
import { liveCast } from './live-fixture.ts';

const testApp = appForFile();

describe('hosting without ghosts or surprises', { timeout: 60_000 }, () => {
  it('"admit everyone" lets in only people connected now, not a dropped connection’s kept place', async () => {
    const app = await testApp();
    const cast = await liveCast(app, { dropIns: true });
    const c = client(app, cast);
    await c.enter(cast.facilitator, 'Fran');
    const sky = await c.enter(undefined, 'Sky');
    const skySocket = await connect(app, cast.session.id, sky);
    await skySocket.next('entry');
    // Ash's browser closed: her place is kept for a while, but nobody is there to let in.
    const ash = await c.enter(undefined, 'Ash');
    const ashSocket = await connect(app, cast.session.id, ash);
    await ashSocket.next('entry');
    ashSocket.close();
    await expect
      .poll(async () => {
        const socket = await connect(app, cast.session.id, await c.enter(cast.facilitator, 'Fran'));
        const room = await socket.next('room');
        socket.close();
        return room.room.entries.find((e) => e.id === ash.entry.id)?.connected;
      })
      .toBe(false);

    const res = await c.host(cast.facilitator, '/admit-all');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().affected).toBe(1);
    const status = async (e: typeof sky) =>
      (await c.call('GET', `/entries/${e.entry.id}`, undefined, undefined, e.key)).json().status;
    expect(await status(sky)).toBe('admitted');
    expect(await status(ash)).toBe('waiting');
    skySocket.close();
  });

  it('a locked room: newcomers wait, open door or not, and a facilitator confirms anyone let in', async () => {
    const app = await testApp();
    const cast = await liveCast(app, { admission: 'open_door' });
    const c = client(app, cast);
    const fran = await c.enter(cast.facilitator, 'Fran');
    const franSocket = await connect(app, cast.session.id, fran);
    await franSocket.next('room');
    expect((await c.host(cast.facilitator, '/lock', { locked: true }, 'PUT')).statusCode).toBe(200);

    const morag = await c.enter(cast.member, 'Morag');
    expect(morag.entry.status).toBe('waiting');
    const moragSocket = await connect(app, cast.session.id, morag);
    await moragSocket.next('locked', (m) => m.locked);

    const plain = await c.host(cast.facilitator, `/entries/${morag.entry.id}/admit`);
    expect(plain.statusCode).toBe(409);
    expect(plain.json()).toMatchObject({ code: 'room_locked', message: expect.stringMatching(/locked.*confirm/) });
    expect((await c.host(cast.facilitator, '/admit-all')).json().code).toBe('room_locked');
    const confirmed = await c.host(cast.facilitator, `/entries/${morag.entry.id}/admit?whileLocked=true`);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    await moragSocket.next('entry', (m) => m.entry.status === 'admitted');

    const nils = await c.enter(cast.member2, 'Nils');
    expect(nils.entry.status).toBe('waiting');
    const all = await c.host(cast.facilitator, '/admit-all?whileLocked=true');
    expect(all.statusCode, all.body).toBe(200);
    moragSocket.close();
    franSocket.close();
  });
});
