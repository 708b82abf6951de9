import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { adminWithGroup, expectJson } from '../support/accounts.ts';
import { expectNoAxeViolations } from '../support/axe.ts';
import { browserPerFile } from '../support/browser.ts';
import { insertOnlineSession, storedEntry, toDeviceStep } from '../support/sessions.ts';

/**
 * Journey 2 up to the door of the call: the session link, name, ground rules, device check
 * (Chromium's fake camera and microphone), the waiting room, and admission. What happens in
 * the call itself is the call page's test.
 */

const stack = inject('stack');
const url = (path: string) => `${stack.baseUrl}${path}`;
const sessionUrl = (sessionId: string) => url(`/sessions/${sessionId}`);
const { newPage, pageErrors } = browserPerFile({ timezoneId: 'Europe/London' });
afterAll(() => {
  expect(pageErrors).toEqual([]);
});

/** A provider admin (who may host), a drop-in group with a support line, and an online session starting soon. */
async function setUp() {
  const admin = await newPage();
  const api = admin.context().request;
  const { groupId } = await adminWithGroup(admin, stack.baseUrl, {
    admin: 'Fiona',
    provider: `Portobello Peers ${Math.random().toString(36).slice(2, 8)}`,
    group: {
      name: 'Evening Circle',
      visibility: 'listed',
      dropIns: true,
      supportLines: [{ name: 'Samaritans', phone: '116 123', hours: 'Any time, day or night', description: '' }],
    },
  });
  const sessionId = await insertOnlineSession(stack.databaseUrl, groupId, 'Evening Circle online');
  // A bodyless change carries the app's Origin, as the page's own fetch would.
  const host = async (path: string, data?: object) =>
    expectJson<unknown>(
      data === undefined
        ? await api.post(url(path), { headers: { origin: stack.baseUrl } })
        : await api.post(url(path), { data }),
      200,
    );
  return { admin, api, groupId, sessionId, host };
}

const focusedText = (page: Page) => page.evaluate('document.activeElement && document.activeElement.textContent');

