import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { providerWithGroup, signUpWithApi } from '../support/accounts.ts';
import { browserPerFile } from '../support/browser.ts';
import { insertOnlineSession, seesVideoPlaying, walkIn } from '../support/sessions.ts';

/**
 * Issue 11, live sessions, in Chromium: what a newcomer hit while hosting. A person whose
 * browser closed takes their own place back (no ghost); "Admit everyone" lets in only people
 * who are there; two people of the same name are told apart; locked means what it says; the
 * facilitator's words reach someone moved back to the waiting room; showing the rules leaves
 * the facilitator's tools usable.
 */
const stack = inject('stack');
const url = (path: string) => `${stack.baseUrl}${path}`;
const { newPage, pageErrors } = browserPerFile();
afterAll(() => {
  expect(pageErrors).toEqual([]);
});

async function hostedSession(groupName: string) {
  const host = await newPage();
  await signUpWithApi(host.context().request, stack.baseUrl, 'Fiona');
  const { groupId } = await providerWithGroup(host.context().request, stack.baseUrl, {
    provider: `Riverside Peers ${Math.random().toString(36).slice(2, 8)}`,
    group: { name: groupName, dropIns: true },
  });
  // Named like its group, as a provider's sessions often are.
  const sessionId = await insertOnlineSession(stack.databaseUrl, groupId, groupName);
  const sessionUrl = url(`/sessions/${sessionId}`);
  await walkIn(host, sessionUrl, 'Fiona', 'Join the call');
  await host.waitForURL(`**/sessions/${sessionId}/call`);
  return { host, sessionId, sessionUrl };
}

const waitingRows = (host: Page) => host.getByRole('region', { name: /Waiting room/ }).getByRole('listitem');

