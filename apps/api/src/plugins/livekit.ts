import fp from 'fastify-plugin';
import type { Config } from '../config.ts';
import { createLivekit, type Livekit } from '../livekit/livekit.ts';

declare module 'fastify' {
  interface FastifyInstance {
    livekit: Livekit;
  }
}

export default fp<{ livekit: Config['livekit'] }>(
  async (app, opts) => {
    app.decorate('livekit', createLivekit(opts.livekit));
  },
  { name: 'livekit' },
);
