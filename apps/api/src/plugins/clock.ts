import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * The time now, as every route and timer reads it. Services never read the clock: they are
     * handed `now`. A test hands in its own clock to put events in an order it states.
     */
    now(): Date;
  }
}

export default fp<{ clock?: (() => Date) | undefined }>(
  async (app, { clock }) => {
    app.decorate('now', clock ?? (() => new Date()));
  },
  { name: 'clock' },
);
