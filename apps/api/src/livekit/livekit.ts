import { AccessToken, RoomServiceClient, WebhookReceiver } from 'livekit-server-sdk';
import type { Config } from '../config.ts';
import { type CallRole, grantsFor } from './grants.ts';

export interface MintedToken {
  token: string;
  identity: string;
  room: string;
  expiresAt: Date;
}

/** Everything the API does with LiveKit, behind one small surface. */
export function createLivekit(config: Config['livekit']) {
  const rooms = new RoomServiceClient(config.apiUrl, config.apiKey, config.apiSecret, { requestTimeout: 5 });
  const webhooks = new WebhookReceiver(config.apiKey, config.apiSecret);

  return {
    publicUrl: config.publicUrl,
    rooms,
    webhooks,

    /** Rooms are created by us only (auto_create is off), so a stray token cannot open one. */
    async ensureRoom(name: string, maxParticipants = 0) {
      return rooms.createRoom({ name, emptyTimeout: 5 * 60, departureTimeout: 20, maxParticipants });
    },

    async mintToken(input: { room: string; identity: string; name: string; role: CallRole }): Promise<MintedToken> {
      const ttl = config.tokenTtlSeconds;
      const at = new AccessToken(config.apiKey, config.apiSecret, {
        identity: input.identity,
        name: input.name,
        ttl,
        metadata: JSON.stringify({ role: input.role }),
      });
      at.addGrant(grantsFor(input.role, input.room));
      return {
        token: await at.toJwt(),
        identity: input.identity,
        room: input.room,
        expiresAt: new Date(Date.now() + ttl * 1000),
      };
    },

    /** Answers whether LiveKit is up and accepts our key. */
    async ping(timeoutMs = 2000): Promise<void> {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([rooms.listRooms([]), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

export type Livekit = ReturnType<typeof createLivekit>;