describe('hosting without ghosts or surprises', () => {
  it('a reopened browser takes its own place back, same names are told apart, and "admit everyone" admits only people who are there', async () => {
    const { host, sessionId, sessionUrl } = await hostedSession('Riverside Tuesday Group');
    // The call is titled once, not "Riverside Tuesday Group: Riverside Tuesday Group".
    await expect.poll(() => host.getByRole('heading', { level: 1 }).textContent()).toBe('Riverside Tuesday Group');

    // Sky waits, then her browser closes and she opens the link again: the same place.
    const sky = await newPage();
    await walkIn(sky, sessionUrl, 'Sky', 'Join the waiting room');
    await sky.getByRole('heading', { level: 2, name: 'Waiting room' }).waitFor();
    await host.getByRole('heading', { name: 'Waiting room (1)' }).waitFor({ timeout: 15_000 });
    await sky.close();
    const skyAgain = await sky.context().newPage();
    await skyAgain.goto(sessionUrl);
    await skyAgain.getByRole('heading', { level: 2, name: 'Waiting room' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => waitingRows(host).filter({ hasText: 'connection dropped' }).count()).toBe(0);
    expect(await host.getByRole('heading', { name: 'Waiting room (1)' }).count()).toBe(1);

    // Another person called Sky, in her own browser: the facilitator can tell them apart.
    const otherSky = await newPage();
    await walkIn(otherSky, sessionUrl, 'Sky', 'Join the waiting room');
    await host.getByRole('button', { name: 'Admit Sky (2)' }).waitFor({ timeout: 15_000 });
    await host.getByRole('button', { name: 'Admit Sky', exact: true }).waitFor();

    // Ash arrives and her browser goes away: her place is kept a while, but she is not let in.
    const ash = await newPage();
    await walkIn(ash, sessionUrl, 'Ash', 'Join the waiting room');
    await host.getByRole('heading', { name: 'Waiting room (3)' }).waitFor({ timeout: 15_000 });
    // Her live connection is up (so its closing is what the facilitator hears about).
    await ash.getByRole('heading', { level: 2, name: 'Waiting room' }).waitFor();
    await expect.poll(() => ash.getByText('Connecting to the waiting room…').count()).toBe(0);
    await ash.context().close();
    await waitingRows(host).filter({ hasText: 'Ash' }).filter({ hasText: 'connection dropped' }).waitFor({
      timeout: 15_000,
    });
    await host.getByRole('button', { name: 'Admit everyone connected (2)' }).click();
    await host.getByText('2 people were let in.').waitFor({ timeout: 15_000 });
    await skyAgain.waitForURL(`**/sessions/${sessionId}/call`, { timeout: 15_000 });
    await otherSky.waitForURL(`**/sessions/${sessionId}/call`, { timeout: 15_000 });
    await host.getByRole('heading', { name: 'Waiting room (1)' }).waitFor();
  });

  it('showing the rules leaves the facilitator’s tools usable, and someone moved back to the waiting room reads the facilitator’s words there', async () => {
    const { host, sessionId, sessionUrl } = await hostedSession('Canal Circle');

    const wren = await newPage();
    await walkIn(wren, sessionUrl, 'Wren', 'Join the waiting room');
    await host.getByRole('button', { name: 'Admit Wren' }).click({ timeout: 15_000 });
    await wren.waitForURL(`**/sessions/${sessionId}/call`, { timeout: 15_000 });
    await seesVideoPlaying(wren, 'Fiona');

    // Showing the rules puts them on Wren's screen and leaves Fiona's tools in reach.
    await host.getByRole('button', { name: 'Show ground rules' }).click();
    await wren.getByRole('dialog', { name: 'Our ground rules' }).waitFor({ timeout: 15_000 });
    await host.getByText('The ground rules are on everyone’s screen.').first().waitFor();
    expect(await host.getByRole('dialog').count()).toBe(0);

    // Back to the waiting room, with a word: Wren reads it there.
    await host.getByRole('button', { name: 'Remove Wren' }).click();
    await host.getByLabel('Back to the waiting room').check();
    await host.getByLabel('Message to Wren (optional)').fill('Please take a breather; we will have you back soon.');
    await host.getByRole('form', { name: 'Remove Wren' }).getByRole('button', { name: 'Remove Wren' }).click();
    await wren.getByRole('heading', { level: 2, name: 'Waiting room' }).waitFor({ timeout: 15_000 });
    await wren.getByText('Please take a breather; we will have you back soon.').waitFor({ timeout: 15_000 });
  });

  it('locked means everyone new waits and is told, and letting someone in asks first', async () => {
    const { host, sessionId, sessionUrl } = await hostedSession('Harbour Circle');
    const wren = await newPage();
    await walkIn(wren, sessionUrl, 'Wren', 'Join the waiting room');
    await wren.getByRole('heading', { level: 2, name: 'Waiting room' }).waitFor();

    // Locked: those waiting are told, a newcomer waits and is told, and letting them in asks first.
    await host.getByRole('button', { name: 'Lock room' }).click();
    await host.getByRole('button', { name: 'Unlock room' }).waitFor();
    await wren.getByText(/locked the room for now/).waitFor({ timeout: 15_000 });
    const rowan = await newPage();
    await walkIn(rowan, sessionUrl, 'Rowan', 'Join the waiting room');
    await rowan.getByText(/locked the room for now/).waitFor({ timeout: 15_000 });
    await host.getByRole('button', { name: 'Admit Rowan' }).click({ timeout: 15_000 });
    const ask = host.getByRole('dialog', { name: 'The room is locked. Let Rowan in?' });
    await ask.waitFor();
    await ask.getByRole('button', { name: 'Cancel' }).click();
    expect(rowan.url()).not.toContain('/call');
    await host.getByRole('button', { name: 'Admit Rowan' }).click();
    await host.getByRole('dialog').getByRole('button', { name: 'Let them in' }).click();
    await rowan.waitForURL(`**/sessions/${sessionId}/call`, { timeout: 15_000 });
    expect(wren.url()).not.toContain('/call');
  });
});
