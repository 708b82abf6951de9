import { describe, expect, it } from 'vitest';
import { appForFile, buildTestApp } from './helper.ts';

/** One app for the file (PGlite start-up dominates); tests that change the app build their own. */
const testApp = appForFile();

describe('errors', { timeout: 60_000 }, () => {
  it('answers an unknown API route with a JSON 404', async () => {
    const app = await testApp();
    const res = await app.inject({ method: 'GET', url: '/api/no-such-thing', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.json()).toMatchObject({
      code: 'route_not_found',
      message: expect.stringContaining('/api/no-such-thing'),
    });
  });

  it('names every invalid field', async () => {
    const app = await testApp();
    const res = await app.inject({
      method: 'POST',
      url: '/api/sessions/00000000-0000-4000-8000-000000000000/entries',
      payload: { displayName: '', role: 'facilitator', groundRulesVersion: 1 },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('invalid_input');
    expect(body.fields).toEqual(
      expect.arrayContaining([
        { field: 'body.displayName', message: 'must not be empty' },
        { field: 'body.role', message: 'is not a field we accept; remove it' },
      ]),
    );
    expect(body.message).toContain('body.displayName must not be empty');
  });

  it('refuses a body that is not JSON with a 4xx, not a crash', async () => {
    const app = await testApp();
    const res = await app.inject({
      method: 'POST',
      url: '/api/sessions/00000000-0000-4000-8000-000000000000/entries',
      headers: { 'content-type': 'application/json' },
      payload: '{"displayName":',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/JSON/);
  });

  it('hides the internals of a 5xx', async () => {
    const app = await buildTestApp();
    app.get('/api/test-explodes', async () => {
      throw new Error('connection string postgres://secret@db leaked');
    });
    const res = await app.inject({ method: 'GET', url: '/api/test-explodes' });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('secret');
    expect(res.json()).toMatchObject({ code: 'internal_error', message: expect.stringContaining('try again') });
  });

  it('serves the OpenAPI document under /api/docs', async () => {
    const app = await testApp();
    const res = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/health', '/api/sessions', '/api/livekit/webhook']),
    );
  });
});
