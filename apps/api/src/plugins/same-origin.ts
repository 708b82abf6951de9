import fp from 'fastify-plugin';
import { trustedOrigins } from '../auth/auth.ts';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * application/json, or any application/<something>+json (LiveKit's webhooks are
 * application/webhook+json). A page on another site can only send the three "simple" types
 * (form fields, multipart, text/plain) without a CORS preflight, and we answer no preflight.
 */
function isJson(contentType: string | undefined): boolean {
  const essence = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return essence === 'application/json' || /^application\/[a-z0-9.!#$&^_-]+\+json$/.test(essence);
}

function originOf(value: string): string | null {
  try {
    return new URL(value).origin;
  } catch {
    return null; // "null" (a sandboxed frame, a privacy mode) and anything malformed
  }
}

/** Our own origins: the public URL and, in development, what better-auth also trusts (Vite, 127.0.0.1). */
export function ownOrigins(config: Pick<Config, 'env' | 'publicUrl'>): ReadonlySet<string> {
  return new Set(trustedOrigins(config).map((o) => new URL(o).origin));
}

export interface RequestLike {
  method: string;
  url: string;
  headers: { origin?: string | undefined; 'content-type'?: string | undefined; upgrade?: string | undefined };
}

/**
 * Why a request may be one another site's page made the person's browser send (riding their
 * cookie), or null when it cannot be. SameSite=Lax cookies stop most of these, not all (a
 * sibling subdomain is "same site"; older browsers), and this rule does not lean on them:
 * - any state-changing request under /api, and the opening of a WebSocket, with an Origin
 *   that is not ours is refused: browsers always say where a page is from;
 * - a state-changing request with no Origin must be JSON, which no other site's page can
 *   send without a preflight. Browsers send Origin on every POST, PUT, PATCH and DELETE, so
 *   this only asks scripts and other non-browser clients to send JSON;
 * - a WebSocket with no Origin is not from a browser (browsers always send one on the
 *   handshake), so it has no cookie but its own to offer, and is let through.
 */
export function crossSiteProblem(request: RequestLike, ours: ReadonlySet<string>): string | null {
  const { origin } = request.headers;
  const socket = request.headers.upgrade?.toLowerCase() === 'websocket';
  if (!socket && !(STATE_CHANGING.has(request.method) && request.url.startsWith('/api/'))) return null;
  if (origin !== undefined) {
    const from = originOf(origin);
    return from !== null && ours.has(from)
      ? null
      : 'This request came from a page on another site, so it was refused. Make the change on this app’s own pages.';
  }
  if (socket || isJson(request.headers['content-type'])) return null;
  return 'This request was refused because it could have come from another site: send it as JSON (content-type: application/json), or from this app’s own pages.';
}

/** Refuses cross-site requests before their body is read (see crossSiteProblem). */
export default fp<{ config: Pick<Config, 'env' | 'publicUrl'> }>(
  async (app, { config }) => {
    const ours = ownOrigins(config);
    app.addHook('onRequest', async (request) => {
      const problem = crossSiteProblem(request, ours);
      if (problem) throw new AppError(403, 'cross_site_request', problem);
    });
  },
  { name: 'same-origin', dependencies: ['error-handler'] },
);
