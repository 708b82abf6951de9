import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiError } from '@peer-support/contracts/errors';
import { GroupParams } from '@peer-support/contracts/groups';
import {
  CalendarFeed,
  CreateException,
  CreateSeries,
  Directory,
  DirectoryQuery,
  MySessions,
  MySessionsQuery,
  OccurrenceParams,
  PlacesBody,
  PublicSchedule,
  PublicScheduleQuery,
  RsvpBody,
  RsvpParams,
  RsvpState,
  Schedule,
  ScheduleQuery,
  SeriesException,
  SeriesList,
  SeriesParams,
  Series as SeriesSchema,
  SessionPlaces,
  UpdateSeries,
} from '@peer-support/contracts/schedule';
import { monthRange } from '@peer-support/domain/calendar-month';
import type { Action, Actor } from '@peer-support/domain/roles';
import { DAY_MS } from '@peer-support/domain/time';
import { hasEnded } from '@peer-support/domain/waiting-room';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { actorFor as actorForRequest, authorizedGroup } from '../authorize.ts';
import { icsFileName, toIcs } from '../calendar/ics.ts';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { scheduleRepository } from '../repositories/schedule.ts';
import { calendarFeedService } from '../services/calendar-feed.ts';
import { directoryService } from '../services/directory.ts';
import { rsvpService } from '../services/rsvp.ts';
import { checkMonth, checkRange, howToJoin, scheduleService, type TimelineEntry } from '../services/schedule.ts';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError, 422: ApiError };
/** What the public page and the subscription feed look ahead. */
const PUBLIC_WINDOW_MS = 90 * DAY_MS;
const FEED_WINDOW_MS = 365 * DAY_MS;
const PUBLIC_LIMIT = 20;
/** What the directory and "my sessions" look ahead by default. */
const UPCOMING_WINDOW_MS = 8 * 7 * DAY_MS;

const toScheduled = (o: TimelineEntry) => ({
  seriesId: o.seriesId,
  occurrenceKey: o.seriesStartKey,
  start: o.start.toISOString(),
  end: o.end.toISOString(),
  timeZone: o.timeZone,
  mode: o.mode,
  venue: o.venue ?? null,
  cancelled: o.cancelled,
  moved: o.moved,
  reason: o.reason ?? null,
  description: o.description,
  sessionId: o.sessionId,
});

/** `2026-10-01` is midnight UTC; anything else must carry its own offset. Unreadable text becomes NaN for validateRange. */
const parseInstant = (text: string | undefined, fallback: Date) =>
  text === undefined ? fallback : new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);

