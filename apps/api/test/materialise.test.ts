import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seriesExceptions, sessions } from '@peer-support/db/schema';
import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import type { Config } from '../src/config.ts';
import { scheduleService } from '../src/services/schedule.ts';
import { as, post, signUp } from './accounts.ts';
import { buildTestApp } from './helper.ts';

type App = Awaited<ReturnType<typeof buildTestApp>>;

const HALL = { name: 'Quaker Meeting House', address: '7 Victoria Terrace, Edinburgh EH1 2JL' };

/** A group with an in-person, an online and a hybrid series, all starting in December 2026. */
async function seed(app: App) {
  const admin = await signUp(app, 'Aileen Admin');
  const provider = await post(app, admin, '/api/providers', { name: `Provider ${Math.random()}` });
  const group = await post(app, admin, `/api/providers/${provider.id}/groups`, { name: 'Thursday Circle' });
  const series = (body: object) => post(app, admin, `/api/groups/${group.id}/series`, body);
  const inPerson = await series({
    rule: { freq: 'weekly', interval: 1, byDay: ['TH'] },
    startDate: '2026-12-01',
    startTime: '18:30',
    durationMinutes: 90,
    mode: 'in_person',
    venue: HALL,
  });
  const online = await series({
    rule: { freq: 'weekly', interval: 1, byDay: ['MO', 'WE'] },
    startDate: '2026-12-01',
    startTime: '12:00',
    durationMinutes: 60,
    mode: 'online',
  });
  const hybrid = await series({
    rule: { freq: 'monthly', interval: 1, byDay: 'TU', bySetPos: 1 },
    startDate: '2026-12-01',
    startTime: '19:00',
    durationMinutes: 120,
    timeZone: 'America/New_York',
    mode: 'hybrid',
    venue: HALL,
  });
  return { admin, group, inPerson, online, hybrid };
}

