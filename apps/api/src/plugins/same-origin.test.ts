import { describe, expect, it } from 'vitest';
import { crossSiteProblem, ownOrigins, type RequestLike } from './same-origin.ts';

const production = ownOrigins({ env: 'production', publicUrl: 'https://peers.example.org' });
const development = ownOrigins({ env: 'development', publicUrl: 'http://localhost:3000' });

const post = (headers: RequestLike['headers'], url = '/api/sessions/x/end', method = 'POST'): RequestLike => ({
  method,
  url,
  headers,
});

describe('ownOrigins', () => {
  it('is the public URL’s origin, and in development the origins better-auth trusts too', () => {
    expect([...production]).toEqual(['https://peers.example.org']);
    expect(development).toEqual(
      new Set(['http://localhost:3000', 'http://127.0.0.1:3000', 'http://localhost:5173', 'http://127.0.0.1:5173']),
    );
    expect([...ownOrigins({ env: 'production', publicUrl: 'https://Peers.Example.org:443/app' })]).toEqual([
      'https://peers.example.org',
    ]);
  });
});

describe('crossSiteProblem', () => {
  it('lets our own Origin through whatever the body', () => {
    for (const type of [undefined, 'text/plain', 'application/x-www-form-urlencoded', 'application/json'])
      expect(
        crossSiteProblem(post({ origin: 'https://peers.example.org', 'content-type': type }), production),
      ).toBeNull();
    expect(crossSiteProblem(post({ origin: 'http://localhost:5173' }), development)).toBeNull();
  });

  it('refuses a foreign Origin on every state-changing method, JSON or not', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      for (const origin of ['https://elsewhere.example', 'null', 'https://peers.example.org.evil.example', '']) {
        const problem = crossSiteProblem(
          post({ origin, 'content-type': 'application/json' }, '/api/providers', method),
          production,
        );
        expect(problem, `${method} ${origin}`).toMatch(/another site/);
      }
    }
    // Development's extra origins are not ours in production.
    expect(crossSiteProblem(post({ origin: 'http://localhost:5173' }), production)).toMatch(/another site/);
  });

  it('without an Origin asks for JSON (any +json type), which no other site can send without a preflight', () => {
    for (const type of [undefined, 'text/plain', 'text/plain; charset=utf-8', 'multipart/form-data; boundary=x'])
      expect(crossSiteProblem(post({ 'content-type': type }), production), String(type)).toMatch(/JSON/);
    for (const type of ['application/json', 'Application/JSON; charset=utf-8', 'application/webhook+json'])
      expect(crossSiteProblem(post({ 'content-type': type }), production), type).toBeNull();
  });

  it('leaves reads alone, and anything outside /api', () => {
    expect(
      crossSiteProblem(post({ origin: 'https://elsewhere.example' }, '/api/directory', 'GET'), production),
    ).toBeNull();
    expect(
      crossSiteProblem(post({ origin: 'https://elsewhere.example' }, '/api/directory', 'HEAD'), production),
    ).toBeNull();
    expect(crossSiteProblem(post({}, '/sessions/x', 'POST'), production)).toBeNull();
  });

  it('refuses a WebSocket from a foreign Origin, and takes one from ours or from a client with none', () => {
    const socket = (origin?: string): RequestLike => ({
      method: 'GET',
      url: '/api/sessions/x/live',
      headers: { upgrade: 'websocket', ...(origin !== undefined && { origin }) },
    });
    expect(crossSiteProblem(socket('https://elsewhere.example'), production)).toMatch(/another site/);
    expect(crossSiteProblem(socket('null'), production)).toMatch(/another site/);
    expect(crossSiteProblem(socket('https://peers.example.org'), production)).toBeNull();
    expect(crossSiteProblem(socket(), production)).toBeNull();
  });
});
