/**
 * Issue 10, finding 6: one anonymous client made 500 entries in 7 s and kept them alive, a
 * real person was 501st, and each change pushed the whole room to facilitators (the bytes
 * grew with the square of the queue). Each test here is one way in, and proves it is closed.
 */
import { once } from 'node:events';
import type { ServerMessage } from '@peer-support/contracts/live';
import { groups } from '@peer-support/db/schema';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildTestApp } from '../helper.ts';
import { client, connect } from '../live-client.ts';
import { liveCast } from '../live-fixture.ts';

type App = Awaited<ReturnType<typeof buildTestApp>>;
let app: App;
beforeAll(async () => {
  app = await buildTestApp();
});

/** A guest asks to come in from a client address of their own. */
const arrive = (sessionId: string, from: string, name: string) =>
  app.inject({
    method: 'POST',
    url: `/api/sessions/${sessionId}/entries`,
    remoteAddress: from,
    payload: { displayName: name, groundRulesVersion: 1 },
  });

describe('finding 6: nobody can flood a session', { timeout: 120_000 }, () => {
  it('one client holds at most ten guest places in a session, and is told when to try again', async () => {
    const cast = await liveCast(app, { dropIns: true });
    const codes: number[] = [];
    let refused: Awaited<ReturnType<typeof arrive>> | undefined;
    for (let i = 0; i < 15; i++) {
      const res = await arrive(cast.session.id, '203.0.113.5', `Phantom ${i}`);
      codes.push(res.statusCode);
      if (res.statusCode === 429) refused = res;
    }
    expect(codes.filter((c) => c === 201)).toHaveLength(10);
    expect(refused?.headers['retry-after']).toMatch(/^\d+$/);
    expect(refused?.json()).toMatchObject({
      code: 'too_many_entries',
      message: expect.stringMatching(/device|network/),
    });
    // Someone else still gets in.
    expect((await arrive(cast.session.id, '198.51.100.7', 'Sky')).statusCode).toBe(201);
  });

  it('leaving and arriving again does not get round it', async () => {
    const cast = await liveCast(app, { dropIns: true });
    const codes: number[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await arrive(cast.session.id, '203.0.113.6', `Churn ${i}`);
      codes.push(res.statusCode);
      if (res.statusCode !== 201) continue;
      const { entry, key } = res.json();
      await client(app, cast).call('POST', `/entries/${entry.id}/leave`, undefined, undefined, key);
    }
    expect(codes.filter((c) => c === 201)).toHaveLength(20);
    expect(codes.at(-1)).toBe(429);
  });

  it('a session takes at most its group’s guest limit, while members still come in', async () => {
    const cast = await liveCast(app, { dropIns: true, guestLimit: 6 });
    const codes: number[] = [];
    for (let i = 0; i < 9; i++)
      codes.push((await arrive(cast.session.id, `192.0.2.${10 + i}`, `Guest ${i}`)).statusCode);
    expect(codes.slice(0, 6)).toEqual([201, 201, 201, 201, 201, 201]);
    const full = await arrive(cast.session.id, '192.0.2.99', 'One more');
    expect(full.statusCode).toBe(429);
    expect(full.json()).toMatchObject({ code: 'guest_places_full', message: expect.stringMatching(/guests/) });
    expect(full.headers['retry-after']).toMatch(/^\d+$/);
    expect((await client(app, cast).enter(cast.member, 'Morag')).entry.status).toBe('waiting');
  });

  it('refuses a guest limit out of range, with a sentence', async () => {
    const cast = await liveCast(app, { dropIns: true });
    for (const guestLimit of [0, 5001, 2.5]) {
      const res = await app.inject({
        method: 'PATCH',
        url: `/api/groups/${cast.group.id}`,
        headers: { cookie: cast.admin.cookie },
        payload: { guestLimit },
      });
      expect(res.statusCode, String(guestLimit)).toBe(400);
      expect(res.json().fields[0].field).toBe('body.guestLimit');
    }
    const [row] = await app.database.db
      .select({ limit: groups.guestLimit })
      .from(groups)
      .where(eq(groups.id, cast.group.id));
    expect(row?.limit).toBe(30);
  });

  it('one client address holds at most fifty live connections on a node', async () => {
    const cast = await liveCast(app, { dropIns: true });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };
    const sockets: WebSocket[] = [];
    const outcomes: string[] = [];
    try {
      for (let i = 0; i < 55; i++) {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/api/sessions/${cast.session.id}/live`, {
          localAddress: '127.0.0.23',
        });
        sockets.push(ws);
        const outcome = await Promise.race([
          once(ws, 'open').then(() => 'open'),
          once(ws, 'unexpected-response').then(([, res]) => `refused ${(res as { statusCode: number }).statusCode}`),
        ]);
        outcomes.push(outcome);
      }
      expect(outcomes.filter((o) => o === 'open')).toHaveLength(50);
      expect(outcomes.slice(50)).toEqual(Array(5).fill('refused 429'));
      // Another address is not held up.
      const other = new WebSocket(`ws://127.0.0.1:${port}/api/sessions/${cast.session.id}/live`, {
        localAddress: '127.0.0.24',
      });
      sockets.push(other);
      await once(other, 'open');
    } finally {
      for (const ws of sockets) ws.terminate();
    }
  });

  it('facilitators are sent what changed, not the whole room again', async () => {
    const cast = await liveCast(app, { dropIns: true, guestLimit: 200 });
    const c = client(app, cast);
    const fran = await c.enter(cast.facilitator, 'Fran');
    for (let i = 0; i < 60; i++) await arrive(cast.session.id, `192.0.2.${100 + (i % 50)}`, `Early ${i}`);
    const socket = await connect(app, cast.session.id, fran);
    await socket.next('room', (m) => m.room.entries.length === 61);
    const bytes = () => socket.messages.reduce((n, m: ServerMessage) => n + Buffer.byteLength(JSON.stringify(m)), 0);
    const before = bytes();
    for (let i = 0; i < 30; i++) {
      await arrive(cast.session.id, `198.51.100.${10 + i}`, `Later ${i}`);
      await new Promise((r) => setTimeout(r, 30));
    }
    // Every arrival reaches the facilitator...
    await expect
      .poll(() => {
        const names = new Set<string>();
        for (const m of socket.messages) {
          if (m.type === 'room') for (const e of m.room.entries) names.add(e.displayName);
          if (m.type === 'room_changes') for (const e of m.upserted) names.add(e.displayName);
        }
        return names.size;
      })
      .toBe(91);
    // ...as a change of about one entry each (a few hundred bytes), not 60-90 entries each time.
    expect(bytes() - before).toBeLessThan(30 * 1024);
    socket.close();
  });
});
