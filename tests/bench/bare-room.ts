/**
 * What the LiveKit benches stand on without our API: a room of the bench's own with tokens minted
 * here (the API takes anyone who is not an admitted entry out of a session's room, decision
 * 0011), and a page on loopback holding only livekit-client and the bench's own script.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from '@peer-support/stack/livekit';
import { AccessToken, RoomServiceClient } from 'livekit-server-sdk';

export interface BareRoom {
  name: string;
  /** A token to join, publish and subscribe in this room, for `ttlS` seconds. */
  tokenFor(identity: string): Promise<string>;
  close(): Promise<void>;
}

/** Creates the room (the server makes rooms only when asked, as the API does for a call). */
export async function bareRoom(
  livekit: { url: string; apiKey: string; apiSecret: string },
  prefix: string,
  ttlS: number,
): Promise<BareRoom> {
  const name = `${prefix}-${randomUUID()}`;
  const rooms = new RoomServiceClient(livekit.url.replace(/^ws/, 'http'), livekit.apiKey, livekit.apiSecret);
  await rooms.createRoom({ name, emptyTimeout: 120 });
  return {
    name,
    tokenFor: (identity) => {
      const at = new AccessToken(livekit.apiKey, livekit.apiSecret, { identity, ttl: ttlS });
      at.addGrant({ room: name, roomJoin: true, canSubscribe: true, canPublish: true, canPublishData: true });
      return at.toJwt();
    },
    close: () => rooms.deleteRoom(name).catch(() => {}),
  };
}

/** Serves `html` at `/` with the livekit-client UMD build at `/lk.js` (global `LivekitClient`). */
export async function servePage(html: string): Promise<{ url: string; close(): void }> {
  const require = createRequire(path.join(repoRoot, 'apps/web/package.json'));
  // The package's exports hide dist/; its require entry lives next to the UMD build.
  const umd = readFileSync(path.join(path.dirname(require.resolve('livekit-client')), 'livekit-client.umd.js'));
  const server = createServer((req, res) => {
    if (req.url === '/lk.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(umd);
    else res.writeHead(200, { 'content-type': 'text/html' }).end(html);
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
}
