import { randomUUID } from 'node:crypto';
import { groups, sessions } from '@peer-support/db/schema';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { WHATS_ON_CACHE_TTL_MS } from '../src/services/whats-on.ts';
import { as, type Person, post, signUp } from './accounts.ts';
import { buildTestApp, noticesArrived, withoutNotice } from './helper.ts';

/**
 * What anyone may read of the schedule (what's on, the directory) is answered from memory on
 * each API node. These tests hold it to being fresh anyway: a change made through this node
 * shows on the next request, and one made anywhere else (another node, or straight in the
 * database) within moments, on PGlite and on PostgreSQL alike.
 */

type App = Awaited<ReturnType<typeof buildTestApp>>;
const MINUTE = 60_000;
/** How long a change made elsewhere may take to arrive: one NOTIFY on loopback, with room to spare. */
const ELSEWHERE = { timeout: 3_000, interval: 25 };

async function whatsOn(app: App, cookie?: string): Promise<{ id: string; title: string; group: { id: string } }[]> {
  const res = await app.inject({ method: 'GET', url: '/api/sessions', headers: cookie ? { cookie } : {} });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().sessions;
}

async function directoryGroups(app: App, providerId: string): Promise<string[]> {
  const res = await app.inject({ method: 'GET', url: `/api/directory?providerId=${providerId}&pageSize=50` });
  expect(res.statusCode, res.body).toBe(200);
  return [...new Set((res.json().items as { group: { id: string } }[]).map((i) => i.group.id))];
}

/** Whether what's on (for a visitor, or for whoever `cookie` signs in) lists a session of the group. */
const listsGroup = async (app: App, groupId: string, cookie?: string) =>
  (await whatsOn(app, cookie)).some((s) => s.group.id === groupId);

/** The group's admin makes it invite-only through `app`'s API. */
async function hideThrough(app: App, admin: Person, groupId: string) {
  const hide = await app.inject({
    method: 'PATCH',
    url: `/api/groups/${groupId}`,
    headers: as(admin),
    payload: { visibility: 'invite_only' },
  });
  expect(hide.statusCode, hide.body).toBe(200);
}

/** A provider with one listed group that meets every day, late in the evening. */
async function listedGroup(app: App) {
  const admin = await signUp(app, 'Aileen Admin');
  const provider = await post(app, admin, '/api/providers', { name: `Provider ${randomUUID().slice(0, 8)}` });
  const group = await post(app, admin, `/api/providers/${provider.id}/groups`, { name: 'Open Circle' });
  const today = new Date().toISOString().slice(0, 10);
  await post(app, admin, `/api/groups/${group.id}/series`, {
    rule: { freq: 'weekly', interval: 1, byDay: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] },
    startDate: today,
    startTime: '23:59',
    durationMinutes: 60,
    mode: 'online',
    timeZone: 'UTC',
  });
  return { admin, provider: provider as { id: string }, group: group as { id: string } };
}

/** A session written straight to the database, as another API node (or the hourly materialiser) would. */
async function insertSession(app: App, groupId: string, title: string, startsAt: Date, minutes = 60) {
  const [row] = await app.database.db
    .insert(sessions)
    .values({
      groupId,
      title,
      startsAt,
      endsAt: new Date(startsAt.getTime() + minutes * MINUTE),
      mode: 'online',
      roomName: `session-${randomUUID()}`,
    })
    .returning({ id: sessions.id });
  return (row as { id: string }).id;
}

