import type { Browser, Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';

const stack = inject('stack');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function joinDemoCall(name: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(stack.baseUrl);
  await page
    .getByRole('link', { name: /^Join / })
    .first()
    .click();
  await page.getByLabel('Your name in the call').fill(name);
  await page.getByRole('button', { name: 'Join' }).click();
  await expect.poll(() => page.getByText('This session is not recorded.').isVisible()).toBe(true);
  return page;
}

/** Frames decoded so far by the remote video showing `name`, or -1 while it is not playing. */
function remoteFrames(page: Page, name: string) {
  return page.getByLabel(`Video of ${name}`).evaluate((el) => {
    const video = el as HTMLVideoElement;
    if (video.readyState < 2 || video.videoWidth === 0) return -1;
    return video.getVideoPlaybackQuality().totalVideoFrames;
  });
}

describe('two people in one call', () => {
  it('each sees the other’s video actually playing, and LiveKit tells the API who joined', async () => {
    const alex = await joinDemoCall('Alex');
    const blair = await joinDemoCall('Blair');

    for (const [page, other] of [
      [alex, 'Blair'],
      [blair, 'Alex'],
    ] as const) {
      await expect.poll(() => remoteFrames(page, other).catch(() => -1), { timeout: 30_000 }).toBeGreaterThan(0);
      const before = await remoteFrames(page, other);
      await expect.poll(() => remoteFrames(page, other), { timeout: 10_000 }).toBeGreaterThan(before);
      const size = await page.getByLabel(`Video of ${other}`).evaluate((el) => (el as HTMLVideoElement).videoWidth);
      expect(size).toBeGreaterThan(0);
    }

    // The webhook path, end to end: LiveKit signed and delivered participant_joined for both.
    const sql = postgres(stack.databaseUrl, { max: 1 });
    try {
      await expect
        .poll(
          async () => {
            const rows = await sql<{ name: string }[]>`
              select payload->'participant'->>'name' as name from livekit_events
              where event = 'participant_joined' order by occurred_at`;
            return rows.map((r) => r.name).sort();
          },
          { timeout: 15_000 },
        )
        .toEqual(['Alex', 'Blair']);
    } finally {
      await sql.end();
    }

    await alex.getByRole('button', { name: 'Leave' }).click();
    await expect.poll(() => blair.getByLabel('Video of Alex').count(), { timeout: 15_000 }).toBe(0);
  });

  it('the running stack reports itself healthy on PostgreSQL', async () => {
    const res = await fetch(`${stack.baseUrl}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ok',
      db: { driver: 'postgres', ok: true },
      livekit: { ok: true },
    });
  });
});
