import { describe, expect, it } from 'vitest';
import { seedDemo } from '../src/services/demo-seed.ts';
import { appForFile } from './helper.ts';

/** One app for the file (PGlite start-up dominates); tests that change the app build their own. */
const testApp = appForFile();

describe('sessions', { timeout: 60_000 }, () => {
  it('lists the sessions that are on now or coming up', async () => {
    const app = await testApp();
    const { sessionId } = await seedDemo(app.database.db);
    const res = await app.inject({ method: 'GET', url: '/api/sessions' });
    expect(res.statusCode).toBe(200);
    const { sessions } = res.json();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ id: sessionId, mode: 'online', group: { name: 'Thursday Circle' } });
  });

  it('seeding twice keeps one demo session', async () => {
    const app = await testApp();
    const first = await seedDemo(app.database.db);
    const second = await seedDemo(app.database.db);
    expect(second.sessionId).toBe(first.sessionId);
  });

  it('seeds a demo group that welcomes drop-ins, with ground rules and a facilitator account', async () => {
    const app = await testApp();
    const { sessionId } = await seedDemo(app.database.db);
    const info = await app.inject({ method: 'GET', url: `/api/sessions/${sessionId}/join-info` });
    expect(info.statusCode).toBe(200);
    expect(info.json().viewer.kind).toBe('guest');
    expect(info.json().groundRules.version).toBe(1);
  });

  it('has no development token route: every token goes through the waiting room', async () => {
    const app = await testApp();
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
