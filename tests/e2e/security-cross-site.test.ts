import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signUpWithApi } from '../support/accounts.ts';
import { browserPerFile } from '../support/browser.ts';

/**
 * Another site's page, in real Chromium, tries to make a signed-in person's browser change
 * something (issue 10, finding 8). The page is on the same host as the app, on another port:
 * a different origin but the same *site*, so the SameSite=Lax session cookie rides along, as
 * it would from a sibling subdomain. The API's own rule has to hold on its own.
 */
const stack = inject('stack');
const api = new URL(stack.baseUrl);
const { newPage } = browserPerFile();

let elsewhere: Server;
let elsewhereUrl = '';
/** What the other site's page does; set per test. */
let attack = '';

beforeAll(async () => {
  elsewhere = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>Win a prize</title><body>${attack}</body>`);
  });
  await new Promise<void>((resolve) => elsewhere.listen(0, api.hostname, resolve));
  elsewhereUrl = `http://${api.hostname}:${(elsewhere.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => elsewhere.close(resolve));
});

/** A person signed in to the app in their own browser, with a private calendar link. */
async function signedInPerson(): Promise<{ page: Page; feedUrl: () => Promise<string> }> {
  const page = await newPage();
  await signUpWithApi(page.context().request, stack.baseUrl, 'Robin');
  const feedUrl = async () =>
    ((await (await page.context().request.get(`${stack.baseUrl}/api/me/calendar-feed`)).json()) as { url: string }).url;
  await feedUrl();
  return { page, feedUrl };
}

describe('requests another site makes the browser send', () => {
  it('a form post from another origin, cookie and all, changes nothing', async () => {
    const { page, feedUrl } = await signedInPerson();
    const before = await feedUrl();
    // Resetting the private calendar link takes no body: a plain form can send it.
    attack = `<form method="POST" action="${stack.baseUrl}/api/me/calendar-feed/reset" enctype="text/plain">
      <input name="x" value="y"></form><script>document.forms[0].submit()</script>`;
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/me/calendar-feed/reset'));
    await page.goto(elsewhereUrl);
    const response = await answered;
    expect(response.status()).toBe(403);
    expect(((await response.json()) as { code: string }).code).toBe('cross_site_request');
    // The cookie did ride along (same site), so it was the Origin rule that refused it.
    expect((await response.request().allHeaders()).cookie).toContain('ps.session_token');
    expect(await feedUrl()).toBe(before);
  });

  it('a bodyless fetch from another origin changes nothing either', async () => {
    const { page, feedUrl } = await signedInPerson();
    const before = await feedUrl();
    attack = `<script>fetch(${JSON.stringify(`${stack.baseUrl}/api/me/calendar-feed/reset`)},
      { method: 'POST', mode: 'no-cors', credentials: 'include' }).finally(() => { document.title = 'sent'; });</script>`;
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/me/calendar-feed/reset'));
    await page.goto(elsewhereUrl);
    expect((await answered).status()).toBe(403);
    expect(await feedUrl()).toBe(before);
  });

  it('the same bodyless post from the app’s own page works (Chromium sends our Origin)', async () => {
    const { page, feedUrl } = await signedInPerson();
    const before = await feedUrl();
    await page.goto(`${stack.baseUrl}/`);
    const status = await page.evaluate(
      async () => (await fetch('/api/me/calendar-feed/reset', { method: 'POST' })).status,
    );
    expect(status).toBe(200);
    expect(await feedUrl()).not.toBe(before);
  });

  it('the live socket opens from the app’s own page and not from another origin', async () => {
    const { page } = await signedInPerson();
    const socketUrl = `ws://${api.host}/api/sessions/${randomUUID()}/live`;
    const tryOpen = (url: string) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url);
        ws.onopen = () => {
          ws.close();
          resolve('open');
        };
        ws.onerror = () => resolve('refused');
      });
    attack = '';
    await page.goto(elsewhereUrl);
    expect(await page.evaluate(tryOpen, socketUrl)).toBe('refused');
    await page.goto(`${stack.baseUrl}/`);
    expect(await page.evaluate(tryOpen, socketUrl)).toBe('open');
  });
});
