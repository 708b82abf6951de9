import { KIND_ATTRIBUTE } from '@peer-support/contracts/live';
import type { EntryKind } from '@peer-support/domain/waiting-room';
import { createSigner } from 'fast-jwt';
import { claimsToJwtPayload, type ParticipantInfo, RoomServiceClient, WebhookReceiver } from 'livekit-server-sdk';
import type { Config } from '../config.ts';
import { grantsFor } from './grants.ts';

export interface MintedToken {
  token: string;
  identity: string;
  room: string;
  expiresAt: Date;
}

/** Well inside the room's 5-minute empty timeout, so a remembered room still exists. */
const ENSURED_FOR_MS = 30_000;

/** LiveKit answers "not found" for a room or participant that is already gone: for us, done. */
const gone = (error: unknown) => /not.?found|does not exist/i.test(String(error));

/** Everything the API does with LiveKit, behind one small surface. */
export function createLivekit(config: Config['livekit']) {
  const rooms = new RoomServiceClient(config.apiUrl, config.apiKey, config.apiSecret, { requestTimeout: 5 });
  const webhooks = new WebhookReceiver(config.apiKey, config.apiSecret);
  const ensured = new Map<string, number>();
  // What LiveKit checks: HS256 with our secret, issued by our key, valid from now for the TTL;
  // no `iat`, as the SDK's own tokens have none.
  const sign = createSigner({
    key: config.apiSecret,
    algorithm: 'HS256',
    iss: config.apiKey,
    notBefore: 0,
    expiresIn: config.tokenTtlSeconds * 1000,
    noTimestamp: true,
  });

  return {
    publicUrl: config.publicUrl,
    rooms,
    webhooks,

    /**
     * Rooms are created by us only (auto_create is off), so a stray token cannot open one.
     * A crowd admitted at once asks for the same room hundreds of times: one call to LiveKit
     * per room every little while is enough (createRoom is idempotent for an existing room).
     */
    async ensureRoom(name: string, maxParticipants = 0) {
      const now = Date.now();
      const known = ensured.get(name);
      if (known && known > now) return;
      await rooms.createRoom({ name, emptyTimeout: 5 * 60, departureTimeout: 120, maxParticipants });
      ensured.set(name, now + ENSURED_FOR_MS);
      if (ensured.size > 10_000) for (const [k, until] of ensured) if (until <= now) ensured.delete(k);
    },

    /**
     * A token for one person in one room. Their kind rides as a participant attribute, set by
     * us and not changeable by them (see grantsFor), so everyone's call shows who hosts.
     * The claims are the SDK's own (`claimsToJwtPayload`, as its AccessToken makes them);
     * fast-jwt signs them, synchronously and about four times faster than the SDK's
     * per-token WebCrypto, which is most of minting a thousand at once for "admit all".
     */
    mintToken(input: { room: string; identity: string; name: string; kind: EntryKind }): MintedToken {
      const claims = claimsToJwtPayload({
        video: grantsFor(input.kind === 'facilitator' ? 'facilitator' : 'participant', input.room),
        name: input.name,
        attributes: { [KIND_ATTRIBUTE]: input.kind },
      });
      return {
        token: sign({ ...claims, sub: input.identity }),
        identity: input.identity,
        room: input.room,
        expiresAt: new Date(Date.now() + config.tokenTtlSeconds * 1000),
      };
    },

    /** Who LiveKit has in a room now; nobody when the room does not exist. */
    async peopleIn(room: string): Promise<ParticipantInfo[]> {
      try {
        return await rooms.listParticipants(room);
      } catch (error) {
        if (gone(error)) return [];
        throw error;
      }
    },

    async roomExists(room: string): Promise<boolean> {
      return (await rooms.listRooms([room])).length > 0;
    },

    /** Takes someone out of a room now; someone already gone is fine. */
    async takeOut(room: string, identity: string): Promise<void> {
      await rooms.removeParticipant(room, identity).catch((error: unknown) => {
        if (!gone(error)) throw error;
      });
    },

    /** Closes a room, disconnecting everyone in it; a room already gone is fine. */
    async closeRoom(room: string): Promise<void> {
      ensured.delete(room);
      await rooms.deleteRoom(room).catch((error: unknown) => {
        if (!gone(error)) throw error;
      });
    },

    /** LiveKit closed a room by itself (empty for its timeout): it must be made again before use. */
    forgetRoom(room: string) {
      ensured.delete(room);
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
