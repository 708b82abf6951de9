import type { Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { providerWithGroup, signUpWithApi } from '../support/accounts.ts';
import { browserPerFile } from '../support/browser.ts';
import { insertOnlineSession, seesVideoPlaying, storedEntry, walkIn as walkInAt } from '../support/sessions.ts';

/**
 * Journeys 2 and 3 in real Chromium against the real API and LiveKit: a facilitator hosts,
 * two guests wait, one is let in and one turned away; the facilitator and the admitted guest
 * each see the other's video playing; a raised hand reaches the facilitator and survives a
 * reload of the call page; removal sends the guest back to the waiting room (and a
 * direct token request then fails); a locked room holds a roster member; ending the session
 * disconnects everyone; attendance comes from LiveKit's signed webhooks.
 */
const stack = inject('stack');
const url = (path: string) => `${stack.baseUrl}${path}`;
const { newPage, pageErrors } = browserPerFile();
afterAll(() => {
  expect(pageErrors).toEqual([]);
});

const walkIn = (page: Page, sessionId: string, name: string, button: 'Join the call' | 'Join the waiting room') =>
  walkInAt(page, url(`/sessions/${sessionId}`), name, button);

describe('a live session, hosted from the web client', () => {
  it('runs from the waiting room to "end for all", with attendance from the webhooks', async () => {
    // The facilitator is the provider's admin; the group is open door (members walk in once a
    // facilitator is there) and takes drop-ins (guests, who always wait).
    const host = await newPage();
    const api = host.context().request;
    await signUpWithApi(api, stack.baseUrl, 'Fiona');
    const { groupId } = await providerWithGroup(api, stack.baseUrl, {
      provider: `Leith Peers ${Math.random().toString(36).slice(2, 8)}`,
      group: { name: 'Leith Circle', dropIns: true, admission: 'open_door' },
    });
    const member = await newPage();
    const { userId: memberId } = await signUpWithApi(member.context().request, stack.baseUrl, 'Morag');
    const sql = postgres(stack.databaseUrl, { max: 1, onnotice: () => {} });
    try {
      await sql`insert into memberships (group_id, user_id, display_name, status)
        values (${groupId}, ${memberId}, 'Morag', 'active')`;
    } finally {
      await sql.end();
    }
    const sessionId = await insertOnlineSession(stack.databaseUrl, groupId, 'Leith Circle online');

    // The facilitator goes straight into the call, and sees that it is not recorded.
    await walkIn(host, sessionId, 'Fiona', 'Join the call');
    await host.waitForURL(`**/sessions/${sessionId}/call`);
    await host.getByText('This session is not recorded.').waitFor();
    await host.getByRole('heading', { name: /Waiting room \(0\)/ }).waitFor({ timeout: 30_000 });

    // Two guests wait; neither can get a token by asking the API directly.
    const wren = await newPage();
    // What Wren's page asks of the API on its way in: the visit should need one live socket
    // and one join-info, and admission should bring the token with it (decision 0020).
    const wrenAsked: string[] = [];
    const asked = (u: string) => {
      const path = new URL(u).pathname;
      if (path.startsWith('/api/sessions/'))
        wrenAsked.push(path.replace(/^\/api\/sessions\/[^/]+/, '').replace(/\/entries\/[^/]+/, '/entries/:id'));
    };
    wren.on('request', (r) => asked(r.url()));
    wren.on('websocket', (ws) => asked(ws.url()));
    await walkIn(wren, sessionId, 'Wren', 'Join the waiting room');
    await wren.getByRole('heading', { level: 2, name: 'Waiting room' }).waitFor();
    const ash = await newPage();
    await walkIn(ash, sessionId, 'Ash', 'Join the waiting room');
    await ash.getByRole('heading', { level: 2, name: 'Waiting room' }).waitFor();
    const wrenEntry = await storedEntry(wren, sessionId);
    const tokenFor = (entry: { entryId: string; key: string } | null) =>
      fetch(url(`/api/sessions/${sessionId}/entries/${entry?.entryId}/token`), {
        method: 'POST',
        // The app's own Origin, as the page would send: the 403 must be the waiting room's.
        headers: { 'x-entry-key': entry?.key ?? '', origin: stack.baseUrl },
      });
    expect((await tokenFor(wrenEntry)).status).toBe(403);

    // The facilitator sees both live, lets Wren in and turns Ash away with a word.
    await host.getByRole('heading', { name: /Waiting room \(2\)/ }).waitFor({ timeout: 15_000 });
    await host.getByRole('button', { name: 'Admit Wren' }).click();
    await host.getByRole('button', { name: 'Deny Ash' }).click();
    await host.getByLabel('Message to Ash (optional)').fill('Members only tonight, sorry.');
    await host.getByRole('form', { name: 'Deny Ash' }).getByRole('button', { name: 'Deny Ash' }).click();
    await ash.getByText('Members only tonight, sorry.').waitFor({ timeout: 15_000 });

    // Wren is let in: each sees the other's video actually playing, and Wren sees who hosts
    // (the server's word, in a participant attribute nobody can change).
    await wren.waitForURL(`**/sessions/${sessionId}/call`, { timeout: 15_000 });
    await seesVideoPlaying(wren, 'Fiona');
    expect(wrenAsked.filter((p) => p === '/live')).toHaveLength(1);
    expect(wrenAsked.filter((p) => p === '/join-info')).toHaveLength(1);
    expect(wrenAsked.filter((p) => p.endsWith('/token'))).toEqual([]);
    await wren.getByText('This session is not recorded.').waitFor();
    await seesVideoPlaying(wren, 'Fiona');
    await seesVideoPlaying(host, 'Wren');
    await wren.getByRole('figure', { name: /Fiona/ }).getByText('Facilitator', { exact: true }).waitFor();
    expect(await wren.getByRole('figure', { name: /Wren/ }).getByText('Facilitator', { exact: true }).count()).toBe(0);

    // Muted by the facilitator (on the server): Wren is told in words, and can unmute.
    await host.getByRole('button', { name: 'Mute Wren' }).click();
    await wren.getByText('A facilitator muted your microphone.', { exact: false }).waitFor({ timeout: 15_000 });
    await wren.getByRole('button', { name: 'Unmute microphone' }).waitFor();

    // A raised hand reaches the facilitator's list, and survives Wren reloading the call page.
    await wren.getByRole('button', { name: 'Raise hand' }).click();
    const hands = host.getByRole('region', { name: 'Raised hands (1)' });
    await hands.getByRole('listitem').filter({ hasText: 'Wren' }).waitFor({ timeout: 15_000 });
    await wren.reload();
    await wren.getByRole('button', { name: 'Lower hand' }).waitFor({ timeout: 15_000 });
    await seesVideoPlaying(host, 'Wren');

    // Removed back to the waiting room: Wren leaves the call, and a token is refused again.
    await host.getByRole('button', { name: 'Remove Wren' }).click();
    await host.getByLabel('Back to the waiting room').check();
    await host.getByRole('form', { name: 'Remove Wren' }).getByRole('button', { name: 'Remove Wren' }).click();
    await wren.getByRole('heading', { level: 2, name: 'Waiting room' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => host.getByLabel('Video of Wren').count(), { timeout: 15_000 }).toBe(0);
    const refused = await tokenFor(await storedEntry(wren, sessionId));
    expect(refused.status).toBe(403);
    expect((await refused.json()).code).toBe('not_admitted');

    // Locked: even a roster member of this open-door group waits.
    await host.getByRole('button', { name: 'Lock room' }).click();
    await host.getByRole('button', { name: 'Unlock room' }).waitFor();
    await walkIn(member, sessionId, 'Morag', 'Join the waiting room');
    await member.getByRole('heading', { level: 2, name: 'Waiting room' }).waitFor();
    await host.getByRole('button', { name: 'Admit Morag' }).waitFor({ timeout: 15_000 });
    expect(member.url()).not.toContain('/call');

    // Removing Wren moved the call to a fresh room (0011): the facilitator followed it, and the
    // next person let in meets her there.
    await host.getByRole('button', { name: 'Admit Morag' }).click();
    // The room is locked: letting her in is confirmed on purpose (0015).
    await host
      .getByRole('dialog', { name: 'The room is locked. Let Morag in?' })
      .getByRole('button', { name: 'Let them in' })
      .click();
    await member.waitForURL(`**/sessions/${sessionId}/call`, { timeout: 15_000 });
    await seesVideoPlaying(member, 'Fiona');
    await seesVideoPlaying(host, 'Morag');

    // End for all, after a confirmation: everyone is told and the call is over.
    await host.getByRole('button', { name: 'End session for all' }).click();
    await host.getByRole('dialog').getByRole('button', { name: 'End the session' }).click();
    await host.getByRole('heading', { name: 'This session has ended' }).waitFor({ timeout: 15_000 });
    await wren.getByRole('heading', { name: 'This session has ended' }).waitFor({ timeout: 15_000 });
    await member.getByRole('heading', { name: 'This session has ended' }).waitFor({ timeout: 15_000 });
    expect((await tokenFor(wrenEntry)).status).toBe(403);

    // Attendance, from LiveKit's own signed webhooks: the facilitator for two stretches (one in
    // each room of the call), Wren for two (before and after the reload), Morag for one.
    await expect
      .poll(
        async () => {
          const res = await api.get(url(`/api/sessions/${sessionId}/attendance`));
          const body = await res.json();
          return (body.online as { displayName: string }[]).map((r) => r.displayName).sort();
        },
        { timeout: 20_000 },
      )
      .toEqual(['Fiona', 'Fiona', 'Morag', 'Wren', 'Wren']);
    const report = await (await api.get(url(`/api/sessions/${sessionId}/attendance`))).json();
    expect(report.ended).toBe(true);
    for (const row of report.online) expect(row.leftAt).not.toBeNull();
  });

  it('the running stack reports itself healthy on PostgreSQL', async () => {
    const res = await fetch(url('/api/health'));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ok',
      db: { driver: 'postgres', ok: true },
      livekit: { ok: true },
    });
  });
});
