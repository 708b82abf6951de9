/**
 * Peers that join a real LiveKit room from Node with @livekit/rtc-node (LiveKit's own SDK for
 * servers and bots): they publish a generated picture, count the video frames they receive
 * from each person, and keep the refreshed tokens LiveKit hands every connected participant,
 * as an attacker holding a token would. Tests use them to check what a token really lets
 * someone do in the room; benchmarks use them as participants.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { RemoteParticipant, RemoteTrack } from '@livekit/rtc-node';

const WIDTH = 160;
const HEIGHT = 120;
const FRAME_EVERY_MS = 100;

/**
 * rtc-node logs every FFI callback at debug level to stdout and does not export its logger.
 * Its CommonJS build keeps the logger in its own module, so load that build and quieten it.
 */
const require = createRequire(import.meta.url);
const sdk = require('@livekit/rtc-node') as typeof import('@livekit/rtc-node');
try {
  const log = require(join(dirname(require.resolve('@livekit/rtc-node')), 'log.cjs')) as { log?: { level: string } };
  if (log.log) log.log.level = 'warn';
} catch {
  // Only the noise is at stake.
}
const {
  LocalVideoTrack,
  Room,
  RoomEvent,
  TrackKind,
  TrackPublishOptions,
  TrackSource,
  VideoBufferType,
  VideoFrame,
  VideoSource,
  VideoStream,
} = sdk;
type Room = InstanceType<typeof Room>;

export interface MediaPeer {
  identity: string;
  room: Room;
  /** Video frames received so far from this identity (all remote people when omitted). */
  frames(from?: string): number;
  /** The newest token this peer holds: the one it joined with, or LiveKit's latest refresh of it. */
  latestToken(): string;
  /** Every refreshed token LiveKit sent this peer. */
  refreshedTokens: string[];
  /** Resolves when the server closes the connection (removed, room deleted). */
  disconnected: Promise<void>;
  isConnected(): boolean;
  close(): Promise<void>;
}

export type JoinResult = { ok: true; peer: MediaPeer } | { ok: false; error: string };

/**
 * Joins `url` with `token`. Refusals (an unknown room, a bad token) come back as `ok: false`
 * with LiveKit's own words, so a test can assert on them.
 */
export async function joinRoom(
  url: string,
  token: string,
  /** `publishVideo`: a small grey picture, or a moving gradient of the given size and rate (benchmarks). */
  options: { publishVideo?: boolean | { width: number; height: number; fps: number } } = {},
): Promise<JoinResult> {
  const room = new Room();
  const received = new Map<string, number>();
  const refreshedTokens: string[] = [];
  let closed = false;
  let resolveDisconnected: () => void = () => {};
  const disconnected = new Promise<void>((resolve) => {
    resolveDisconnected = resolve;
  });
  room.on(RoomEvent.Disconnected, () => resolveDisconnected());
  room.on(RoomEvent.TokenRefreshed, () => {
    if (room.token) refreshedTokens.push(room.token);
  });
  room.on(RoomEvent.TrackSubscribed, (track: RemoteTrack, _pub, participant: RemoteParticipant) => {
    if (track.kind !== TrackKind.KIND_VIDEO) return;
    const reader = new VideoStream(track).getReader();
    void (async () => {
      try {
        for (;;) {
          const { done } = await reader.read();
          if (done) return;
          received.set(participant.identity, (received.get(participant.identity) ?? 0) + 1);
        }
      } catch {
        // The track ended with the connection.
      }
    })();
  });

  try {
    await room.connect(url, token, { autoSubscribe: true, dynacast: false });
  } catch (error) {
    await room.disconnect().catch(() => {});
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }

  let timer: NodeJS.Timeout | undefined;
  if (options.publishVideo) {
    const { width, height, fps } =
      options.publishVideo === true
        ? { width: WIDTH, height: HEIGHT, fps: 1000 / FRAME_EVERY_MS }
        : options.publishVideo;
    const source = new VideoSource(width, height);
    const track = LocalVideoTrack.createVideoTrack('camera', source);
    const publish = new TrackPublishOptions();
    publish.source = TrackSource.SOURCE_CAMERA;
    await room.localParticipant?.publishTrack(track, publish);
    // A vertical gradient twice the frame's height: each frame is a window one row further
    // down it, so the picture keeps moving (encoders keep sending) at no cost per frame.
    const row = width * 4;
    const pattern = new Uint8Array(row * height * 2);
    for (let y = 0; y < height * 2; y++) pattern.fill((y * 255) / (height * 2), y * row, (y + 1) * row);
    let offset = 0;
    timer = setInterval(() => {
      offset = (offset + 1) % height;
      const pixels = pattern.subarray(offset * row, (offset + height) * row);
      source.captureFrame(new VideoFrame(pixels, width, height, VideoBufferType.RGBA));
    }, 1000 / fps);
  }

  const identity = room.localParticipant?.identity ?? '';
  return {
    ok: true,
    peer: {
      identity,
      room,
      frames: (from) =>
        from === undefined ? [...received.values()].reduce((a, b) => a + b, 0) : (received.get(from) ?? 0),
      latestToken: () => refreshedTokens.at(-1) ?? token,
      refreshedTokens,
      disconnected,
      isConnected: () => !closed && room.isConnected,
      async close() {
        if (closed) return;
        closed = true;
        clearInterval(timer);
        await room.disconnect().catch(() => {});
      },
    },
  };
}

/** Waits until `check` holds, polling; returns how long it took, or throws after `withinMs`. */
export async function eventually(check: () => boolean | Promise<boolean>, withinMs: number, what: string) {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > withinMs) throw new Error(`not within ${withinMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
