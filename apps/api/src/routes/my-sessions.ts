import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  MySessions,
  MySessionsQuery,
  PlacesBody,
  RsvpBody,
  RsvpParams,
  RsvpState,
  SessionPlaces,
} from '@peer-support/contracts/schedule';
import type { Action, Actor } from '@peer-support/domain/roles';
import { hasEnded } from '@peer-support/domain/waiting-room';
import type { FastifyRequest } from 'fastify';
import { actorFor as actorForRequest, authorizedGroup } from '../authorize.ts';
import type { Config } from '../config.ts';
import { rsvpService } from '../services/rsvp.ts';
import { checkRange, howToJoin, scheduleService } from '../services/schedule.ts';
import { errors, parseInstant, UPCOMING_WINDOW_MS } from './schedule-shared.ts';

/** One person's sessions: their RSVPs, the places a session has, and every session of their groups. */
const mySessionsRoutes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  const db = app.database.db;
  const actorFor = (request: FastifyRequest) => actorForRequest(db, request);
  const groupFor = (actor: Actor, groupId: string, action: Action) => authorizedGroup(db, actor, groupId, action);
  const rsvp = rsvpService(db, scheduleService(db), app.mailer, config.publicUrl);

  app.put(
    '/api/groups/:groupId/series/:seriesId/occurrences/:occurrenceKey/rsvp',
    {
      schema: {
        tags: ['schedule'],
        summary: 'Say whether you are going (active members; when places are full you join the waitlist)',
        params: RsvpParams,
        body: RsvpBody,
        response: { 200: RsvpState, ...errors },
      },
    },
    async (request) => {
      const actor = await actorFor(request);
      const group = await groupFor(actor, request.params.groupId, 'session.rsvp');
      const { seriesId, occurrenceKey } = request.params;
      return rsvp.answer(group, seriesId, occurrenceKey, actor.userId as string, request.body.status, app.now());
    },
  );

  app.get(
    '/api/groups/:groupId/series/:seriesId/occurrences/:occurrenceKey/rsvp',
    {
      schema: {
        tags: ['schedule'],
        summary: 'Your answer for a session, and how many are going or waiting',
        params: RsvpParams,
        response: { 200: RsvpState, ...errors },
      },
    },
    async (request) => {
      const actor = await actorFor(request);
      const group = await groupFor(actor, request.params.groupId, 'session.view_rsvps');
      const { seriesId, occurrenceKey } = request.params;
      return rsvp.state(group, seriesId, occurrenceKey, actor.userId as string);
    },
  );

  app.put(
    '/api/groups/:groupId/series/:seriesId/occurrences/:occurrenceKey/places',
    {
      schema: {
        tags: ['schedule'],
        summary:
          "Set how many may come to one session (provider admins; null follows the group's capacity; more places promote people waiting)",
        params: RsvpParams,
        body: PlacesBody,
        response: { 200: SessionPlaces, ...errors },
      },
    },
    async (request) => {
      const group = await groupFor(await actorFor(request), request.params.groupId, 'group.edit');
      const { seriesId, occurrenceKey } = request.params;
      return rsvp.setPlaces(group, seriesId, occurrenceKey, request.body.places, app.now());
    },
  );

  app.get(
    '/api/me/sessions',
    {
      schema: {
        tags: ['schedule'],
        summary:
          'Your sessions across the groups you belong to, from those still on (listed until they end) to those coming up, with your answers',
        querystring: MySessionsQuery,
        response: { 200: MySessions, ...errors },
      },
    },
    async (request) => {
      const actor = await actorFor(request);
      const now = app.now();
      const from = parseInstant(request.query.from, now);
      const to = parseInstant(request.query.to, new Date(from.getTime() + UPCOMING_WINDOW_MS));
      checkRange({ from, to });
      const rows = await rsvp.mine(actor.userId as string, [...actor.activeMemberGroupIds], { from, to });
      return {
        sessions: rows.map(({ entry: o, group, rsvp: status }) => ({
          group,
          seriesId: o.seriesId,
          occurrenceKey: o.seriesStartKey,
          sessionId: o.sessionId,
          start: o.start.toISOString(),
          end: o.end.toISOString(),
          timeZone: o.timeZone,
          mode: o.mode,
          venue: o.venue ?? null,
          howToJoin: howToJoin(o),
          cancelled: o.cancelled,
          moved: o.moved,
          reason: o.reason ?? null,
          rsvp: status,
          ended: hasEnded(o, now),
        })),
      };
    },
  );
};

export default mySessionsRoutes;
