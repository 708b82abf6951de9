import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import postgres from 'postgres';
import { expect } from 'vitest';

/**
 * An online session of `groupId` starting in five minutes (or `startsInMinutes`), 90 minutes
 * long, written straight into the stack's database: the live-session tests need a session
 * now, not a series' next occurrence.
 */
export async function insertOnlineSession(
  databaseUrl: string,
  groupId: string,
  title: string,
  startsInMinutes = 5,
): Promise<string> {
  return insertSession(databaseUrl, groupId, title, { mode: 'online', startsInMinutes });
}

/** The same, in any mode: an in-person session has a check-in list rather than a call. */
export async function insertSession(
  databaseUrl: string,
  groupId: string,
  title: string,
  { mode, startsInMinutes = 5 }: { mode: 'online' | 'in_person' | 'hybrid'; startsInMinutes?: number },
): Promise<string> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ id: string }[]>`
      insert into sessions (group_id, title, starts_at, ends_at, mode, room_name)
      values (${groupId}, ${title}, now() + make_interval(mins => ${startsInMinutes}),
        now() + make_interval(mins => ${startsInMinutes + 90}),
        ${mode}, ${`session-${randomUUID()}`})
      returning id`;
    if (!row) throw new Error('inserting a session returned nothing');
    return row.id;
  } finally {
    await sql.end();
  }
}

/** The waiting-room place the join flow keeps in the browser's localStorage, or null. */
export const storedEntry = async (page: Page, sessionId: string) =>
  JSON.parse((await page.evaluate(`localStorage.getItem('peer-support:entry:${sessionId}')`)) as string) as {
    entryId: string;
    key: string;
    devices: Record<string, unknown>;
  } | null;

/** Opens the session link and goes name → ground rules, leaving the page on the device check. */
export async function toDeviceStep(page: Page, sessionUrl: string, name: string) {
  await page.goto(sessionUrl);
  await page.getByLabel('Your name in the session').fill(name);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('I accept these ground rules').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { name: /Check your camera and microphone/ }).waitFor();
}

/** Name → ground rules → device check → "join"; returns when the button was pressed. */
export async function walkIn(
  page: Page,
  sessionUrl: string,
  name: string,
  button: 'Join the call' | 'Join the waiting room',
) {
  await toDeviceStep(page, sessionUrl, name);
  await page.getByRole('button', { name: button }).click();
}

/** Frames decoded so far by the video showing `name`, or -1 while it is not playing. */
export function framesOf(page: Page, name: string) {
  return page
    .getByLabel(`Video of ${name}`)
    .evaluate((el) => {
      const video = el as HTMLVideoElement;
      if (video.readyState < 2 || video.videoWidth === 0) return -1;
      return video.getVideoPlaybackQuality().totalVideoFrames;
    })
    .catch(() => -1);
}

/** Waits until the video of `name` plays on `page`, with its frame count still rising. */
export async function seesVideoPlaying(page: Page, name: string) {
  await expect.poll(() => framesOf(page, name), { timeout: 30_000 }).toBeGreaterThan(0);
  const before = await framesOf(page, name);
  await expect.poll(() => framesOf(page, name), { timeout: 10_000 }).toBeGreaterThan(before);
}
