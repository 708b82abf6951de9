/**
 * How big a group one LiveKit node on this machine carries: bots (`@livekit/rtc-node`, in this
 * process) each publish a moving picture, and one Chromium viewer, on livekit-client with every
 * video shown, watches them all. The group grows step by step; at each step every remote video
 * in the viewer must keep advancing (frames decoded rising) through the whole window. A video
 * whose count stands still for two seconds running is a freeze. Beside each step: the CPU the
 * LiveKit process and the bots used, so the figure says what limits it.
 *
 * The room is one of the bench's own, with tokens minted here: the API takes anyone who is not
 * an admitted entry out of a session's room (decision 0011), and what is measured is LiveKit
 * and the browser, not our admission path (the join bench measures that).
 */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startLivekit } from '@peer-support/stack/livekit';
import { joinRoom, type MediaPeer } from '@peer-support/stack/peers';
import { freePort } from '@peer-support/stack/processes';
import type { Browser } from 'playwright-core';
import { bareRoom, servePage } from './bare-room.ts';

export interface GroupStep {
  videos: number;
  /** Frames per second of the slowest and the median remote video in the viewer, over the window. */
  minFps: number;
  medianFps: number;
  /** Stalls of two seconds or more, summed over every remote video. */
  freezes: number;
  /** Share of one core over the window. */
  livekitCpu: number;
  botsCpu: number;
  /** Set when the group could not even be formed: a bot's connection failed (the machine is full). */
  failed?: string;
}

export interface GroupOptions {
  steps: number[];
  windowS: number;
  video: { width: number; height: number; fps: number };
}

const STALL_S = 2;
const JOIN_STEP_MS = 60_000;
const fmtS = (s: number) => s.toFixed(1);
const CLOCK_TICKS = 100;

/** CPU seconds a process has used, from /proc (user + system). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

export async function groupSize(browser: Browser, options: GroupOptions): Promise<GroupStep[]> {
  // Every bot's Room listens on rtc-node's one FFI emitter: dozens of listeners are expected there.
  EventEmitter.defaultMaxListeners = Math.max(EventEmitter.defaultMaxListeners, 4 * (options.steps.at(-1) ?? 0));
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'bench-group-'));
  const livekit = await startLivekit({
    port: await freePort(),
    tcpPort: await freePort(),
    udpPort: await freePort(),
    // Nothing listens: this bench needs no webhooks.
    webhookUrl: `http://127.0.0.1:${await freePort()}/`,
    workDir,
  });
  const room = await bareRoom(livekit, 'bench-group', 3600);
  const tokenFor = room.tokenFor;

  // Every remote video shown, small and on screen, so none is paused for being out of view.
  const page = `<!doctype html><meta charset="utf-8"><title>group viewer</title>
<style>body{margin:0;display:flex;flex-wrap:wrap}video{width:120px;height:68px;object-fit:cover}</style>
<script src="/lk.js"></script>
<script>
window.videos = new Map();
window.watch = async (url, token) => {
  const room = new LivekitClient.Room({ adaptiveStream: false, dynacast: false });
  room.on(LivekitClient.RoomEvent.TrackSubscribed, (track, _pub, participant) => {
    if (track.kind !== 'video') return;
    const el = track.attach();
    el.muted = true;
    document.body.append(el);
    window.videos.set(participant.identity, el);
  });
  await room.connect(url, token);
};
window.frameCounts = () => Object.fromEntries([...window.videos].map(([id, el]) => [id, el.getVideoPlaybackQuality().totalVideoFrames]));
</script>`;
  const server = await servePage(page);

  const bots: MediaPeer[] = [];
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const results: GroupStep[] = [];
  try {
    const viewer = await context.newPage();
    await viewer.goto(server.url);
    await viewer.evaluate(`window.watch(${JSON.stringify(livekit.url)}, ${JSON.stringify(await tokenFor('viewer'))})`);
    const counts = () => viewer.evaluate<Record<string, number>>('window.frameCounts()');

    for (const videos of options.steps) {
      console.log(`  group of ${videos}: joining bots`);
      let failed: string | undefined;
      // A full machine makes joins crawl: a step that cannot form within a minute has failed.
      const formBy = Date.now() + JOIN_STEP_MS;
      while (bots.length < videos && !failed) {
        const joining = joinRoom(livekit.url, await tokenFor(`bot-${bots.length}`), { publishVideo: options.video });
        const joined = await Promise.race([
          joining,
          new Promise<null>((r) => setTimeout(() => r(null), Math.max(0, formBy - Date.now())).unref()),
        ]);
        if (joined === null) {
          failed = `${bots.length} of ${videos} joined within ${JOIN_STEP_MS / 1000} s`;
          void joining.then((late) => (late.ok ? late.peer.close() : undefined));
        } else if (joined.ok) bots.push(joined.peer);
        else failed = `bot ${bots.length + 1} could not join: ${joined.error}`;
      }
      if (failed) {
        const nan = Number.NaN;
        results.push({ videos, minFps: nan, medianFps: nan, freezes: nan, livekitCpu: nan, botsCpu: nan, failed });
        break;
      }
      // Settle: the viewer has every bot's video and each has shown a frame.
      const settleBy = Date.now() + 30_000;
      for (;;) {
        const c = await counts();
        if (Object.keys(c).length >= videos && Object.values(c).every((n) => n > 0)) break;
        if (Date.now() > settleBy) throw new Error(`the viewer did not show ${videos} videos within 30 s`);
        await new Promise((r) => setTimeout(r, 250));
      }

      const livekitPid = livekit.child.pid ?? 0;
      const lkStart = cpuSeconds(livekitPid);
      const botsStart = process.cpuUsage();
      const t0 = performance.now();
      const first = await counts();
      let last = first;
      const stillFor = new Map<string, number>();
      let freezes = 0;
      for (let s = 0; s < options.windowS; s++) {
        await new Promise((r) => setTimeout(r, 1000));
        const now = await counts();
        for (const [id, n] of Object.entries(now)) {
          const still = n > (last[id] ?? 0) ? 0 : (stillFor.get(id) ?? 0) + 1;
          stillFor.set(id, still);
          if (still === STALL_S) freezes++;
        }
        last = now;
      }
      const seconds = (performance.now() - t0) / 1000;
      console.log(`  group of ${videos}: ${freezes} freezes over ${fmtS(seconds)} s`);
      const fps = Object.keys(first).map((id) => ((last[id] ?? 0) - (first[id] ?? 0)) / seconds);
      const bot = process.cpuUsage(botsStart);
      results.push({
        videos,
        minFps: Math.min(...fps),
        medianFps: median(fps),
        freezes,
        livekitCpu: (cpuSeconds(livekitPid) - lkStart) / seconds,
        botsCpu: (bot.user + bot.system) / 1e6 / seconds,
      });
      if (freezes > 0) break;
    }
  } finally {
    await context.close();
    // All at once, and not waited on for ever: with the machine full, a bot's disconnect can hang.
    await Promise.all(bots.map((b) => Promise.race([b.close(), new Promise((r) => setTimeout(r, 5_000).unref())])));
    server.close();
    await room.close();
    await livekit.stop();
    await rm(workDir, { recursive: true, force: true });
  }
  return results;
}
