import { describe, expect, it } from 'vitest';
import { ConfigError, DEV_LIVEKIT_SECRET, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('needs nothing set: PGlite under ./data and LiveKit on loopback', () => {
    const c = loadConfig({});
    expect(c.database).toEqual({ driver: 'pglite', dataDir: expect.stringMatching(/data\/pglite$/) });
    expect(c.livekit).toMatchObject({ apiUrl: 'http://127.0.0.1:7880', publicUrl: 'ws://127.0.0.1:7880' });
    expect(c.port).toBe(3000);
    expect(c.seedDemo).toBe(true);
  });

  it('switches to PostgreSQL with DATABASE_URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db' }).database).toEqual({
      driver: 'postgres',
      url: 'postgres://u@h:5432/db',
    });
  });

  it('names every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'eighty', LIVEKIT_API_SECRET: 'short', DATABASE_URL: 'mysql://x' })).toThrow(
      ConfigError,
    );
    try {
      loadConfig({ PORT: 'eighty', LIVEKIT_API_SECRET: 'short', DATABASE_URL: 'mysql://x' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('PORT="eighty"');
      expect(message).toContain('LIVEKIT_API_SECRET');
      expect(message).toContain('DATABASE_URL');
    }
  });

  it('refuses the committed development secret in production, and turns dev tokens off there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/development secret/);
    expect(() => loadConfig({ NODE_ENV: 'production', LIVEKIT_API_SECRET: 'x'.repeat(40) })).toThrow(/AUTH_SECRET/);
    const prod = loadConfig({
      NODE_ENV: 'production',
      LIVEKIT_API_SECRET: 'x'.repeat(40),
      AUTH_SECRET: 'y'.repeat(40),
    });
    expect(prod.seedDemo).toBe(false);
    expect(DEV_LIVEKIT_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it('trusts no proxy unless TRUST_PROXY lists them, and never by hop count or all at once', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '172.18.0.0/16, 127.0.0.1,uniquelocal,::1' }).trustProxy).toEqual([
      '172.18.0.0/16',
      '127.0.0.1',
      'uniquelocal',
      '::1',
    ]);
    expect(() => loadConfig({ TRUST_PROXY: '2' })).toThrow(/number of hops cannot tell a proxy from a client/);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/any client pick the address/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33,proxy.local' })).toThrow(
      /10\.0\.0\.0\/33, proxy\.local is not an address/,
    );
  });

  it('has sign-in limits per client address that can be raised', () => {
    expect(loadConfig({}).auth.limits).toEqual({ signInPerMinute: 20, signUpsPerTenMinutes: 10 });
    expect(loadConfig({ SIGN_UP_LIMIT_PER_IP: '500' }).auth.limits.signUpsPerTenMinutes).toBe(500);
    expect(() => loadConfig({ SIGN_IN_LIMIT_PER_IP: '0' })).toThrow(/SIGN_IN_LIMIT_PER_IP/);
  });

  it('derives the browser URL from a wss API URL', () => {
    expect(loadConfig({ LIVEKIT_URL: 'wss://lk.example.org' }).livekit).toMatchObject({
      apiUrl: 'https://lk.example.org',
      publicUrl: 'wss://lk.example.org',
    });
  });
});
