/**
 * The waiting room under load: N clients wait over WebSocket, a facilitator presses "admit
 * all", and we time until each client holds its call token, which the API sends on the socket
 * each already waits on (minted in one batch), inside the entry saying they are in; a client
 * admitted without one would have to ask the token route, which the bench reports as an
 * error rather than timing the fallback. The baseline is a bare `ws`
 * server in this process broadcasting one message to N clients: the floor for "tell
 * everyone". Memory per waiting connection is the API's live heap (after full collections, read
 * through its inspector) with everyone waiting, less the same before they connected, over N;
 * its baseline is the same reading of a bare `ws` server holding N connections.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '@peer-support/stack/livekit';
import { freePort, startProcess, waitFor } from '@peer-support/stack/processes';
import WebSocket, { WebSocketServer } from 'ws';
import { request } from '../support/http.ts';
import { insertOnlineSession } from '../support/sessions.ts';
import { inspect, perItem } from './heap.ts';

/** One "admit all" and the broadcast beside it, both in milliseconds. */
export interface AdmitRound {
  admitP50: number;
  admitP99: number;
  broadcastP50: number;
  broadcastP99: number;
}

export interface WaitingRoomFigures {
  clients: number;
  /**
   * The first "admit all" of a freshly started API, then another into a second session of the
   * same group: the first pays for compiling the code on the way (a server that has run a
   * while has done that), so both are shown, each beside a broadcast run the same way.
   */
  rounds: AdmitRound[];
  /** Heap plus external bytes per waiting connection, with the range the samples' spread allows. */
  memory: { api: Spread; bareWs: Spread };
}

export interface Spread {
  bytes: number;
  low: number;
  high: number;
}

/** Admit-all rounds per run: see WaitingRoomFigures.rounds. */
const ROUNDS = 2;

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};

/** A request the benchmark cannot go on without: anything but 2xx stops it. */
async function http(...args: Parameters<typeof request>) {
  const res = await request(...args);
  if (!res.ok) throw new Error(`${args[1]} ${args[2]}: ${res.status} ${JSON.stringify(res.json)}`);
  return res;
}

/** Runs `task` over `items` with at most `limit` at once. */
async function pool<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await task(items[i] as T);
      }
    }),
  );
  return out;
}

/**
 * The loopback address person `i` of the crowd comes from: four people an address, as from
 * homes and shared networks, within the API's per-client limits (arrival-limits.ts).
 */
const addressOf = (i: number) => `127.0.0.${2 + (i % 250)}`;

export async function waitingRoomLoad(
  stack: { baseUrl: string; databaseUrl: string; apiInspectorPort?: number },
  clients: number,
): Promise<WaitingRoomFigures> {
  const base = stack.baseUrl;
  const signUp = await http(base, 'POST', '/api/auth/sign-up/email', {
    name: 'Bench Host',
    email: `bench-host-${randomUUID().slice(0, 8)}@example.org`,
    password: 'a long enough password',
  });
  const { cookie } = signUp;
  if (!cookie) throw new Error('signing the bench host up set no cookie');
  const provider = await http(
    base,
    'POST',
    '/api/providers',
    { name: `Bench ${randomUUID().slice(0, 6)}` },
    { cookie },
  );
  const group = await http(
    base,
    'POST',
    `/api/providers/${provider.json.id}/groups`,
    // A crowd this size is over any real group's guest limit: the bench's group sets its own.
    { name: 'Bench drop-in', dropIns: true, guestLimit: clients },
    { cookie },
  );
  if (!stack.apiInspectorPort) throw new Error('The waiting-room bench needs the stack started with inspect: true');
  let memory: Spread | undefined;
  const rounds: AdmitRound[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const sessionId = await insertOnlineSession(stack.databaseUrl, group.json.id, `Bench ${round + 1}`);
    const admitted = await admitAllRound(base, `/api/sessions/${sessionId}`, cookie, clients, async (measure) => {
      // Memory is read in the first round, once the burst of sign-ups has settled, and again with everyone connected.
      if (round > 0) return measure();
      const inspector = await inspect(stack.apiInspectorPort as number);
      try {
        const before = await inspector.sample();
        await measure();
        memory = perItem(before, await inspector.sample(), clients);
      } finally {
        inspector.close();
      }
    });
    const broadcast = await rawBroadcast(clients);
    rounds.push({
      admitP50: percentile(admitted, 50),
      admitP99: percentile(admitted, 99),
      broadcastP50: percentile(broadcast, 50),
      broadcastP99: percentile(broadcast, 99),
    });
  }
  const bareWs = await bareWsMemory(clients);
  if (!memory) throw new Error('the first round read no memory');
  return { clients, rounds, memory: { api: memory, bareWs } };
}

/**
 * One session: `clients` guests arrive, then connect and wait on their sockets, inside
 * `whileConnecting` (so the first round can read memory on either side of it), then the host
 * presses "admit all". Returns, per guest, the milliseconds from the press until it held its token.
 */
