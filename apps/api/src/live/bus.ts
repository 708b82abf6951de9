import { EventEmitter } from 'node:events';
import type { PubSub } from '@peer-support/db/client';

/**
 * What one API node tells the others about a live session. `changed` says "the entries or the
 * room changed: reload and push"; the rest carry what the facilitator did, for those present.
 * Events are small on purpose: PostgreSQL NOTIFY payloads stop at 8,000 bytes.
 */
export type LiveEvent =
  | { sessionId: string; type: 'changed' }
  | { sessionId: string; type: 'notice'; text: string; at: string }
  | { sessionId: string; type: 'rules'; rules: string[] }
  | { sessionId: string; type: 'pin'; identity: string | null }
  | { sessionId: string; type: 'locked'; locked: boolean }
  | { sessionId: string; type: 'ended' };

export interface LiveBus {
  readonly kind: 'in_process' | 'postgres';
  publish(event: LiveEvent): Promise<void>;
  subscribe(handler: (event: LiveEvent) => void): () => void;
  close(): Promise<void>;
}

const CHANNEL = 'live_events';

/** One node (PGlite, or tests): events go straight to this process's subscribers. */
export function inProcessBus(): LiveBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    kind: 'in_process',
    async publish(event) {
      // Deliver after the caller's own work, as a remote bus would.
      queueMicrotask(() => emitter.emit(CHANNEL, event));
    },
    subscribe(handler) {
      emitter.on(CHANNEL, handler);
      return () => emitter.off(CHANNEL, handler);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}

/**
 * Many nodes on one PostgreSQL: every event goes through NOTIFY, and each node (this one too)
 * hears it on its LISTEN connection, so all nodes deliver the same way.
 */
export async function postgresBus(pubsub: PubSub, onBadMessage: (error: unknown) => void): Promise<LiveBus> {
  const local = inProcessBus();
  const { unlisten } = await pubsub.listen(CHANNEL, (payload) => {
    try {
      const event = JSON.parse(payload) as LiveEvent;
      void local.publish(event);
    } catch (error) {
      onBadMessage(error);
    }
  });
  return {
    kind: 'postgres',
    publish: (event) => pubsub.notify(CHANNEL, JSON.stringify(event)),
    subscribe: (handler) => local.subscribe(handler),
    async close() {
      await unlisten().catch(() => {});
      await local.close();
    },
  };
}
