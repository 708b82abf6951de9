import websocket from '@fastify/websocket';
import fp from 'fastify-plugin';
import { inProcessBus, type LiveBus, postgresBus } from '../live/bus.ts';
import { type LiveHub, liveHub } from '../live/hub.ts';
import { type WaitingRoom, waitingRoomService } from '../live/waiting-room.ts';

declare module 'fastify' {
  interface FastifyInstance {
    live: { bus: LiveBus; room: WaitingRoom; hub: LiveHub };
  }
}

/** How often each node drops waiting people whose connection has been gone past the grace period. */
const SWEEP_MS = 30_000;

/**
 * Live sessions: the bus between API nodes (PostgreSQL LISTEN/NOTIFY when there is a
 * PostgreSQL, in process on PGlite, which is one process by nature), the waiting-room
 * service, and the hub of this node's WebSocket connections.
 */
export default fp(
  async (app) => {
    const onError = (error: unknown, what: string) => app.log.error({ err: error }, `live sessions: ${what} failed`);
    const bus = app.database.pubsub
      ? await postgresBus(app.database.pubsub, (error) => onError(error, 'reading a bus message'))
      : inProcessBus();
    const room = waitingRoomService({ db: app.database.db, livekit: app.livekit, bus, onError });
    const hub = liveHub(room, bus, onError);
    app.decorate('live', { bus, room, hub });
    // Small frames only: hello and ping. Anything bigger is not from our client.
    await app.register(websocket, { options: { maxPayload: 4096 } });

    const sweep = setInterval(() => {
      room.sweep(new Date()).catch((error: unknown) => onError(error, 'sweeping the waiting rooms'));
    }, SWEEP_MS);
    sweep.unref();
    app.addHook('preClose', async () => {
      clearInterval(sweep);
      await hub.close();
    });
    app.addHook('onClose', async () => bus.close());
    app.log.info({ bus: bus.kind }, 'live sessions ready');
  },
  { name: 'live', dependencies: ['database', 'livekit'] },
);
