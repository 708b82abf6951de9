import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CalendarFeed } from '@peer-support/contracts/schedule';
import { Type } from 'typebox';
import type { Config } from '../config.ts';
import { calendarFeedService } from '../services/calendar-feed.ts';
import { scheduleService } from '../services/schedule.ts';
import { errors } from './schedule-shared.ts';

/** A member's private calendar feed: the link (made and replaced when signed in) and the feed it opens. */
const calendarFeedRoutes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  const db = app.database.db;
  const feeds = calendarFeedService(db, scheduleService(db), config.auth.secret, config.publicUrl);

  app.get(
    '/api/me/calendar-feed',
    {
      schema: {
        tags: ['schedule'],
        summary: 'Your private calendar link: every session of your groups, for a calendar app to subscribe to',
        response: { 200: CalendarFeed, ...errors },
      },
    },
    async (request) => ({ url: await feeds.url((await request.requireUser()).id) }),
  );

  app.post(
    '/api/me/calendar-feed/reset',
    {
      schema: {
        tags: ['schedule'],
        summary: 'Make a new private calendar link; the old one stops working',
        response: { 200: CalendarFeed, ...errors },
      },
    },
    async (request) => ({ url: await feeds.reset((await request.requireUser()).id) }),
  );

  app.get(
    // A wildcard, not `:token.ics`: Fastify answers a parameter over 100 characters with 414,
    // and a mangled link of any length should get the same "get a new link" answer.
    '/api/calendar/*',
    {
      schema: {
        tags: ['schedule'],
        summary:
          "A person's private calendar feed, /api/calendar/<link>.ics (the link is the key): their groups' sessions for 12 months",
        params: Type.Object({ '*': Type.String({ description: '<link>.ics, as given by /api/me/calendar-feed' }) }),
        response: { 200: Type.String({ description: 'text/calendar' }), ...errors },
      },
    },
    async (request, reply) => {
      const file = request.params['*'];
      const token = file.endsWith('.ics') ? file.slice(0, -'.ics'.length) : '';
      const ics = await feeds.ics(token, app.now());
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .header('content-disposition', 'inline; filename="my-sessions.ics"')
        .send(ics);
    },
  );
};

export default calendarFeedRoutes;
