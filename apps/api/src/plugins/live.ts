import websocket from '@fastify/websocket';
import fp from 'fastify-plugin';
import { type AttendanceService, attendanceService } from '../live/attendance.ts';
import { inProcessBus, type LiveBus, postgresBus } from '../live/bus.ts';
import { type CallRoom, callRoomService } from '../live/call-room.ts';
import { callTokens } from '../live/call-tokens.ts';
import { type Entries, entriesService } from '../live/entries.ts';
import { type Host, hostService } from '../live/host.ts';
import { type LiveHub, liveHub } from '../live/hub.ts';
import { type Presence, presenceService } from '../live/presence.ts';
import { roomSnapshots } from '../live/room-snapshot.ts';

declare module 'fastify' {
  interface FastifyInstance {
    live: {
      bus: LiveBus;
      entries: Entries;
      presence: Presence;
      host: Host;
      calls: CallRoom;
      hub: LiveHub;
      attendance: AttendanceService;
    };
  }
}

/** How often each node drops waiting people whose connection has been gone past the grace period. */
const SWEEP_MS = 30_000;

/**
 * Live sessions: the bus between API nodes (PostgreSQL LISTEN/NOTIFY when there is a
 * PostgreSQL, in process on PGlite, which is one process by nature), entries, presence and
 * facilitators' controls, the call rooms kept in line with it, attendance (from LiveKit's webhooks), and the hub of this node's WebSocket
 * connections. Every node sweeps the waiting rooms and reconciles running calls with LiveKit
 * on a timer; both are idempotent, so nodes need not agree who does it.
 */
export default fp<{ reconcileEveryMs: number; clientSecret: string }>(
  async (app, opts) => {
    const onError = (error: unknown, what: string) => app.log.error({ err: error }, `live sessions: ${what} failed`);
    // PGlite is one process: its NOTIFY would only come back here, through the one connection
    // every query waits on, so events stay in process there.
    const bus =
      app.database.driver === 'postgres'
        ? await postgresBus(app.database.pubsub, (error) => onError(error, 'reading a bus message'))
        : inProcessBus();
    const db = app.database.db;
    const livekit = app.livekit;
    const calls = callRoomService({ db, livekit, bus, onError, now: app.now });
    const tokens = callTokens({ db, livekit, calls });
    const entries = entriesService({
      db,
      bus,
      calls,
      tokens,
      callUrl: livekit.publicUrl,
      clientSecret: opts.clientSecret,
    });
    const presence = presenceService({ db, bus, calls });
    const host = hostService({ db, livekit, bus, calls });
    const attendance = attendanceService({ db, webhooks: livekit.webhooks, calls });
    const hub = liveHub({ snapshot: roomSnapshots({ db, calls }), tokens, bus, onError, now: app.now });
    app.decorate('live', { bus, entries, presence, host, calls, hub, attendance });
    // Small frames only: hello and ping. Anything bigger is not from our client.
    await app.register(websocket, { options: { maxPayload: 4096 } });

    const sweep = setInterval(() => {
      presence.sweep(app.now()).catch((error: unknown) => onError(error, 'sweeping the waiting rooms'));
    }, SWEEP_MS);
    sweep.unref();
    // One pass at a time: a slow LiveKit must not stack passes up.
    let reconciling: Promise<void> | null = null;
    const reconcile = setInterval(() => {
      reconciling ??= calls.reconcileAll(app.now()).finally(() => {
        reconciling = null;
      });
    }, opts.reconcileEveryMs);
    reconcile.unref();
    app.addHook('preClose', async () => {
      clearInterval(sweep);
      clearInterval(reconcile);
      await reconciling;
      await hub.close();
    });
    app.addHook('onClose', async () => bus.close());
    app.log.info({ bus: bus.kind }, 'live sessions ready');
  },
  { name: 'live', dependencies: ['database', 'livekit'] },
);