async function admitAllRound(
  base: string,
  path: string,
  cookie: string,
  clients: number,
  whileConnecting: (connectEveryone: () => Promise<void>) => Promise<void>,
): Promise<number[]> {
  const entries = await pool(
    Array.from({ length: clients }, (_, i) => i),
    16,
    async (i) => {
      const created = await http(
        base,
        'POST',
        `${path}/entries`,
        { displayName: `Guest ${i}`, groundRulesVersion: 1 },
        {},
        { localAddress: addressOf(i) },
      );
      return { ...(created.json as { entry: { id: string }; key: string }), from: addressOf(i) };
    },
  );
  const wsUrl = `${base.replace('http', 'ws')}${path}/live`;
  let t0 = 0;
  const tokenAt: number[] = [];
  let waitingSeen = 0;
  let allWaiting: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    allWaiting = resolve;
  });
  let allHold: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    allHold = resolve;
  });
  // The facilitator is there before the crowd, as in a real session.
  await http(base, 'POST', `${path}/entries`, { displayName: 'Host', groundRulesVersion: 1 }, { cookie });
  let sockets: WebSocket[] = [];
  await whileConnecting(async () => {
    sockets = await pool(entries, 50, async (e) => {
      const ws = new WebSocket(wsUrl, { localAddress: e.from });
      await once(ws, 'open');
      let admitted = false;
      let holds = false;
      ws.on('message', (raw) => {
        const m = JSON.parse(String(raw));
        if (m.type !== 'entry') return;
        if (m.token && !holds && t0 > 0) {
          holds = true;
          tokenAt.push(performance.now() - t0);
          if (tokenAt.length === clients) allHold();
        }
        if (m.entry.status === 'waiting' && !admitted && m.entry.position !== null) {
          waitingSeen += 1;
          if (waitingSeen === clients) allWaiting();
        }
        if (m.entry.status === 'admitted' && !admitted && t0 > 0) {
          admitted = true;
          if (!holds) console.error(`Guest ${e.entry.id} was admitted with no token on the socket`);
        }
      });
      ws.send(JSON.stringify({ type: 'hello', entryId: e.entry.id, key: e.key }));
      return ws;
    });
    await withTimeout(ready, 60_000, 'every client to see itself waiting');
  });

  t0 = performance.now();
  await http(base, 'POST', `${path}/admit-all`, undefined, { cookie });
  await withTimeout(done, 120_000, 'every client to hold a token');
  for (const ws of sockets) ws.terminate();
  return tokenAt;
}

/** The floor: a bare ws server in this process sends one message to N clients. */
async function rawBroadcast(clients: number): Promise<number[]> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  const received: number[] = [];
  let t0 = 0;
  let allGot: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    allGot = resolve;
  });
  const sockets = await pool(
    Array.from({ length: clients }, (_, i) => i),
    50,
    async () => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}`);
      ws.on('message', () => {
        received.push(performance.now() - t0);
        if (received.length === clients) allGot();
      });
      await once(ws, 'open');
      return ws;
    },
  );
  while (server.clients.size < clients) await new Promise((r) => setTimeout(r, 10));
  t0 = performance.now();
  const message = JSON.stringify({ type: 'entry', entry: { status: 'admitted' } });
  for (const c of server.clients) c.send(message);
  await withTimeout(done, 30_000, 'the raw broadcast');
  for (const ws of sockets) ws.terminate();
  server.close();
  return received;
}

/** The memory floor: what a bare ws server (bare-ws.ts) holds per connection that said hello. */
async function bareWsMemory(clients: number): Promise<Spread> {
  const port = await freePort();
  const inspectorPort = await freePort();
  const bare = await startProcess({
    name: 'bare-ws',
    command: path.join(repoRoot, 'node_modules/.bin/tsx'),
    args: [`--inspect=127.0.0.1:${inspectorPort}`, path.join(repoRoot, 'tests/bench/bare-ws.ts')],
    env: { ...process.env, PORT: String(port) },
    output: path.join(os.tmpdir(), 'bench-bare-ws.log'),
  });
  try {
    // The inspector opens before the script runs, so once the server answers both are up.
    const probe = () =>
      new Promise<void>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}`);
        ws.on('open', () => {
          ws.terminate();
          resolve();
        });
        ws.on('error', reject);
      });
    await waitFor('bare ws', probe, 20_000, bare.child);
    const inspector = await inspect(inspectorPort);
    const before = await inspector.sample();
    const sockets = await pool(
      Array.from({ length: clients }, (_, i) => i),
      50,
      async (i) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}`);
        await once(ws, 'open');
        ws.send(JSON.stringify({ type: 'hello', entryId: `entry-${i}`, key: 'k' }));
        await once(ws, 'message');
        return ws;
      },
    );
    const after = await inspector.sample();
    inspector.close();
    for (const ws of sockets) ws.terminate();
    return perItem(before, after, clients);
  } finally {
    await bare.stop();
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
