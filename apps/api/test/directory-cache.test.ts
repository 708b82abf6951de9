import { seriesExceptions } from '@peer-support/db/schema';
import { expand } from '@peer-support/domain/recurrence';
import type { SeriesInput } from '@peer-support/domain/series';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DIRECTORY_CACHE_TTL_MS } from '../src/services/directory.ts';
import { as, post, signUp } from './accounts.ts';
import { buildTestApp, noticesArrived, withoutNotice } from './helper.ts';

type App = Awaited<ReturnType<typeof buildTestApp>>;

const THURSDAYS = {
  rule: { freq: 'weekly', interval: 1, byDay: ['TH'] },
  startDate: '2026-12-01',
  startTime: '18:30',
  durationMinutes: 90,
  mode: 'online',
};

async function directory(app: App, query: string) {
  const res = await app.inject({ method: 'GET', url: `/api/directory?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { total: number; items: { start: string; cancelled: boolean; occurrenceKey: string }[] };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the directory cache', { timeout: 60_000 }, () => {
  it('serves repeated requests from memory, and sees changes made through the API at once', async () => {
    const app = await buildTestApp();
    const admin = await signUp(app, 'Aileen Admin');
    const provider = await post(app, admin, '/api/providers', { name: 'Provider' });
    const group = await post(app, admin, `/api/providers/${provider.id}/groups`, { name: 'Thursday Circle' });
    const series = await post(app, admin, `/api/groups/${group.id}/series`, THURSDAYS);
    const query = `providerId=${provider.id}&from=2027-01-01&to=2027-02-01`;
    await noticesArrived(app);
    const january = await directory(app, query);
    expect(january.total).toBe(4);
    expect(january.items.some((i) => i.cancelled)).toBe(false);

    // A change whose notice never arrives is not seen while the cached expansion is fresh: the
    // answer comes from memory (listing-cache.test.ts shows notices arriving)...
    await withoutNotice(app, (tx) =>
      tx.insert(seriesExceptions).values({
        seriesId: series.id,
        occurrenceKey: '2027-01-07T18:30[Europe/London]',
        cancelled: true,
        reason: 'Closed',
      }),
    );
    expect(await directory(app, query)).toEqual(january);

    // ...but one made through the API is, straight away.
    await post(app, admin, `/api/groups/${group.id}/series/${series.id}/exceptions`, {
      occurrenceKey: '2027-01-14T18:30[Europe/London]',
      cancelled: true,
      reason: 'Closed again',
    });
    const after = await directory(app, query);
    expect(after.items.filter((i) => i.cancelled).map((i) => i.occurrenceKey)).toEqual([
      '2027-01-07T18:30[Europe/London]',
      '2027-01-14T18:30[Europe/London]',
    ]);

    // So is a group becoming invite-only: it leaves the directory at once.
    const hide = await app.inject({
      method: 'PATCH',
      url: `/api/groups/${group.id}`,
      headers: as(admin),
      payload: { visibility: 'invite_only' },
    });
    expect(hide.statusCode, hide.body).toBe(200);
    expect((await directory(app, query)).total).toBe(0);
    await app.inject({
      method: 'PATCH',
      url: `/api/groups/${group.id}`,
      headers: as(admin),
      payload: { visibility: 'listed' },
    });
    expect((await directory(app, query)).total).toBe(4);

    // A change whose notice was lost shows once the entry is older than the TTL.
    await withoutNotice(app, (tx) => tx.delete(seriesExceptions));
    expect((await directory(app, query)).items.filter((i) => i.cancelled)).toHaveLength(2);
    const later = Date.now() + DIRECTORY_CACHE_TTL_MS + 1000;
    vi.spyOn(Date, 'now').mockReturnValue(later);
    expect((await directory(app, query)).items.filter((i) => i.cancelled)).toHaveLength(0);
  });

  it('cuts each request to its exact range, even when requests share a cached day', async () => {
    const app = await buildTestApp();
    const admin = await signUp(app, 'Aileen Admin');
    const provider = await post(app, admin, '/api/providers', { name: 'Provider' });
    const group = await post(app, admin, `/api/providers/${provider.id}/groups`, { name: 'Thursday Circle' });
    await post(app, admin, `/api/groups/${group.id}/series`, THURSDAYS);
    const ask = async (from: string, to: string) =>
      (
        await directory(app, `providerId=${provider.id}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`)
      ).items.map((i) => i.start);
    // 18:30 in London in January is 18:30Z. From is inclusive, to exclusive.
    expect(await ask('2027-01-07T18:30:00Z', '2027-01-14T18:30:00Z')).toEqual(['2027-01-07T18:30:00.000Z']);
    expect(await ask('2027-01-07T18:30:00.001Z', '2027-01-14T18:30:00Z')).toEqual([]);
    expect(await ask('2027-01-07T18:30:00.001Z', '2027-01-14T18:30:00.001Z')).toEqual(['2027-01-14T18:30:00.000Z']);
    expect(await ask('2027-01-07T00:00:00Z', '2027-01-15T00:00:00Z')).toEqual([
      '2027-01-07T18:30:00.000Z',
      '2027-01-14T18:30:00.000Z',
    ]);
    expect(await ask('2027-01-07T18:30:00+01:00', '2027-01-07T19:30:00+01:00')).toEqual([]);
    // The default window starts now, to the millisecond, and still matches a fresh expansion of it.
    const before = Date.now();
    const now = await directory(app, `providerId=${provider.id}`);
    const expected = expand(
      { ...THURSDAYS, mode: 'online', timeZone: 'Europe/London', end: { kind: 'never' } } as SeriesInput,
      { from: new Date(before), to: new Date(before + 8 * 7 * 24 * 3600 * 1000) },
    );
    expect(now.items.map((i) => i.start)).toEqual(expected.map((o) => o.start.toISOString()));
  });

  it('keeps answers per page and filter, sent as JSON, and drops a session once it has begun', async () => {
    const app = await buildTestApp();
    const admin = await signUp(app, 'Aileen Admin');
    const provider = await post(app, admin, '/api/providers', { name: 'Provider' });
    const group = await post(app, admin, `/api/providers/${provider.id}/groups`, { name: 'Thursday Circle' });
    await post(app, admin, `/api/groups/${group.id}/series`, THURSDAYS);
    const ask = async (extra: string, from = '2027-01-01T00:00:00Z') =>
      directory(app, `providerId=${provider.id}&from=${encodeURIComponent(from)}&to=2027-02-01T00:00:00Z${extra}`);
    const starts = (d: { items: { start: string }[] }) => d.items.map((i) => i.start);

    // The same question twice, then other pages and filters over the same sessions: each its own answer.
    expect(starts(await ask('&pageSize=2'))).toEqual(['2027-01-07T18:30:00.000Z', '2027-01-14T18:30:00.000Z']);
    expect(starts(await ask('&pageSize=2'))).toEqual(['2027-01-07T18:30:00.000Z', '2027-01-14T18:30:00.000Z']);
    const second = await ask('&pageSize=2&page=2');
    expect(starts(second)).toEqual(['2027-01-21T18:30:00.000Z', '2027-01-28T18:30:00.000Z']);
    expect(second).toMatchObject({ page: 2, pageSize: 2, total: 4 });
    expect((await ask('&mode=in_person')).total).toBe(0);
    expect((await ask('&weekday=TH')).total).toBe(4);
    expect((await ask('&weekday=FR')).total).toBe(0);

    // A moment after the first session starts (the same cached day), it is gone from the list.
    expect(starts(await ask('&pageSize=2', '2027-01-07T18:30:00.001Z'))).toEqual([
      '2027-01-14T18:30:00.000Z',
      '2027-01-21T18:30:00.000Z',
    ]);
    const res = await app.inject({ method: 'GET', url: `/api/directory?providerId=${provider.id}&from=2027-01-01` });
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    // Only what the schema allows goes out, from memory too.
    expect(Object.keys(res.json()).sort()).toEqual(['items', 'page', 'pageSize', 'total']);
  });
});
