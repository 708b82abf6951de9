import fp from 'fastify-plugin';
import { scheduleService } from '../services/schedule.ts';

declare module 'fastify' {
  interface FastifyInstance {
    materialise: {
      /**
       * A new or changed series gets its coming fortnight's records at once, so its sessions
       * have links (and RSVPs a record) without waiting for the hourly run. The series is
       * already saved: if this fails, the hourly run makes them, so the request still succeeds.
       */
      series(seriesId: string): Promise<void>;
    };
  }
}

/** How often occurrences coming into the next fortnight get their session records. */
const MATERIALISE_EVERY_MS = 3600 * 1000;

/**
 * Session records for the next fortnight: once when the app is ready (migrations ran when
 * the database plugin loaded), then hourly. A plugin, as the live sessions' sweep is: the
 * timer belongs to the app's lifecycle, not to any route. It is unref'd so it never holds the
 * process open, runs never overlap, and closing the app waits for a run in progress so the
 * database is not closed under it. Quiet unless it created something or failed.
 */
export default fp(
  async (app) => {
    const service = scheduleService(app.database.db);
    let materialising: Promise<void> | undefined;
    const materialise = () => {
      materialising ??= service
        .materialiseAhead(app.now())
        .then(({ created }) => {
          if (created > 0) app.log.info({ created }, 'session records created for the coming fortnight');
        })
        .catch((err: unknown) => app.log.error({ err }, 'could not create session records for the coming fortnight'))
        .finally(() => {
          materialising = undefined;
        });
      return materialising;
    };
    app.decorate('materialise', {
      series: async (seriesId: string) => {
        await service
          .materialiseAhead(app.now(), undefined, seriesId)
          .catch((err: unknown) => app.log.error({ err, seriesId }, 'could not create session records for a series'));
      },
    });

    let timer: NodeJS.Timeout | undefined;
    app.addHook('onReady', async () => {
      void materialise();
      timer = setInterval(materialise, MATERIALISE_EVERY_MS).unref();
    });
    app.addHook('onClose', async () => {
      clearInterval(timer);
      await materialising;
    });
  },
  { name: 'materialise', dependencies: ['database'] },
);
