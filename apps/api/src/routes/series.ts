import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { GroupParams } from '@peer-support/contracts/groups';
import {
  CreateException,
  CreateSeries,
  Schedule,
  ScheduleQuery,
  SeriesException,
  SeriesList,
  SeriesParams,
  Series as SeriesSchema,
  UpdateSeries,
} from '@peer-support/contracts/schedule';
import { monthRange } from '@peer-support/domain/calendar-month';
import type { Action, Actor } from '@peer-support/domain/roles';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { actorFor as actorForRequest, authorizedGroup } from '../authorize.ts';
import type { Config } from '../config.ts';
import { exceptionsService } from '../services/exceptions.ts';
import { checkMonth, checkRange, scheduleService } from '../services/schedule.ts';
import { seriesService } from '../services/series.ts';
import { errors, PUBLIC_WINDOW_MS, parseInstant, toScheduled } from './schedule-shared.ts';

/** A group's series and their exceptions, for provider admins (writing) and the group's staff (reading). */
const seriesRoutes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  const db = app.database.db;
  const actorFor = (request: FastifyRequest) => actorForRequest(db, request);
  const groupFor = (actor: Actor, groupId: string, action: Action) => authorizedGroup(db, actor, groupId, action);
  const series = seriesService(db);
  const exceptions = exceptionsService(db, app.mailer, config.publicUrl);
  const schedule = scheduleService(db);

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
      const saved = await series.create(
        group.id,
        { ...request.body, end: request.body.end ?? { kind: 'never' } },
        app.now(),
      );
      await app.materialise.series(saved.id);
      return reply.status(201).send(saved);
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
      return { series: await series.seriesOf(group.id, app.now()) };
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
      const saved = await series.update(group.id, request.params.seriesId, request.body, app.now());
      await app.materialise.series(saved.id);
      return saved;
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
      await series.remove(group.id, request.params.seriesId, app.now());
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
      const { exception, sessionId, notified } = await exceptions.add(
        group,
        request.params.seriesId,
        request.body,
        actor.userId,
        app.now(),
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
        checkMonth(month, app.now());
        const { from, to } = monthRange(month);
        const entries = await schedule.month([group.id], month);
        return { from: from.toISOString(), to: to.toISOString(), sessions: entries.map(toScheduled) };
      }
      const from = parseInstant(request.query.from, app.now());
      const to = parseInstant(request.query.to, new Date(from.getTime() + PUBLIC_WINDOW_MS));
      checkRange({ from, to });
      const entries = await schedule.timeline([group.id], { from, to });
      return { from: from.toISOString(), to: to.toISOString(), sessions: entries.map(toScheduled) };
    },
  );
};

export default seriesRoutes;
