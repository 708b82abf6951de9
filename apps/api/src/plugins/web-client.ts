import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';

/**
 * In production the API serves the built client, so one port serves everything. Paths
 * under /api never fall through to the client: an unknown API route is a JSON 404.
 */
export default fp<{ webDist: string }>(
  async (app, opts) => {
    const hasClient = existsSync(path.join(opts.webDist, 'index.html'));
    if (hasClient) {
      await app.register(fastifyStatic, { root: opts.webDist, wildcard: false, index: ['index.html'] });
    }
    app.setNotFoundHandler((request, reply) => {
      const wantsPage =
        request.method === 'GET' && !request.url.startsWith('/api') && request.headers.accept?.includes('text/html');
      if (hasClient && wantsPage) {
        return reply.type('text/html').sendFile('index.html');
      }
      return reply.status(404).send({
        statusCode: 404,
        error: 'Not Found',
        code: 'route_not_found',
        message: `There is no ${request.method} ${request.url.split('?')[0]}. The API is described at /api/docs.`,
      });
    });
  },
  { name: 'web-client' },
);
