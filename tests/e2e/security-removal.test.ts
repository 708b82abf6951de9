import { livekitKeys } from '@peer-support/stack/livekit';
import { joinRoom } from '@peer-support/stack/peers';
import { RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { providerWithGroup, signUpWithApi } from '../support/accounts.ts';
import { browserPerFile } from '../support/browser.ts';
import { insertOnlineSession, seesVideoPlaying, walkIn } from '../support/sessions.ts';

/**
 * Security suite, in the browser (issue 10, finding 1): a guest removed from a call in Chromium
 * does not come back with the token her browser held, the facilitator never sees her again,
 * and the people still in the call carry on in the fresh room the call moved to.
 */
const stack = inject('stack');
const url = (path: string) => `${stack.baseUrl}${path}`;
const { newPage, pageErrors } = browserPerFile();
afterAll(() => {
  expect(pageErrors).toEqual([]);
});

describe('security: removal holds in the room', () => {
  it('a removed guest’s saved token gets nobody back in, and the others carry on', async () => {
    const host = await newPage();
    await signUpWithApi(host.context().request, stack.baseUrl, 'Fiona');
    const { groupId } = await providerWithGroup(host.context().request, stack.baseUrl, {
      provider: `Portobello Peers ${Math.random().toString(36).slice(2, 8)}`,
      group: { name: 'Portobello Circle', dropIns: true },
    });
    const sessionId = await insertOnlineSession(stack.databaseUrl, groupId, 'Portobello Circle online');
    const sessionUrl = url(`/sessions/${sessionId}`);

    await walkIn(host, sessionUrl, 'Fiona', 'Join the call');
    await host.waitForURL(`**/sessions/${sessionId}/call`);
    const wren = await newPage();
    const ash = await newPage();
    // What an attacker would keep: every call token her browser was given, on the live socket
    // (where admission brings it) or from the token route.
    const ashTokens: { token: string; url: string; identity: string }[] = [];
    ash.on('response', (res) => {
      if (res.url().endsWith('/token') && res.ok()) void res.json().then((t) => ashTokens.push(t));
    });
    ash.on('websocket', (ws) => {
      // Ours only: LiveKit's signalling socket carries binary protobuf.
      if (!new URL(ws.url()).pathname.endsWith('/live')) return;
      ws.on('framereceived', ({ payload }) => {
        const message = JSON.parse(String(payload)) as { type: string; token?: (typeof ashTokens)[number] };
        if (message.type === 'entry' && message.token) ashTokens.push(message.token);
      });
    });
    for (const [page, name] of [
      [wren, 'Wren'],
      [ash, 'Ash'],
    ] as const) {
      await walkIn(page, sessionUrl, name, 'Join the waiting room');
      await host.getByRole('button', { name: `Admit ${name}` }).click({ timeout: 15_000 });
      await page.waitForURL(`**/sessions/${sessionId}/call`, { timeout: 15_000 });
    }
    await seesVideoPlaying(host, 'Ash');
    await seesVideoPlaying(wren, 'Ash');
    expect(ashTokens.length).toBeGreaterThan(0);

    await host.getByRole('button', { name: 'Remove Ash' }).click();
    await host.getByLabel('Out of this session').check();
    await host.getByRole('form', { name: 'Remove Ash' }).getByRole('button', { name: 'Remove Ash' }).click();
    await ash.getByRole('heading', { name: /not in the call|removed/i }).waitFor({ timeout: 15_000 });

    // LiveKit's own list, across every room: Ash is nowhere.
    const { apiKey, apiSecret } = await livekitKeys();
    const rooms = new RoomServiceClient(stack.livekitUrl.replace(/^ws/, 'http'), apiKey, apiSecret);
    const everyone = async () => {
      const ids = new Set<string>();
      for (const room of await rooms.listRooms())
        for (const p of await rooms.listParticipants(room.name)) ids.add(p.identity);
      return ids;
    };
    const ashIdentity = ashTokens[0]?.identity ?? '';
    await expect.poll(async () => (await everyone()).has(ashIdentity), { timeout: 5000 }).toBe(false);

    // Fiona and Wren carry on, in the room the call moved to.
    await seesVideoPlaying(host, 'Wren');
    await seesVideoPlaying(wren, 'Fiona');

    // Her saved tokens open nothing, and nobody in the call ever sees her again.
    for (const saved of ashTokens) {
      const attempt = await joinRoom(saved.url, saved.token);
      if (attempt.ok) await attempt.peer.close();
      expect(attempt.ok, 'a removed guest’s token joined a room').toBe(false);
    }
    for (let i = 0; i < 10; i++) {
      expect(await host.getByRole('figure', { name: /Ash/ }).count()).toBe(0);
      expect(await wren.getByRole('figure', { name: /Ash/ }).count()).toBe(0);
      expect((await everyone()).has(ashIdentity)).toBe(false);
      await new Promise((r) => setTimeout(r, 300));
    }
  });
});
