/**
 * How long a person waits between a facilitator's "admit" and seeing someone's video, in real
 * Chromium against the real API and LiveKit. That path is: the live socket the person waited
 * on brings their call token and then the entry saying they are in; the page moves to the call
 * (whose code loaded while they waited) and joins, with no request in between.
 * The baseline, in the same run and on the same LiveKit server, is a bare page that already
 * holds a token and only joins with livekit-client, in a room of its own where another bare
 * page publishes its camera as the facilitator does: the floor any product on LiveKit stands
 * on. (Not the session's room: the API takes anyone out of a call who is not an admitted
 * entry, decision 0011, and a bare page is not one.)
 */

import type { Browser, Page } from 'playwright-core';
import { bareRoom, servePage } from './bare-room.ts';

/** Seeded for development and tests (never in production): the demo group's facilitator. */
const DEMO_HOST = { email: 'demo-host@example.org', password: 'demo-host-password' };

/** Polls in the page until a remote video decodes a frame; resolves with Date.now() then. */
const FIRST_REMOTE_FRAME = `new Promise((resolve, reject) => {
  const deadline = Date.now() + 60000;
  const tick = () => {
    const video = document.querySelector('figure[data-remote="true"] video, video[data-remote="true"]');
    if (video && video.readyState >= 2 && video.videoWidth > 0) resolve(Date.now());
    else if (Date.now() > deadline) reject(new Error('no remote frame within 60 s'));
    else requestAnimationFrame(tick);
  };
  tick();
})`;

async function walkIn(page: Page, base: string, sessionId: string, name: string, button: string) {
  await page.goto(`${base}/sessions/${sessionId}`);
  await page.getByLabel('Your name in the session').fill(name);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('I accept these ground rules').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { name: /Check your camera and microphone/ }).waitFor();
  await page.getByRole('button', { name: button }).click();
}

export async function joinLatency(
  browser: Browser,
  stack: { baseUrl: string; livekitUrl: string; livekitKeys: { apiKey: string; apiSecret: string } },
  samples: number,
) {
  const base = stack.baseUrl;
  const sessions = (await (await fetch(`${base}/api/sessions`)).json()) as { sessions: { id: string }[] };
  const sessionId = sessions.sessions[0]?.id;
  if (!sessionId) throw new Error('the demo session is missing (SEED_DEMO)');

  // The facilitator: the seeded demo host, in the call with camera on.
  const hostContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const host = await hostContext.newPage();
  const signIn = await hostContext.request.post(`${base}/api/auth/sign-in/email`, { data: DEMO_HOST });
  if (!signIn.ok()) throw new Error(`demo host sign-in: ${signIn.status()} ${await signIn.text()}`);
  await walkIn(host, base, sessionId, 'Host', 'Join the call');
  await host.waitForURL(`**/sessions/${sessionId}/call`);
  await host.getByLabel('Video of Host').waitFor({ timeout: 30_000 });
  const product: number[] = [];
  for (let i = 0; i < samples; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const guest = await context.newPage();
    await walkIn(guest, base, sessionId, `Guest ${i}`, 'Join the waiting room');
    await guest.getByRole('heading', { level: 2, name: 'Waiting room' }).waitFor();
    const entry = JSON.parse(
      (await guest.evaluate(`localStorage.getItem('peer-support:entry:${sessionId}')`)) as string,
    ) as { entryId: string };
    // The watcher starts before the admission, in the waiting page; it survives the in-app move to the call.
    const seen = guest.evaluate<number>(FIRST_REMOTE_FRAME);
    const admittedAt = Date.now();
    const admit = await hostContext.request.post(`${base}/api/sessions/${sessionId}/entries/${entry.entryId}/admit`, {
      headers: { origin: base },
    });
    if (!admit.ok()) throw new Error(`admit: ${admit.status()} ${await admit.text()}`);
    product.push((await seen) - admittedAt);
    await context.close();
  }

  const bare = await bareJoins(browser, stack, samples);
  await hostContext.close();
  return { product, bare };
}

/** A page with only livekit-client, handed a token: time from connect() to the first remote frame. */
async function bareJoins(
  browser: Browser,
  stack: { livekitUrl: string; livekitKeys: { apiKey: string; apiSecret: string } },
  samples: number,
): Promise<number[]> {
  const room = await bareRoom(
    { url: stack.livekitUrl, apiKey: stack.livekitKeys.apiKey, apiSecret: stack.livekitKeys.apiSecret },
    'bench-bare',
    600,
  );
  const tokenFor = room.tokenFor;
  const page = `<!doctype html><meta charset="utf-8"><title>bare join</title><script src="/lk.js"></script>
<script>
window.bareJoin = async (url, token) => {
  const room = new LivekitClient.Room({ adaptiveStream: true, dynacast: true });
  room.on(LivekitClient.RoomEvent.TrackSubscribed, (track) => {
    if (track.kind !== 'video') return;
    const el = track.attach();
    el.setAttribute('data-remote', 'true');
    el.muted = true;
    document.body.append(el);
  });
  const started = Date.now();
  await room.connect(url, token);
  await room.localParticipant.setCameraEnabled(true);
  window.bareStarted = started;
};
</script>`;
  const server = await servePage(page);
  const times: number[] = [];
  // The one others see, as the facilitator is in the product's room.
  const publisherContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const publisher = await publisherContext.newPage();
    await publisher.goto(server.url);
    await publisher.evaluate(
      `window.bareJoin(${JSON.stringify(stack.livekitUrl)}, ${JSON.stringify(await tokenFor('bare-publisher'))})`,
    );
    for (let i = 0; i < samples; i++) {
      const token = await tokenFor(`bare-${i}-${Date.now()}`);
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const p = await context.newPage();
      await p.goto(server.url);
      const seen = p.evaluate<number>(FIRST_REMOTE_FRAME);
      await p.evaluate(`window.bareJoin(${JSON.stringify(stack.livekitUrl)}, ${JSON.stringify(token)})`);
      const frame = await seen;
      const started = await p.evaluate<number>('window.bareStarted');
      times.push(frame - started);
      await context.close();
    }
  } finally {
    await publisherContext.close();
    await room.close();
    server.close();
  }
  return times;
}