const scheduleRoutes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  const db = app.database.db;
  const actorFor = (request: FastifyRequest, signedIn = true) => actorForRequest(app.database.db, request, signedIn);
  const groupFor = (actor: Actor, groupId: string, action: Action) => authorizedGroup(db, actor, groupId, action);
  const service = scheduleService(db, app.mailer, config.publicUrl);
  const directory = directoryService(db, config.publicUrl);
  const rsvp = rsvpService(db, service, app.mailer, config.publicUrl);
  const feeds = calendarFeedService(db, service, config.auth.secret, config.publicUrl);

  async function seriesView(groupId: string, seriesId: string) {
    const row = await scheduleRepository.findSeries(db, groupId, seriesId);
    if (!row) throw new AppError(404, 'not_found', 'That series was not found. Reload the schedule.');
    return service.view(row, new Date());
  }

  const publicLinks = (groupId: string) => ({
    page: `${config.publicUrl}/groups/${groupId}`,
    feed: `${config.publicUrl}/api/public/groups/${groupId}/calendar.ics`,
    session: (o: TimelineEntry) =>
      `${config.publicUrl}/api/public/groups/${groupId}/sessions/${encodeURIComponent(o.seriesStartKey)}.ics?seriesId=${o.seriesId}`,
  });
  const joinUrl = (sessionId: string) => `${config.publicUrl}/sessions/${sessionId}`;

  // ----- series, for provider admins (writing) and the group's staff (reading) ---------

  app.post(
    '/api/groups/:groupId/series',
    {
      schema: {
        tags: ['schedule'],
        summary: 'Add a recurring series to a group',
        params: GroupParams,
        body: CreateSeries,
        response: { 201: SeriesSchema, ...errors },
      },
    },
    async (request, reply) => {
      const group = await groupFor(await actorFor(request), request.params.groupId, 'group.edit');
      const id = await service.create(group.id, { ...request.body, end: request.body.end ?? { kind: 'never' } });
      await app.materialise.series(id);
      return reply.status(201).send(await seriesView(group.id, id));
    },
  );

  app.get(
    '/api/groups/:groupId/series',
    {
      schema: {
        tags: ['schedule'],
        summary: "A group's series",
        params: GroupParams,
        response: { 200: SeriesList, ...errors },
      },
    },
    async (request) => {
      const group = await groupFor(await actorFor(request), request.params.groupId, 'group.view_admin');
      const now = new Date();
      const rows = await scheduleRepository.listSeries(db, [group.id]);
      return { series: rows.map((row) => service.view(row, now)) };
    },
  );

  app.patch(
    '/api/groups/:groupId/series/:seriesId',
    {
      schema: {
        tags: ['schedule'],
        summary:
          'Change a series from a date forward: sessions that have started keep what they were; a series that has met is split, and the answer is the part that carries it on',
        params: SeriesParams,
        body: UpdateSeries,
        response: { 200: SeriesSchema, ...errors },
      },
    },
    async (request) => {
      const group = await groupFor(await actorFor(request), request.params.groupId, 'group.edit');
      // An edit to a series that has met answers with the part that now holds its future.
      const id = await service.update(group.id, request.params.seriesId, request.body, new Date());
      await app.materialise.series(id);
      return seriesView(group.id, id);
    },
  );

  app.delete(
    '/api/groups/:groupId/series/:seriesId',
    {
      schema: {
        tags: ['schedule'],
        summary: 'Delete a series that has not met yet (one that has is ended with an end date instead: 409)',
        params: SeriesParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const group = await groupFor(await actorFor(request), request.params.groupId, 'group.edit');
      await service.remove(group.id, request.params.seriesId, new Date());
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/groups/:groupId/series/:seriesId/exceptions',
    {
      schema: {
        tags: ['schedule'],
        summary: 'Cancel or move one session of a series, and tell the members',
        params: SeriesParams,
        body: CreateException,
        response: { 201: SeriesException, ...errors },
      },
    },
    async (request, reply) => {
      const actor = await actorFor(request);
      const group = await groupFor(actor, request.params.groupId, 'group.edit');
      const { exception, sessionId, notified } = await service.addException(
        group,
        request.params.seriesId,
        request.body,
        actor.userId,
        new Date(),
      );
      return reply.status(201).send({
        id: exception.id,
        seriesId: exception.seriesId,
        occurrenceKey: exception.occurrenceKey,
        cancelled: exception.cancelled,
        start: exception.start?.toISOString() ?? null,
        durationMinutes: exception.durationMinutes,
        mode: exception.mode,
        venue: exception.venue ?? null,
        reason: exception.reason,
        sessionId,
        notified,
      });
    },
  );

  app.get(
    '/api/groups/:groupId/schedule',
    {
      schema: {
        tags: ['schedule'],
        summary:
          "A group's series merged into one timeline: one month on the group's clock, or a range of at most two years",
        params: GroupParams,
        querystring: ScheduleQuery,
        response: { 200: Schedule, ...errors },
      },
    },
    async (request) => {
      const group = await groupFor(await actorFor(request), request.params.groupId, 'group.view_admin');
      const { month } = request.query;
      if (month !== undefined) {
        checkMonth(month, new Date());
        const { from, to } = monthRange(month);
        const entries = await service.month([group.id], month);
        return { from: from.toISOString(), to: to.toISOString(), sessions: entries.map(toScheduled) };
      }
      const from = parseInstant(request.query.from, new Date());
      const to = parseInstant(request.query.to, new Date(from.getTime() + PUBLIC_WINDOW_MS));
      checkRange({ from, to });
      const entries = await service.timeline([group.id], { from, to });
      return { from: from.toISOString(), to: to.toISOString(), sessions: entries.map(toScheduled) };
    },
  );

  // ----- what anyone may see of a listed group ---------------------------------------

  app.get(
    '/api/public/groups/:groupId/schedule',
    {
      schema: {
        tags: ['schedule'],
        summary: 'The next sessions of a listed group, or every session of one month, with how to take part',
        params: GroupParams,
        querystring: PublicScheduleQuery,
        response: { 200: PublicSchedule, ...errors },
      },
    },
    async (request) => {
      const group = await groupFor(await actorFor(request, false), request.params.groupId, 'group.view_public');
      const now = new Date();
      const links = publicLinks(group.id);
      const { month } = request.query;
      if (month !== undefined) checkMonth(month, now);
      const entries =
        month === undefined
          ? (await service.timeline([group.id], { from: now, to: new Date(now.getTime() + PUBLIC_WINDOW_MS) })).slice(
              0,
              PUBLIC_LIMIT,
            )
          : await service.month([group.id], month);
      return {
        groupId: group.id,
        calendarUrl: links.feed,
        sessions: entries.map((o) => ({
          seriesId: o.seriesId,
          occurrenceKey: o.seriesStartKey,
          start: o.start.toISOString(),
          end: o.end.toISOString(),
          timeZone: o.timeZone,
          mode: o.mode,
          cancelled: o.cancelled,
          moved: o.moved,
          reason: o.reason ?? null,
          description: o.description,
          howToJoin: howToJoin(o),
          venue: o.venue ?? null,
          icsUrl: links.session(o),
          sessionId: o.sessionId,
        })),
      };
    },
  );

  app.get(
    '/api/public/groups/:groupId/calendar.ics',
    {
      schema: {
        tags: ['schedule'],
        summary: "Subscription feed: a listed group's sessions for the next 12 months",
        params: GroupParams,
        response: { 200: Type.String({ description: 'text/calendar' }), ...errors },
      },
    },
    async (request, reply) => {
      const group = await groupFor(await actorFor(request, false), request.params.groupId, 'group.view_public');
      const now = new Date();
      // A day back, so a session on today is still in the feed while it runs.
      const entries = await service.timeline([group.id], {
        from: new Date(now.getTime() - DAY_MS),
        to: new Date(now.getTime() + FEED_WINDOW_MS),
      });
      const ics = toIcs(
        { name: group.name, groupOf: () => ({ name: group.name, url: publicLinks(group.id).page }), joinUrl },
        entries,
        now,
      );
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `inline; filename="${icsFileName(group.slug)}"`)
        .send(ics);
    },
  );

  app.get(
    '/api/public/groups/:groupId/sessions/:occurrenceKey.ics',
    {
      schema: {
        tags: ['schedule'],
        summary: 'One session as an .ics file (add to calendar)',
        params: OccurrenceParams,
        querystring: Type.Object(
          { seriesId: Type.Optional(Type.String({ format: 'uuid' })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.String({ description: 'text/calendar' }), ...errors },
      },
    },
    async (request, reply) => {
      const group = await groupFor(await actorFor(request, false), request.params.groupId, 'group.view_public');
      const entry = await service.occurrence(group.id, request.params.occurrenceKey, request.query.seriesId);
      if (!entry) {
        throw new AppError(
          404,
          'not_found',
          'That session was not found. Check the link, or pick one from the schedule.',
        );
      }
      const ics = toIcs(
        { name: group.name, groupOf: () => ({ name: group.name, url: publicLinks(group.id).page }), joinUrl },
        [entry],
        new Date(),
      );
      return reply
        .type('text/calendar; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="${icsFileName(`${group.slug}-${entry.start.toISOString().slice(0, 10)}`)}"`,
        )
        .send(ics);
    },
  );

  // ----- the directory: upcoming sessions across listed groups -----------------------

  app.get(
    '/api/directory',
    {
      schema: {
        tags: ['schedule'],
        summary: 'Upcoming sessions of listed groups, filtered and paginated (at most six months at a time)',
        querystring: DirectoryQuery,
        response: { 200: Directory, ...errors },
      },
    },
    async (request) => {
      const q = request.query;
      const from = parseInstant(q.from, new Date());
      const to = parseInstant(q.to, new Date(from.getTime() + UPCOMING_WINDOW_MS));
      const page = q.page ?? 1;
      const pageSize = q.pageSize ?? 20;
      const { items, total } = await directory.search({
        range: { from, to },
        page,
        pageSize,
        ...(q.mode && { mode: q.mode }),
        ...(q.topic && { topic: q.topic }),
        ...(q.weekday && { weekday: q.weekday }),
        ...(q.providerId && { providerId: q.providerId }),
      });
      return { items, page, pageSize, total };
    },
  );

  // ----- RSVP: going / not going, with places and a waitlist -------------------------

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
      return rsvp.answer(group, seriesId, occurrenceKey, actor.userId as string, request.body.status, new Date());
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
      return rsvp.setPlaces(group, seriesId, occurrenceKey, request.body.places, new Date());
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
      const now = new Date();
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

  // ----- a member's private calendar feed -------------------------------------------

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
      const ics = await feeds.ics(token, new Date());
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .header('content-disposition', 'inline; filename="my-sessions.ics"')
        .send(ics);
    },
  );
};

export default scheduleRoutes;
