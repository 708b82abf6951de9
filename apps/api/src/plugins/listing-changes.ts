import fp from 'fastify-plugin';
import { LISTING_CHANNEL, listingChanged } from '../services/listing-version.ts';

/** Hears the database's "the public schedule changed" notices (see services/listing-version.ts). */
export default fp(
  async (app) => {
    const { unlisten } = await app.database.pubsub.listen(LISTING_CHANNEL, listingChanged, listingChanged);
    app.addHook('preClose', async () => {
      await unlisten().catch(() => {});
    });
  },
  { name: 'listing-changes', dependencies: ['database'] },
);
