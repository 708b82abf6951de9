import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { GroupParams } from '@peer-support/contracts/groups';
import {
  Directory,
  DirectoryQuery,
  OccurrenceParams,
  PublicSchedule,
  PublicScheduleQuery,
} from '@peer-support/contracts/schedule';
import type { Action, Actor } from '@peer-support/domain/roles';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { actorFor as actorForRequest, authorizedGroup } from '../authorize.ts';
import { feedRange, icsFileName, toIcs } from '../calendar/ics.ts';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { type DirectoryPage, directoryService } from '../services/directory.ts';
import { checkMonth, howToJoin, scheduleService, type TimelineEntry } from '../services/schedule.ts';
import { errors, PUBLIC_WINDOW_MS, parseInstant, toScheduled, UPCOMING_WINDOW_MS } from './schedule-shared.ts';
import { serialisedOnce } from './serialised-once.ts';

/** What the subscription feed looks ahead, and how many sessions the public page lists without a month. */
const PUBLIC_LIMIT = 20;

/** What anyone may see of listed groups: the directory, a group's public schedule and its calendar files. */
const directoryRoutes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  const db = app.database.db;
  const actorFor = (request: FastifyRequest) => actorForRequest(db, request, false);
  const groupFor = (actor: Actor, groupId: string, action: Action) => authorizedGroup(db, actor, groupId, action);
  const service = scheduleService(db);
  const directory = directoryService(db, config.publicUrl);

  const publicLinks = (groupId: string) => ({
    page: `${config.publicUrl}/groups/${groupId}`,
    feed: `${config.publicUrl}/api/public/groups/${groupId}/calendar.ics`,
    session: (o: TimelineEntry) =>
      `${config.publicUrl}/api/public/groups/${groupId}/sessions/${encodeURIComponent(o.seriesStartKey)}.ics?seriesId=${o.seriesId}`,
  });
  const joinUrl = (sessionId: string) => `${config.publicUrl}/sessions/${sessionId}`;
  /** The service hands out the same page object for the same question over the same sessions. */
  const sendOnce = serialisedOnce<DirectoryPage>();

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
    async (request, reply) => {
      const q = request.query;
      const from = parseInstant(q.from, app.now());
      const to = parseInstant(q.to, new Date(from.getTime() + UPCOMING_WINDOW_MS));
      const page = q.page ?? 1;
      const pageSize = q.pageSize ?? 20;
      const found = await directory.search({
        range: { from, to },
        page,
        pageSize,
        ...(q.mode && { mode: q.mode }),
        ...(q.topic && { topic: q.topic }),
        ...(q.weekday && { weekday: q.weekday }),
        ...(q.providerId && { providerId: q.providerId }),
      });
      return sendOnce(reply, found, { items: found.items, page, pageSize, total: found.total });
    },
  );

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
      const group = await groupFor(await actorFor(request), request.params.groupId, 'group.view_public');
      const now = app.now();
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
        sessions: entries.map((o) => ({ ...toScheduled(o), howToJoin: howToJoin(o), icsUrl: links.session(o) })),
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
      const group = await groupFor(await actorFor(request), request.params.groupId, 'group.view_public');
      const now = app.now();
      const entries = await service.timeline([group.id], feedRange(now));
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
      const group = await groupFor(await actorFor(request), request.params.groupId, 'group.view_public');
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
        app.now(),
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
};

export default directoryRoutes;
