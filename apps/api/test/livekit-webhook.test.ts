import { createHash } from 'node:crypto';
import { livekitEvents } from '@peer-support/db/schema';
import { eq } from 'drizzle-orm';
import { AccessToken } from 'livekit-server-sdk';
import { describe, expect, inject, it } from 'vitest';
import { appForFile, type buildTestApp } from './helper.ts';

const eventBody = (id: string) =>
  JSON.stringify({
    event: 'participant_joined',
    id,
    createdAt: String(Math.floor(Date.now() / 1000)),
    room: { sid: 'RM_test', name: 'room-a' },
    participant: { sid: 'PA_test', identity: 'guest-1', name: 'Robin' },
  });

/** Signs a body the way LiveKit does: a JWT whose sha256 claim is the body's digest. */
async function sign(body: string, key: string, secret: string) {
  const at = new AccessToken(key, secret);
  at.sha256 = createHash('sha256').update(body).digest('base64');
  return at.toJwt();
}

async function post(app: Awaited<ReturnType<typeof buildTestApp>>, body: string, authorization?: string) {
  return app.inject({
    method: 'POST',
    url: '/api/livekit/webhook',
    headers: { 'content-type': 'application/webhook+json', ...(authorization && { authorization }) },
    payload: body,
  });
}

/** One app for the file: each test uses its own event ids, so nothing leaks between them. */
const testApp = appForFile();
const stored = async (app: Awaited<ReturnType<typeof buildTestApp>>, id: string) =>
  app.database.db.select().from(livekitEvents).where(eq(livekitEvents.id, id));

describe('POST /api/livekit/webhook', { timeout: 60_000 }, () => {
  const lk = inject('livekit');

  it('records a correctly signed event once, even when delivered twice', async () => {
    const app = await testApp();
    const body = eventBody('EV_once');
    const auth = await sign(body, lk.apiKey, lk.apiSecret);
    expect((await post(app, body, auth)).statusCode).toBe(200);
    expect((await post(app, body, auth)).statusCode).toBe(200);
    const rows = await stored(app, 'EV_once');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: 'EV_once',
      event: 'participant_joined',
      roomName: 'room-a',
      participantIdentity: 'guest-1',
    });
  });

  it('refuses an event signed with another secret and records nothing', async () => {
    const app = await testApp();
    const body = eventBody('EV_forged');
    const res = await post(app, body, await sign(body, lk.apiKey, 'not-the-real-secret-but-long-enough-000'));
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('invalid_webhook_signature');
    expect(await stored(app, 'EV_forged')).toHaveLength(0);
  });

  it('refuses a body altered after signing', async () => {
    const app = await testApp();
    const auth = await sign(eventBody('EV_original'), lk.apiKey, lk.apiSecret);
    const res = await post(app, eventBody('EV_altered'), auth);
    expect(res.statusCode).toBe(401);
    expect(await stored(app, 'EV_altered')).toHaveLength(0);
    expect(await stored(app, 'EV_original')).toHaveLength(0);
  });

  it('refuses an unsigned event', async () => {
    const app = await testApp();
    const res = await post(app, eventBody('EV_unsigned'));
    expect(res.statusCode).toBe(401);
    expect(await stored(app, 'EV_unsigned')).toHaveLength(0);
  });

  it('refuses a body that is not a webhook', async () => {
    const app = await testApp();
    const res = await app.inject({ method: 'POST', url: '/api/livekit/webhook', payload: { event: 'room_started' } });
    expect(res.statusCode).toBe(415);
  });
});