describe("what's on and the directory, from memory", { timeout: 60_000 }, () => {
  it('show a session written by someone else, and drop a group hidden by someone else, within moments', async () => {
    const app = await buildTestApp();
    const { provider, group } = await listedGroup(app);
    // Both answers are now held in memory.
    expect(await whatsOn(app)).toEqual(await whatsOn(app));
    expect(await directoryGroups(app, provider.id)).toContain(group.id);

    const added = await insertSession(app, group.id, 'Added elsewhere', new Date(Date.now() + 10 * MINUTE));
    await expect.poll(async () => (await whatsOn(app)).map((s) => s.id), ELSEWHERE).toContain(added);

    await app.database.db.update(groups).set({ visibility: 'invite_only' }).where(eq(groups.id, group.id));
    await expect.poll(() => listsGroup(app, group.id), ELSEWHERE).toBe(false);
    await expect.poll(() => directoryGroups(app, provider.id), ELSEWHERE).toEqual([]);
  });

  it('show a change made through this node on the very next request', async () => {
    const app = await buildTestApp();
    const { admin, provider, group } = await listedGroup(app);
    expect(await listsGroup(app, group.id)).toBe(true);
    await hideThrough(app, admin, group.id);
    expect(await listsGroup(app, group.id)).toBe(false);
    expect(await directoryGroups(app, provider.id)).toEqual([]);
    // Its staff still see it: a signed-in answer is never the anonymous one.
    expect(await listsGroup(app, group.id, admin.cookie)).toBe(true);
  });

  it("drop a session from what's on once it has ended, with no write at all", async () => {
    let now = new Date('2027-03-01T12:00:00Z');
    const app = await buildTestApp({ clock: () => now });
    const { group } = await listedGroup(app);
    const early = await insertSession(app, group.id, 'Ends first', new Date('2027-03-01T11:30:00Z'));
    const later = await insertSession(app, group.id, 'Ends later', new Date('2027-03-01T13:00:00Z'));
    const ours = async () => (await whatsOn(app)).filter((s) => s.id === early || s.id === later).map((s) => s.id);
    await expect.poll(ours, ELSEWHERE).toEqual([early, later]);
    now = new Date('2027-03-01T12:30:00Z'); // the moment it ends: still on
    expect(await ours()).toEqual([early, later]);
    now = new Date('2027-03-01T12:30:00.001Z');
    expect(await ours()).toEqual([later]);
  });

  it("hold what's on in memory for a bounded time when a notice is lost", async () => {
    let now = new Date('2027-03-01T12:00:00Z');
    const app = await buildTestApp({ clock: () => now });
    const { group } = await listedGroup(app);
    const session = await insertSession(app, group.id, 'Renamed quietly', new Date('2027-03-01T13:00:00Z'));
    const title = async () => (await whatsOn(app)).find((s) => s.id === session)?.title;
    await noticesArrived(app);
    expect(await title()).toBe('Renamed quietly');
    await withoutNotice(app, (tx) => tx.update(sessions).set({ title: 'New name' }).where(eq(sessions.id, session)));
    expect(await title()).toBe('Renamed quietly');
    now = new Date(now.getTime() + WHATS_ON_CACHE_TTL_MS + 1);
    expect(await title()).toBe('New name');
  });
});

// PGlite is one process by nature, so there is no second node to have: this exists on the
// PostgreSQL suites only (not skipped elsewhere: a skipped test fails the run, scripts/test.ts).
if (process.env.TEST_DB === 'postgres') {
  describe('two API nodes on one PostgreSQL', { timeout: 60_000 }, () => {
    it("a group hidden through one node leaves the other node's public answers within moments", async () => {
      const first = await buildTestApp();
      expect(first.config.database.driver).toBe('postgres');
      const second = await buildTestApp({ patch: (c) => ({ ...c, database: first.config.database }) });
      const { admin, provider, group } = await listedGroup(second);
      await expect.poll(() => listsGroup(first, group.id), ELSEWHERE).toBe(true);
      await expect.poll(() => directoryGroups(first, provider.id), ELSEWHERE).toEqual([group.id]);

      await hideThrough(second, admin, group.id);
      await expect.poll(() => listsGroup(first, group.id), ELSEWHERE).toBe(false);
      await expect.poll(() => directoryGroups(first, provider.id), ELSEWHERE).toEqual([]);
    });
  });
}