describe('joining a session', () => {
  it('a guest names themself, accepts the rules, checks their devices, waits, keeps their place on reload and is let in', async () => {
    const { sessionId, host } = await setUp();
    const page = await newPage();
    await page.goto(url(`/sessions/${sessionId}`));
    await page.getByRole('heading', { level: 1, name: 'Evening Circle online' }).waitFor();
    await page.getByRole('link', { name: 'Evening Circle' }).waitFor();
    await expectNoAxeViolations(page);

    // A blank name is refused with a reason, a pseudonym is welcome.
    await page.getByText('A first name or a made-up name is fine').waitFor();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('Enter a name for the group to call you.').waitFor();
    await page.getByLabel('Your name in the session').fill('Wren');
    await page.getByRole('button', { name: 'Continue' }).click();

    // The rules, with focus on the step's heading; the box must be ticked.
    await page.getByRole('heading', { level: 2, name: /Ground rules/ }).waitFor();
    expect(await focusedText(page)).toMatch(/Ground rules/);
    await page.getByText('This session is not recorded.').waitFor();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('tick the box to say you accept the ground rules').waitFor();
    await page.getByLabel('I accept these ground rules').check();
    await page.getByRole('button', { name: 'Continue' }).click();

    // The device check: a playing preview, a moving level meter, a choice of devices.
    await page.getByRole('heading', { level: 2, name: /Check your camera and microphone/ }).waitFor();
    await expect
      .poll(() => page.locator('video').evaluate((v) => (v as HTMLVideoElement).videoWidth), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await expect
      .poll(() => page.getByRole('meter', { name: 'Microphone level' }).getAttribute('value'), { timeout: 10_000 })
      .not.toBe('0');
    await page.getByText('We can hear you.').waitFor();
    await page.getByLabel('Camera', { exact: true }).waitFor();
    await expectNoAxeViolations(page);
    // Audio only lets go of the camera at once.
    await page.getByLabel('Audio only').check();
    await page.getByText('Camera off').waitFor();
    expect(await page.locator('video').count()).toBe(0);
    await page.getByRole('button', { name: 'Join the waiting room' }).click();

    // The waiting room.
    await page.getByRole('heading', { level: 2, name: 'Waiting room' }).waitFor();
    await page
      .getByRole('status')
      .getByText("You're in the waiting room. A facilitator will let you in soon. You're next.")
      .waitFor();
    await page.getByRole('link', { name: 'Call Samaritans on 116 123' }).waitFor();
    expect(await page.getByRole('link', { name: 'Call Samaritans on 116 123' }).getAttribute('href')).toBe(
      'tel:116123',
    );
    const stored = await storedEntry(page, sessionId);
    expect(stored?.devices).toMatchObject({ camera: false, audioOnly: true, mic: true });
    await expectNoAxeViolations(page);

    // A message from the facilitator arrives live.
    await host(`/api/sessions/${sessionId}/notice`, { text: 'We start in five minutes.' });
    await page.getByRole('status').getByText('We start in five minutes.').waitFor();

    // A reload keeps the same place rather than queueing again.
    await page.reload();
    await page.getByRole('heading', { level: 2, name: 'Waiting room' }).waitFor();
    expect((await storedEntry(page, sessionId))?.entryId).toBe(stored?.entryId);

    // Admitted: on to the call page.
    await host(`/api/sessions/${sessionId}/entries/${stored?.entryId}/admit`);
    await page.waitForURL(`**/sessions/${sessionId}/call`, { timeout: 15_000 });
  });

  it('shows rules that changed while someone read them, and tells a turned-away guest why', async () => {
    const { sessionId, groupId, api, host } = await setUp();

    // The rules change while Rowan is on the device step: they read and accept the new ones.
    const rowan = await newPage();
    await toDeviceStep(rowan, sessionUrl(sessionId), 'Rowan');
    await expectJson(
      await api.put(url(`/api/groups/${groupId}/ground-rules`), {
        data: { rules: ['What is said here stays here.', 'One voice at a time.'] },
      }),
      201,
    );
    await rowan.getByRole('button', { name: 'Join the waiting room' }).click();
    await rowan
      .getByRole('alert')
      .getByText(/The ground rules changed while you were reading them/)
      .waitFor();
    await rowan.getByText('One voice at a time.').waitFor();
    expect(await rowan.getByLabel('I accept these ground rules').isChecked()).toBe(false);
    await rowan.getByLabel('I accept these ground rules').check();
    await rowan.getByRole('button', { name: 'Continue' }).click();
    await rowan.getByRole('button', { name: 'Join the waiting room' }).click();
    await rowan.getByRole('heading', { level: 2, name: 'Waiting room' }).waitFor();

    // Turned away with a message.
    const sky = await newPage();
    await toDeviceStep(sky, sessionUrl(sessionId), 'Sky');
    await sky.getByRole('button', { name: 'Join the waiting room' }).click();
    await sky.getByRole('heading', { level: 2, name: 'Waiting room' }).waitFor();
    const skyEntry = await storedEntry(sky, sessionId);
    await host(`/api/sessions/${sessionId}/entries/${skyEntry?.entryId}/deny`, {
      message: 'This group is full tonight. Do come next week.',
    });
    await sky.getByRole('heading', { level: 2, name: 'You were not let in this time' }).waitFor();
    await sky.getByText('This group is full tonight. Do come next week.').waitFor();
    await sky.getByRole('link', { name: 'Back to Evening Circle' }).waitFor();
    expect(await storedEntry(sky, sessionId)).toBeNull();
    await expectNoAxeViolations(sky);
  });

  it('tells someone early when the waiting room opens, lets them get ready, and holds the door until then', async () => {
    const { groupId } = await setUp();
    const nextWeek = await insertOnlineSession(stack.databaseUrl, groupId, 'Evening Circle next week', 3 * 24 * 60);
    const page = await newPage();
    await page.goto(sessionUrl(nextWeek));
    const early = /^You're early\. The waiting room opens on \w+ \d+ \w+ at \d\d:\d\d\./;
    await page.getByRole('status').filter({ hasText: early }).waitFor();
    await expectNoAxeViolations(page);

    // Name, rules and devices can all be done now; the join button waits, and says why.
    await toDeviceStep(page, sessionUrl(nextWeek), 'Rowan');
    expect(await page.getByRole('button', { name: 'Join the waiting room' }).isDisabled()).toBe(true);
    await page.getByText(early).waitFor();
    await expectNoAxeViolations(page);

    // The server keeps the door shut too, whoever asks.
    const direct = await page.context().request.post(url(`/api/sessions/${nextWeek}/entries`), {
      data: { displayName: 'Rowan', groundRulesVersion: 1 },
    });
    expect(direct.status()).toBe(409);
    expect((await direct.json()).code).toBe('not_open_yet');
  });

  it('lets people leave the waiting room, and tells those still waiting when the session has ended', async () => {
    const { sessionId, host } = await setUp();
    const rowan = await newPage();
    await toDeviceStep(rowan, sessionUrl(sessionId), 'Rowan');
    await rowan.getByRole('button', { name: 'Join the waiting room' }).click();
    await rowan.getByRole('heading', { level: 2, name: 'Waiting room' }).waitFor();

    const tay = await newPage();
    await toDeviceStep(tay, sessionUrl(sessionId), 'Tay');
    await tay.getByRole('button', { name: 'Join the waiting room' }).click();
    await tay.getByRole('heading', { level: 2, name: 'Waiting room' }).waitFor();
    await tay.getByRole('button', { name: 'Leave' }).click();
    await tay.getByRole('heading', { level: 2, name: 'You left the waiting room' }).waitFor();
    expect(await storedEntry(tay, sessionId)).toBeNull();

    // The facilitator ends the session: Rowan, still waiting, is told.
    await host(`/api/sessions/${sessionId}/end`);
    await rowan.getByRole('heading', { level: 2, name: 'This session has ended' }).waitFor();
    const late = await newPage();
    await late.goto(url(`/sessions/${sessionId}`));
    await late.getByRole('heading', { level: 2, name: 'This session has ended.' }).waitFor();
  });
});