describe('session records for the coming fortnight', { timeout: 60_000 }, () => {
  it('creates each occurrence once, with its times, mode and cancellation', async () => {
    const app = await buildTestApp();
    const { admin, group, inPerson, online, hybrid } = await seed(app);
    const db = app.database.db;
    // Creating a series made records for the fortnight from today; start from none, so the
    // only records are the ones made below.
    await db.delete(sessions).where(eq(sessions.groupId, group.id));
    // Changes made straight in the table, so the only session records are the ones materialising makes.
    await db.insert(seriesExceptions).values([
      { seriesId: inPerson.id, occurrenceKey: '2027-01-14T18:30[Europe/London]', cancelled: true, reason: 'Closed' },
      {
        seriesId: online.id,
        occurrenceKey: '2027-01-06T12:00[Europe/London]',
        start: new Date('2027-01-06T15:00:00Z'),
        durationMinutes: 30,
        reason: 'Later that day',
      },
    ]);
    // One occurrence already has a record with its own places, made by the places route.
    const placed = await app.inject({
      method: 'PUT',
      url: `/api/groups/${group.id}/series/${inPerson.id}/occurrences/${encodeURIComponent('2027-01-07T18:30[Europe/London]')}/places`,
      headers: as(admin),
      payload: { places: 6 },
    });
    expect(placed.statusCode, placed.body).toBe(200);

    const service = scheduleService(db);
    const now = new Date('2027-01-01T00:00:00Z');
    // 1 to 15 January: Thursdays 7 (already there) and 14 (cancelled); Mondays and Wednesdays
    // 4, 6 (moved), 11 and 13; the first Tuesday, 5 January, in New York.
    expect(await service.materialiseAhead(now)).toEqual({ created: 6 });
    expect(await service.materialiseAhead(now)).toEqual({ created: 0 });
    expect(await service.materialiseAhead(new Date('2027-01-01T00:30:00Z'))).toEqual({ created: 0 });

    const rows = await db.select().from(sessions).where(eq(sessions.groupId, group.id));
    const view = rows
      .map((r) => ({
        key: r.occurrenceKey,
        series: r.seriesId,
        start: r.startsAt.toISOString(),
        end: r.endsAt.toISOString(),
        mode: r.mode,
        cancelled: r.cancelled,
        places: r.places,
        title: r.title,
      }))
      .sort((a, b) => a.start.localeCompare(b.start));
    const common = { cancelled: false, places: null, title: 'Thursday Circle' };
    expect(view).toEqual([
      {
        key: '2027-01-04T12:00[Europe/London]',
        series: online.id,
        start: '2027-01-04T12:00:00.000Z',
        end: '2027-01-04T13:00:00.000Z',
        mode: 'online',
        ...common,
      },
      {
        key: '2027-01-05T19:00[America/New_York]',
        series: hybrid.id,
        start: '2027-01-06T00:00:00.000Z',
        end: '2027-01-06T02:00:00.000Z',
        mode: 'hybrid',
        ...common,
      },
      {
        key: '2027-01-06T12:00[Europe/London]',
        series: online.id,
        start: '2027-01-06T15:00:00.000Z',
        end: '2027-01-06T15:30:00.000Z',
        mode: 'online',
        ...common,
      },
      {
        key: '2027-01-07T18:30[Europe/London]',
        series: inPerson.id,
        start: '2027-01-07T18:30:00.000Z',
        end: '2027-01-07T20:00:00.000Z',
        mode: 'in_person',
        ...common,
        places: 6,
      },
      {
        key: '2027-01-11T12:00[Europe/London]',
        series: online.id,
        start: '2027-01-11T12:00:00.000Z',
        end: '2027-01-11T13:00:00.000Z',
        mode: 'online',
        ...common,
      },
      {
        key: '2027-01-13T12:00[Europe/London]',
        series: online.id,
        start: '2027-01-13T12:00:00.000Z',
        end: '2027-01-13T13:00:00.000Z',
        mode: 'online',
        ...common,
      },
      {
        key: '2027-01-14T18:30[Europe/London]',
        series: inPerson.id,
        start: '2027-01-14T18:30:00.000Z',
        end: '2027-01-14T20:00:00.000Z',
        mode: 'in_person',
        ...common,
        cancelled: true,
      },
    ]);

    // The schedule now points at those records.
    const schedule = await app.inject({
      method: 'GET',
      url: `/api/groups/${group.id}/schedule?from=2027-01-01&to=2027-01-15`,
      headers: as(admin),
    });
    const listed = schedule.json().sessions as { occurrenceKey: string; sessionId: string | null }[];
    expect(listed).toHaveLength(7);
    expect(listed.every((s) => rows.some((r) => r.id === s.sessionId && r.occurrenceKey === s.occurrenceKey))).toBe(
      true,
    );

    // A shorter window reaches less far; a longer one picks up the rest of January.
    expect(await service.materialiseAhead(now, 3)).toEqual({ created: 0 });
    expect(await service.materialiseAhead(now, 31)).toEqual({ created: 6 });
  });

  it('runs when the API starts, after its migrations', async () => {
    // Two apps on one database in turn: the first adds a series, the second must find its sessions.
    let shared: Config['database'] | undefined;
    const first = await buildTestApp({
      patch: (config) => {
        shared =
          config.database.driver === 'postgres'
            ? config.database
            : { driver: 'pglite', dataDir: mkdtempSync(path.join(os.tmpdir(), 'api-test-materialise-')) };
        return { ...config, database: shared };
      },
    });
    const admin = await signUp(first, 'Aileen Admin');
    const provider = await post(first, admin, '/api/providers', { name: 'Provider' });
    const group = await post(first, admin, `/api/providers/${provider.id}/groups`, { name: 'Daily' });
    // Every day from tomorrow, so the next fortnight always has sessions whenever this runs.
    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10);
    await post(first, admin, `/api/groups/${group.id}/series`, {
      rule: { freq: 'weekly', interval: 1, byDay: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] },
      startDate: tomorrow,
      startTime: '09:00',
      durationMinutes: 60,
      mode: 'online',
    });
    // Creating the series made its records at once (so its sessions have links today)…
    const made = await first.database.db.select().from(sessions).where(eq(sessions.groupId, group.id));
    expect(made.length).toBeGreaterThanOrEqual(13);
    // …take them away, as if the series came
    // from before that (or its records were never made), so the start-up run has work to do.
    await first.database.db.delete(sessions).where(eq(sessions.groupId, group.id));
    // PGlite on disk allows one process at a time: the first app lets go before the second opens it.
    if (shared?.driver === 'pglite') await first.close();

    const second = await buildTestApp({ patch: (config) => ({ ...config, database: shared ?? config.database }) });
    await second.ready();
    await vi.waitFor(
      async () => {
        const rows = await second.database.db.select().from(sessions).where(eq(sessions.groupId, group.id));
        expect(rows.length).toBeGreaterThanOrEqual(13);
      },
      { timeout: 10_000, interval: 100 },
    );
  });
});
