import { groundRuleVersions, groups, memberships } from '@peer-support/db/schema';
import { DEFAULT_GROUND_RULES } from '@peer-support/domain/ground-rules';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { signUp } from './accounts.ts';
import { buildTestApp } from './helper.ts';

type App = Awaited<ReturnType<typeof buildTestApp>>;

async function providerWithAdmin(app: App, name = 'Leith Peer Network') {
  const admin = await signUp(app, 'Aileen Admin');
  const res = await app.inject({
    method: 'POST',
    url: '/api/providers',
    headers: { cookie: admin.cookie },
    payload: { name },
  });
  expect(res.statusCode).toBe(201);
  return { admin, provider: res.json() as { id: string; slug: string } };
}

describe('providers', () => {
  it('creates a provider with its creator as admin, and refuses a taken slug', async () => {
    const app = await buildTestApp();
    const { admin, provider } = await providerWithAdmin(app);
    expect(provider.slug).toBe('leith-peer-network');
    const me = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie: admin.cookie } });
    expect(me.json().providers).toEqual([expect.objectContaining({ id: provider.id, role: 'provider_admin' })]);
    const again = await app.inject({
      method: 'POST',
      url: '/api/providers',
      headers: { cookie: admin.cookie },
      payload: { name: 'Leith Peer Network' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toMatch(/leith-peer-network.*taken/);
  });
});

describe('groups', () => {
  it('creates a group with the default ground rules and Scottish support lines', async () => {
    const app = await buildTestApp();
    const { admin, provider } = await providerWithAdmin(app);
    const res = await app.inject({
      method: 'POST',
      url: `/api/providers/${provider.id}/groups`,
      headers: { cookie: admin.cookie },
      payload: { name: 'Hearing Voices Circle', description: 'Monthly', topics: ['voices'], capacity: 10 },
    });
    expect(res.statusCode).toBe(201);
    const group = res.json();
    expect(group).toMatchObject({
      slug: 'hearing-voices-circle',
      capacity: 10,
      visibility: 'listed',
      admission: 'waiting_room',
      groundRules: { version: 1, rules: [...DEFAULT_GROUND_RULES] },
    });
    expect(group.supportLines.map((l: { phone: string }) => l.phone)).toEqual(
      expect.arrayContaining(['116 123', '0800 83 85 87', '111']),
    );
  });

  it('versions ground rules: an edit adds a version and keeps the old one', async () => {
    const app = await buildTestApp();
    const { admin, provider } = await providerWithAdmin(app);
    const group = (
      await app.inject({
        method: 'POST',
        url: `/api/providers/${provider.id}/groups`,
        headers: { cookie: admin.cookie },
        payload: { name: 'Circle', groundRules: ['Be kind'] },
      })
    ).json();
    const save = await app.inject({
      method: 'PUT',
      url: `/api/groups/${group.id}/ground-rules`,
      headers: { cookie: admin.cookie },
      payload: { rules: ['  Be kind  ', 'One voice at a time'] },
    });
    expect(save.statusCode).toBe(201);
    expect(save.json()).toMatchObject({ version: 2, rules: ['Be kind', 'One voice at a time'] });
    const history = await app.inject({
      method: 'GET',
      url: `/api/groups/${group.id}/ground-rules`,
      headers: { cookie: admin.cookie },
    });
    expect(history.json().current).toMatchObject({ version: 2, createdByName: 'Aileen Admin' });
    expect(history.json().history.map((h: { version: number; rules: string[] }) => [h.version, h.rules])).toEqual([
      [2, ['Be kind', 'One voice at a time']],
      [1, ['Be kind']],
    ]);
  });

  it('refuses an empty ground-rules list and saves nothing', async () => {
    const app = await buildTestApp();
    const { admin, provider } = await providerWithAdmin(app);
    const group = (
      await app.inject({
        method: 'POST',
        url: `/api/providers/${provider.id}/groups`,
        headers: { cookie: admin.cookie },
        payload: { name: 'Circle' },
      })
    ).json();
    const res = await app.inject({
      method: 'PUT',
      url: `/api/groups/${group.id}/ground-rules`,
      headers: { cookie: admin.cookie },
      payload: { rules: [] },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().message).toMatch(/at least one ground rule/i);
    const versions = await app.database.db
      .select()
      .from(groundRuleVersions)
      .where(eq(groundRuleVersions.groupId, group.id));
    expect(versions).toHaveLength(1);

    const noGroup = await app.inject({
      method: 'POST',
      url: `/api/providers/${provider.id}/groups`,
      headers: { cookie: admin.cookie },
      payload: { name: 'Empty rules', groundRules: [] },
    });
    expect(noGroup.statusCode).toBe(422);
    expect(await app.database.db.select().from(groups).where(eq(groups.name, 'Empty rules'))).toHaveLength(0);
  });

  it('refuses a facilitator who is not staff of the provider, and creates nothing', async () => {
    const app = await buildTestApp();
    const { admin, provider } = await providerWithAdmin(app);
    const outsider = await signUp(app, 'Olly Outsider');
    const res = await app.inject({
      method: 'POST',
      url: `/api/providers/${provider.id}/groups`,
      headers: { cookie: admin.cookie },
      payload: { name: 'Circle', facilitatorIds: [outsider.id] },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'facilitator_not_staff', fields: [{ field: 'body.facilitatorIds' }] });
    expect(await app.database.db.select().from(groups)).toHaveLength(0);
  });

  it('refuses a capacity below the places taken, and keeps the old capacity', async () => {
    const app = await buildTestApp();
    const { admin, provider } = await providerWithAdmin(app);
    const group = (
      await app.inject({
        method: 'POST',
        url: `/api/providers/${provider.id}/groups`,
        headers: { cookie: admin.cookie },
        payload: { name: 'Circle', capacity: 5 },
      })
    ).json();
    await app.database.db
      .insert(memberships)
      .values(['A', 'B', 'C'].map((displayName) => ({ groupId: group.id, displayName, status: 'active' as const })));
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/groups/${group.id}`,
      headers: { cookie: admin.cookie },
      payload: { capacity: 2 },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().message).toMatch(/3 members hold a place.*at least 3/);
    expect(res.json().fields).toEqual([{ field: 'body.capacity', message: expect.any(String) }]);
    const fresh = await app.inject({
      method: 'GET',
      url: `/api/groups/${group.id}`,
      headers: { cookie: admin.cookie },
    });
    expect(fresh.json().capacity).toBe(5);
    const ok = await app.inject({
      method: 'PATCH',
      url: `/api/groups/${group.id}`,
      headers: { cookie: admin.cookie },
      payload: { capacity: 3 },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().capacity).toBe(3);
  });
});
