import { applyRoomChanges, type CreatedEntry, type RoomState, type ServerMessage } from '@peer-support/contracts/live';
import { expect } from 'vitest';
import type { Person } from './accounts.ts';
import type { buildTestApp } from './helper.ts';
import type { liveCast } from './live-fixture.ts';

type App = Awaited<ReturnType<typeof buildTestApp>>;
type Cast = Awaited<ReturnType<typeof liveCast>>;

/** The claims of a LiveKit token, read without verifying (the tests minted or received it). */
export const grantsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as {
    sub: string;
    exp: number;
    nbf?: number;
    name?: string;
    metadata?: string;
    attributes?: Record<string, string>;
    video: Record<string, unknown>;
  };

export function client(app: App, cast: Cast, sessionId = cast.session.id) {
  const base = `/api/sessions/${sessionId}`;
  const call = async (method: 'GET' | 'POST' | 'PUT', url: string, who?: Person, payload?: object, key?: string) =>
    app.inject({
      method,
      url: `${base}${url}`,
      headers: { ...(who && { cookie: who.cookie }), ...(key && { 'x-entry-key': key }) },
      ...(payload && { payload }),
    });
  return {
    call,
    async enter(who: Person | undefined, displayName: string, version = 1): Promise<CreatedEntry> {
      const res = await call('POST', '/entries', who, { displayName, groundRulesVersion: version });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    },
    token: (e: CreatedEntry, id = e.entry.id) => call('POST', `/entries/${id}/token`, undefined, undefined, e.key),
    host: (who: Person, url: string, payload?: object, method: 'POST' | 'PUT' = 'POST') =>
      call(method, url, who, payload),
  };
}

/**
 * A live connection, with every message it got and a way to wait for one. Facilitators get the
 * whole room once and changes after; `next('room')` also sees the room each change makes, so a
 * test can wait for a room that looks a certain way. `messages` holds only what was sent.
 */
export async function connect(app: App, sessionId: string, entry: CreatedEntry) {
  await app.ready();
  const ws = await app.injectWS(`/api/sessions/${sessionId}/live`);
  const messages: ServerMessage[] = [];
  const seen: ServerMessage[] = [];
  const waiters: (() => void)[] = [];
  let room: RoomState | undefined;
  ws.on('message', (raw) => {
    const message = JSON.parse(String(raw)) as ServerMessage;
    messages.push(message);
    seen.push(message);
    if (message.type === 'room') room = message.room;
    if (message.type === 'room_changes' && room) {
      room = applyRoomChanges(room, message);
      seen.push({ type: 'room', room });
    }
    for (const w of waiters.splice(0)) w();
  });
  ws.send(JSON.stringify({ type: 'hello', entryId: entry.entry.id, key: entry.key }));
  return {
    ws,
    messages,
    async next<T extends ServerMessage['type']>(
      type: T,
      match: (m: Extract<ServerMessage, { type: T }>) => boolean = () => true,
      timeoutMs = 5000,
    ): Promise<Extract<ServerMessage, { type: T }>> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = seen.find((m): m is Extract<ServerMessage, { type: T }> => m.type === type && match(m as never));
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`no ${type} message within ${timeoutMs} ms; got ${JSON.stringify(messages)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    close: () => ws.terminate(),
  };
}
