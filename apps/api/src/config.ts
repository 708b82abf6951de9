import { isIP } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatabaseOptions } from '@peer-support/db/client';
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';

/**
 * The one place that reads the environment. Every setting has a default that works on a
 * fresh clone (PGlite under ./data, LiveKit on loopback with the committed dev key), so
 * nothing needs setting to run; production overrides what it must.
 */

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Dev-only key pair, matching infra/livekit/livekit.yaml. Never use it beyond loopback. */
export const DEV_LIVEKIT_KEY = 'peer-support-dev';
export const DEV_LIVEKIT_SECRET = 'dev-secret-for-loopback-only-0123456789abcdef';
/** Dev-only session-signing secret. Production must set AUTH_SECRET. */
export const DEV_AUTH_SECRET = 'dev-auth-secret-not-for-production-0123456789';

const Env = Type.Object({
  NODE_ENV: Type.Union([Type.Literal('development'), Type.Literal('production'), Type.Literal('test')], {
    default: 'development',
  }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  DATA_DIR: Type.String({ minLength: 1, default: path.join(repoRoot, 'data') }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  LIVEKIT_URL: Type.String({ pattern: '^(ws|wss|http|https)://', default: 'ws://127.0.0.1:7880' }),
  LIVEKIT_PUBLIC_URL: Type.Optional(Type.String({ pattern: '^(ws|wss)://' })),
  LIVEKIT_API_KEY: Type.String({ minLength: 3, default: DEV_LIVEKIT_KEY }),
  LIVEKIT_API_SECRET: Type.String({ minLength: 32, default: DEV_LIVEKIT_SECRET }),
  WEB_DIST: Type.String({ default: path.join(repoRoot, 'apps/web/dist') }),
  SEED_DEMO: Type.Optional(Type.Boolean()),
  TOKEN_TTL_SECONDS: Type.Integer({ minimum: 60, maximum: 3600, default: 600 }),
  LIVE_RECONCILE_SECONDS: Type.Integer({ minimum: 1, maximum: 3600, default: 10 }),
  PUBLIC_URL: Type.String({ pattern: '^https?://', default: 'http://localhost:3000' }),
  AUTH_SECRET: Type.String({ minLength: 32, default: DEV_AUTH_SECRET }),
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  MAIL_FROM: Type.String({ minLength: 3, default: 'Peer support <no-reply@localhost>' }),
  OUTBOX_DIR: Type.Optional(Type.String({ minLength: 1 })),
  TRUST_PROXY: Type.Optional(Type.String({ minLength: 1 })),
  SIGN_IN_LIMIT_PER_IP: Type.Integer({ minimum: 1, default: 20 }),
  SIGN_UP_LIMIT_PER_IP: Type.Integer({ minimum: 1, default: 10 }),
});
type Env = Static<typeof Env>;

export interface Config {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  logLevel: Env['LOG_LEVEL'];
  database: DatabaseOptions;
  livekit: {
    /** Where the API reaches LiveKit's HTTP API. */
    apiUrl: string;
    /** Where browsers connect; differs from apiUrl behind a proxy. */
    publicUrl: string;
    apiKey: string;
    apiSecret: string;
    tokenTtlSeconds: number;
    /** How often each node checks every running call's LiveKit room against who is admitted. */
    reconcileEveryMs: number;
  };
  /** Built web client to serve, when the folder exists. */
  webDist: string;
  seedDemo: boolean;
  /** Where people reach the app; links in emails start with it. */
  publicUrl: string;
  auth: {
    secret: string;
    /**
     * Per client address (request.ip). better-auth empties a bucket only after a whole window
     * without requests from that address, so the windows are short: see decision 0014.
     */
    limits: { signInPerMinute: number; signUpsPerTenMinutes: number };
  };
  /**
   * The proxies in front of the API, so that request.ip is the client's address: false
   * trusts none (the socket's peer is the client); otherwise addresses, CIDR ranges or
   * proxy-addr names (loopback, linklocal, uniquelocal).
   */
  trustProxy: false | string[];
  /** SMTP when configured; otherwise each message is written to the outbox folder. */
  mail: { from: string; transport: { kind: 'smtp'; url: string } | { kind: 'outbox'; dir: string } };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates settings; throws a ConfigError naming every bad variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(Env.properties)) {
    const value = source[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const converted = Value.Convert(Env, Value.Default(Env, raw));
  const errors = Value.Errors(Env, converted);
  if (errors.length > 0) {
    const lines = errors.map((e) => {
      const name = e.instancePath.replace(/^\//, '') || '(environment)';
      return `  ${name}=${JSON.stringify(raw[name] ?? '')}: ${e.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = converted as Env;
  const production = env.NODE_ENV === 'production';
  if (production && env.LIVEKIT_API_SECRET === DEV_LIVEKIT_SECRET) {
    throw new ConfigError(
      'Invalid configuration:\n  LIVEKIT_API_SECRET: the committed development secret cannot be used in production; set your own (32+ characters).',
    );
  }
  if (production && env.AUTH_SECRET === DEV_AUTH_SECRET) {
    throw new ConfigError(
      'Invalid configuration:\n  AUTH_SECRET: set a secret of your own (32+ random characters) for production; the development one is public.',
    );
  }
  const trustProxy = parseTrustProxy(env.TRUST_PROXY);
  const apiUrl = env.LIVEKIT_URL.replace(/^ws/, 'http');
  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    database: env.DATABASE_URL
      ? { driver: 'postgres', url: env.DATABASE_URL }
      : { driver: 'pglite', dataDir: env.DATA_DIR === 'memory' ? 'memory' : path.join(env.DATA_DIR, 'pglite') },
    livekit: {
      apiUrl,
      publicUrl: env.LIVEKIT_PUBLIC_URL ?? apiUrl.replace(/^http/, 'ws'),
      apiKey: env.LIVEKIT_API_KEY,
      apiSecret: env.LIVEKIT_API_SECRET,
      tokenTtlSeconds: env.TOKEN_TTL_SECONDS,
      reconcileEveryMs: env.LIVE_RECONCILE_SECONDS * 1000,
    },
    webDist: env.WEB_DIST,
    seedDemo: env.SEED_DEMO ?? !production,
    publicUrl: env.PUBLIC_URL.replace(/\/$/, ''),
    auth: {
      secret: env.AUTH_SECRET,
      limits: { signInPerMinute: env.SIGN_IN_LIMIT_PER_IP, signUpsPerTenMinutes: env.SIGN_UP_LIMIT_PER_IP },
    },
    trustProxy,
    mail: {
      from: env.MAIL_FROM,
      transport: env.SMTP_URL
        ? { kind: 'smtp', url: env.SMTP_URL }
        : {
            kind: 'outbox',
            dir: env.OUTBOX_DIR ?? path.join(env.DATA_DIR === 'memory' ? repoRoot : env.DATA_DIR, 'outbox'),
          },
    },
  };
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY: unset trusts nothing; otherwise a comma-separated list of the proxies'
 * addresses, CIDR ranges, or the names loopback, linklocal and uniquelocal. A hop count is
 * refused (Fastify ignores one, because it cannot tell a proxy from a client that connects
 * straight to the API and sends its own X-Forwarded-For), and so is "trust everything",
 * which would let any client choose the address its sign-in attempts are counted under.
 */
export function parseTrustProxy(value: string | undefined): false | string[] {
  if (value === undefined) return false;
  const trimmed = value.trim();
  const entries = trimmed
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const bad = entries.filter((e) => !PROXY_NAMES.has(e) && !isAddressOrRange(e));
  if (entries.length > 0 && bad.length === 0) return entries;
  const why = /^\d+$/.test(trimmed)
    ? 'a number of hops cannot tell a proxy from a client that connects straight to the API.'
    : /^(true|\*|all)$/i.test(trimmed)
      ? 'trusting every address would let any client pick the address it is counted under.'
      : `${bad.join(', ') || 'nothing'} is not an address, a CIDR range or one of loopback, linklocal, uniquelocal.`;
  throw new ConfigError(
    `Invalid configuration:\n  TRUST_PROXY=${JSON.stringify(value)}: ${why} List the addresses of the proxies in front of the API instead, e.g. 172.18.0.0/16,127.0.0.1 (or uniquelocal for every private range).`,
  );
}

function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}
