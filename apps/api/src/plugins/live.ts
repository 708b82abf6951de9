import websocket from '@fastify/websocket';
import fp from 'fastify-plugin';
import { type AttendanceService, attendanceService } from '../live/attendance.ts';
import { inProcessBus, type LiveBus, postgresBus } from '../live/bus.ts';
import { type CallRoom, callRoomService } from '../live/call-room.ts';
import { type LiveHub, liveHub } from '../live/hub.ts';
import { type WaitingRoom, waitingRoomService } from '../live/waiting-room.ts';

declare module 'fastify' {
  interface FastifyInstance {
    live: { bus: LiveBus; room: WaitingRoom; calls: CallRoom; hub: LiveHub; attendance: AttendanceService };
  }
}

/** How often each node drops waiting people whose connection has been gone past the grace period. */
const SWEEP_MS = 30_000;

/**
 * Live sessions: the bus between API nodes (PostgreSQL LISTEN/NOTIFY when there is a
 * PostgreSQL, in process on PGlite, which is one process by nature), the waiting-room
 * service, the call rooms kept in line with it, attendance (from LiveKit's webhooks), and the hub of this node's WebSocket
 * connections. Every node sweeps the waiting rooms and reconciles running calls with LiveKit
 * on a timer; both are idempotent, so nodes need not agree who does it.
 */
export default fp<{ reconcileEveryMs: number; clientSecret: string }>(
  async (app, opts) => {
    const onError = (error: unknown, what: string) => app.log.error({ err: error }, `live sessions: ${what} failed`);
    const bus = app.database.pubsub
      ? await postgresBus(app.database.pubsub, (error) => onError(error, 'reading a bus message'))
      : inProcessBus();
    const calls = callRoomService({ db: app.database.db, livekit: app.livekit, bus, onError, now: app.now });
    const room = waitingRoomService({
      db: app.database.db,
      livekit: app.livekit,
      bus,
      calls,
      clientSecret: opts.clientSecret,
    });
    const attendance = attendanceService({ db: app.database.db, webhooks: app.livekit.webhooks, calls });
    const hub = liveHub(room, bus, onError, app.now);
    app.decorate('live', { bus, room, calls, hub, attendance });
    // Small frames only: hello and ping. Anything bigger is not from our client.
    await app.register(websocket, { options: { maxPayload: 4096 } });

    const sweep = setInterval(() => {
      room.sweep(app.now()).catch((error: unknown) => onError(error, 'sweeping the waiting rooms'));
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
