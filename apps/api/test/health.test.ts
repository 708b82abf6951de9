import { describe, expect, it } from 'vitest';
import { buildTestApp } from './helper.ts';

const expectedDriver = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';

describe('GET /api/health', () => {
  it('answers 200 when the database and LiveKit both answer', async () => {
    const app = await buildTestApp();
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ok',
      db: { driver: expectedDriver, ok: true },
      livekit: { url: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+$/), ok: true },
    });
  });

  it('answers 503 naming LiveKit when LiveKit does not answer', async () => {
    const app = await buildTestApp({ env: { LIVEKIT_URL: 'ws://127.0.0.1:9' } });
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(503);
    const body = res.json();
    expect(body.status).toBe('degraded');
    expect(body.db.ok).toBe(true);
    expect(body.livekit.ok).toBe(false);
    expect(body.livekit.error).toMatch(/^LiveKit is not answering/);
  });

  it('answers 503 naming LiveKit when LiveKit refuses our key', async () => {
    const app = await buildTestApp({ env: { LIVEKIT_API_SECRET: 'a-wrong-secret-that-is-long-enough-0000' } });
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(503);
    expect(res.json().livekit.ok).toBe(false);
  });

  it('answers 503 naming the database when it stops answering', async () => {
    const app = await buildTestApp();
    await app.database.close();
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(503);
    const body = res.json();
    expect(body.db).toMatchObject({ driver: expectedDriver, ok: false });
    expect(body.db.error).toMatch(/^database is not answering/);
    expect(body.livekit.ok).toBe(true);
  });
});
