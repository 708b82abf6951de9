import { RoomServiceClient, TokenVerifier, TrackSource } from 'livekit-server-sdk';
import { describe, expect, inject, it } from 'vitest';
import { seedDemo } from '../src/services/demo-seed.ts';
import { buildTestApp } from './helper.ts';

describe('sessions', () => {
  it('lists the sessions that are on now or coming up', async () => {
    const app = await buildTestApp();
    const { sessionId } = await seedDemo(app.database.db);
    const res = await app.inject({ method: 'GET', url: '/api/sessions' });
    expect(res.statusCode).toBe(200);
    const { sessions } = res.json();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ id: sessionId, mode: 'online', group: { name: 'Thursday Circle' } });
  });

  it('seeding twice keeps one demo session', async () => {
    const app = await buildTestApp();
    const first = await seedDemo(app.database.db);
    const second = await seedDemo(app.database.db);
    expect(second.sessionId).toBe(first.sessionId);
  });

  it('dev-token creates the LiveKit room and gives a short-lived participant token with least grants', async () => {
    const app = await buildTestApp({ env: { DEV_TOKENS: 'true', TOKEN_TTL_SECONDS: '300' } });
    const { sessionId } = await seedDemo(app.database.db);
    const res = await app.inject({
      method: 'POST',
      url: `/api/sessions/${sessionId}/dev-token`,
      payload: { displayName: '  Robin  ' },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const lk = inject('livekit');
    const claims = await new TokenVerifier(lk.apiKey, lk.apiSecret).verify(body.token);
    expect(claims.name).toBe('Robin');
    expect(claims.sub).toBe(body.identity);
    expect(claims.video).toMatchObject({ room: body.room, roomJoin: true, canSubscribe: true, canPublishData: true });
    expect(claims.video?.roomAdmin).toBeFalsy();
    expect(claims.video?.roomRecord).toBeFalsy();
    expect(claims.video?.canPublishSources?.map(String).sort()).toEqual(
      [TrackSource.CAMERA, TrackSource.MICROPHONE]
        .map((s) => (s === TrackSource.CAMERA ? 'camera' : 'microphone'))
        .sort(),
    );
    expect((claims.exp ?? 0) - (claims.nbf ?? claims.iat ?? 0)).toBeLessThanOrEqual(300);

    const rooms = await new RoomServiceClient(lk.url.replace('ws', 'http'), lk.apiKey, lk.apiSecret).listRooms([
      body.room,
    ]);
    expect(rooms.map((r) => r.name)).toEqual([body.room]);
  });

  it('gives each join its own identity', async () => {
    const app = await buildTestApp({ env: { DEV_TOKENS: 'true' } });
    const { sessionId } = await seedDemo(app.database.db);
    const ask = () =>
      app.inject({ method: 'POST', url: `/api/sessions/${sessionId}/dev-token`, payload: { displayName: 'Sam' } });
    const [a, b] = await Promise.all([ask(), ask()]);
    expect(a.json().identity).not.toBe(b.json().identity);
  });

  it('answers 404 for a session that does not exist', async () => {
    const app = await buildTestApp({ env: { DEV_TOKENS: 'true' } });
    const res = await app.inject({
      method: 'POST',
      url: '/api/sessions/00000000-0000-4000-8000-000000000000/dev-token',
      payload: { displayName: 'Sam' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('not_found');
  });

  it('has no dev-token route when dev tokens are off (production)', async () => {
    const app = await buildTestApp({ env: { DEV_TOKENS: 'false' } });
    const { sessionId } = await seedDemo(app.database.db);
    const res = await app.inject({
      method: 'POST',
      url: `/api/sessions/${sessionId}/dev-token`,
      payload: { displayName: 'Sam' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('route_not_found');
  });
});
