import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiError } from '@peer-support/contracts/errors';
import {
  ActionResult,
  AdmitQuery,
  Attendance,
  Checkin,
  CheckinParams,
  ClientMessage,
  CreatedEntry,
  CreateEntry,
  DenyEntry,
  Entry,
  JoinInfo,
  LockRoom,
  MuteEntry,
  PinParticipant,
  RaiseHand,
  RemoveEntry,
  type ServerMessage,
  SessionEntryParams,
  WaitingMessage,
} from '@peer-support/contracts/live';
import { CallToken, SessionParams } from '@peer-support/contracts/sessions';
import { CONNECTIONS_PER_CLIENT } from '@peer-support/domain/arrival-limits';
import { PING_INTERVAL_MS } from '@peer-support/domain/waiting-room';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { actorFor as actorForRequest } from '../authorize.ts';
import { AppError } from '../errors.ts';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError };
const keyHeader = Type.Object({ 'x-entry-key': Type.Optional(Type.String({ maxLength: 200 })) });
/** A connection must say who it is this soon after opening. */
const HELLO_WITHIN_MS = 10_000;
/** Pings refresh "last seen" in the database at most this often per connection. */
const TOUCH_EVERY_MS = PING_INTERVAL_MS / 2;

const liveRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { entries, presence, host, hub, attendance } = app.live;
  const db = app.database.db;
  const actorFor = (request: FastifyRequest, signedIn = true) => actorForRequest(db, request, signedIn);

  // ----- the join flow and the person's own place ----------------------------------------

  app.get(
    '/api/sessions/:sessionId/join-info',
    {
      schema: {
        tags: ['live'],
        summary: 'What the session link shows: the session, ground rules, support lines and how you may come in',
        params: SessionParams,
        response: { 200: JoinInfo, ...errors },
      },
    },
    async (request) => {
      const user = await request.currentUser();
      return entries.joinInfo(request.params.sessionId, await actorFor(request, false), user?.name ?? null, app.now());
    },
  );

  app.post(
    '/api/sessions/:sessionId/entries',
    {
      schema: {
        tags: ['live'],
        summary: 'Accept the ground rules and ask to come in: you wait, or (facilitators) walk in',
        params: SessionParams,
        body: CreateEntry,
        response: { 201: CreatedEntry, ...errors },
      },
    },
    async (request, reply) => {
      const created = await entries.createEntry(
        request.params.sessionId,
        await actorFor(request, false),
        request.body,
        request.ip,
        app.now(),
      );
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/sessions/:sessionId/entries/:entryId',
    {
      schema: {
        tags: ['live'],
        summary: 'Your place in the waiting room or the call (needs the entry key)',
        params: SessionEntryParams,
        headers: keyHeader,
        response: { 200: Entry, ...errors },
      },
    },
    async (request) =>
      entries.entry(request.params.sessionId, request.params.entryId, request.headers['x-entry-key'], app.now()),
  );

  app.post(
    '/api/sessions/:sessionId/entries/:entryId/token',
    {
      schema: {
        tags: ['live'],
        summary: 'A short-lived call token, only once admitted',
        params: SessionEntryParams,
        headers: keyHeader,
        response: { 200: CallToken, ...errors },
      },
    },
    async (request) =>
      entries.token(request.params.sessionId, request.params.entryId, request.headers['x-entry-key'], app.now()),
  );

  app.post(
    '/api/sessions/:sessionId/entries/:entryId/leave',
    {
      schema: {
        tags: ['live'],
        summary: 'Leave the waiting room or the call',
        params: SessionEntryParams,
        headers: keyHeader,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await entries.leave(request.params.sessionId, request.params.entryId, request.headers['x-entry-key']);
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/sessions/:sessionId/entries/:entryId/hand',
    {
      schema: {
        tags: ['live'],
        summary: 'Raise or lower your hand',
        params: SessionEntryParams,
        headers: keyHeader,
        body: RaiseHand,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const { sessionId, entryId } = request.params;
      await entries.hand(sessionId, entryId, request.headers['x-entry-key'], request.body.raised, app.now());
      return reply.status(204).send(null);
    },
  );

  // ----- facilitator controls ---------------------------------------------------------

  // Generic over the route's own schemas, so the type provider types params, query and body.
  const hostSchema = <S extends object>(summary: string, extra: S) => ({
    schema: { tags: ['live'], summary, response: { 200: ActionResult, ...errors }, ...extra },
  });

  app.post(
    '/api/sessions/:sessionId/entries/:entryId/admit',
    hostSchema('Admit someone waiting (while the room is locked, only with ?whileLocked=true)', {
      params: SessionEntryParams,
      querystring: AdmitQuery,
    }),
    async (request) => {
      const { sessionId, entryId } = request.params;
      const { whileLocked } = request.query;
      return host.act(
        sessionId,
        await actorFor(request),
        { entryId, action: 'admit', whileLocked: whileLocked === true },
        app.now(),
      );
    },
  );

  app.post(
    '/api/sessions/:sessionId/entries/:entryId/deny',
    hostSchema('Turn someone waiting away, with a message', { params: SessionEntryParams, body: DenyEntry }),
    async (request) => {
      const { sessionId, entryId } = request.params;
      const { message } = request.body;
      return host.act(sessionId, await actorFor(request), { entryId, action: 'deny', message }, app.now());
    },
  );

  app.post(
    '/api/sessions/:sessionId/entries/:entryId/remove',
    hostSchema('Remove someone from the call: back to the waiting room, or out', {
      params: SessionEntryParams,
      body: RemoveEntry,
    }),
    async (request) => {
      const { sessionId, entryId } = request.params;
      const body = request.body;
      const action = body.to === 'out' ? 'remove_out' : 'remove_to_waiting_room';
      return host.act(sessionId, await actorFor(request), { entryId, action, message: body.message }, app.now());
    },
  );

  app.post(
    '/api/sessions/:sessionId/entries/:entryId/mute',
    hostSchema('Mute someone’s microphone or stop their camera (they can turn it back on)', {
      params: SessionEntryParams,
      body: MuteEntry,
    }),
    async (request) => {
      const { sessionId, entryId } = request.params;
      return host.mute(sessionId, await actorFor(request), entryId, request.body.track);
    },
  );

  app.post(
    '/api/sessions/:sessionId/admit-all',
    hostSchema('Admit everyone waiting who is connected (while locked, only with ?whileLocked=true)', {
      params: SessionParams,
      querystring: AdmitQuery,
    }),
    async (request) => {
      const { sessionId } = request.params;
      const { whileLocked } = request.query;
      return host.admitAll(sessionId, await actorFor(request), { whileLocked: whileLocked === true }, app.now());
    },
  );

  app.post(
    '/api/sessions/:sessionId/notice',
    hostSchema('Message everyone waiting', { params: SessionParams, body: WaitingMessage }),
    async (request) => {
      const { sessionId } = request.params;
      return host.notice(sessionId, await actorFor(request), request.body.text, app.now());
    },
  );

  app.put(
    '/api/sessions/:sessionId/lock',
    hostSchema('Lock the room (every new arrival waits) or unlock it', { params: SessionParams, body: LockRoom }),
    async (request) => {
      const { sessionId } = request.params;
      return host.lock(sessionId, await actorFor(request), request.body.locked);
    },
  );

  app.put(
    '/api/sessions/:sessionId/pin',
    hostSchema('Pin someone for everyone (an interpreter, say), or unpin', {
      params: SessionParams,
      body: PinParticipant,
    }),
    async (request) => {
      const { sessionId } = request.params;
      return host.pin(sessionId, await actorFor(request), request.body.identity);
    },
  );

  app.post(
    '/api/sessions/:sessionId/show-rules',
    hostSchema('Show the ground rules to everyone in the call', { params: SessionParams }),
    async (request) => {
      const { sessionId } = request.params;
      return host.showRules(sessionId, await actorFor(request));
    },
  );

  app.post(
    '/api/sessions/:sessionId/end',
    hostSchema('End the session for everyone', { params: SessionParams }),
    async (request) => {
      const { sessionId } = request.params;
      return host.end(sessionId, await actorFor(request), app.now());
    },
  );

  app.post(
    '/api/sessions/:sessionId/reopen',
    hostSchema('Reopen a session ended by mistake, while its scheduled time lasts', { params: SessionParams }),
    async (request) => {
      const { sessionId } = request.params;
      return host.reopen(sessionId, await actorFor(request), app.now());
    },
  );

  // ----- attendance ---------------------------------------------------------------------

  app.get(
    '/api/sessions/:sessionId/attendance',
    {
      schema: {
        tags: ['live'],
        summary: 'Who was there: the call (from LiveKit webhooks) and in-person check-ins',
        params: SessionParams,
        response: { 200: Attendance, ...errors },
      },
    },
    async (request) => {
      const session = await host.hostSession(request.params.sessionId, await actorFor(request));
      return attendance.report(session, app.now());
    },
  );

  app.put(
    '/api/sessions/:sessionId/checkins/:membershipId',
    {
      schema: {
        tags: ['live'],
        summary: 'Tick someone off (or not) as present at an in-person session',
        params: CheckinParams,
        body: Checkin,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const actor = await actorFor(request);
      const session = await host.hostSession(request.params.sessionId, actor);
      await attendance.setCheckin(session, request.params.membershipId, request.body.present, actor.userId ?? '');
      return reply.status(204).send(null);
    },
  );

  // ----- the live connection ------------------------------------------------------------

  // Live connections per client address on this node: one client cannot hold the node's sockets.
  const openFrom = new Map<string, number>();
  app.get(
    '/api/sessions/:sessionId/live',
    {
      websocket: true,
      schema: { params: SessionParams, hide: true },
      // Before the upgrade, so a refused connection costs a plain HTTP answer.
      preValidation: async (request) => {
        if ((openFrom.get(request.ip) ?? 0) >= CONNECTIONS_PER_CLIENT)
          throw new AppError(
            429,
            'too_many_connections',
            'Too many live connections from this device or network. Close some tabs and try again in a minute.',
            undefined,
            60,
          );
      },
    },
    (socket, request) => {
      const { sessionId } = request.params;
      const address = request.ip;
      openFrom.set(address, (openFrom.get(address) ?? 0) + 1);
      socket.on('close', () => {
        const left = (openFrom.get(address) ?? 1) - 1;
        if (left > 0) openFrom.set(address, left);
        else openFrom.delete(address);
      });
      const fail = (code: string, message: string, closeCode: number) => {
        socket.send(JSON.stringify({ type: 'error', code, message } satisfies ServerMessage));
        socket.close(closeCode, code);
      };
      let entryId: string | null = null;
      let detach: (() => void) | null = null;
      let lastTouch = 0;
      // Set inside the ordered writes once the entry's key was checked, so a close after a failed
      // hello never marks someone else's entry as gone.
      let authenticated = false;
      // This socket's presence writes, in the order they happened: a ping's "seen" or a hello
      // still in flight must not land after the close's "disconnected" and leave a ghost.
      let presenceWrites: Promise<unknown> = Promise.resolve();
      const inOrder = <T>(write: () => Promise<T>): Promise<T> => {
        const result = presenceWrites.then(write);
        presenceWrites = result.catch(() => {});
        return result;
      };
      const helloTimer = setTimeout(() => fail('no_hello', 'Say hello first.', 4401), HELLO_WITHIN_MS);

      socket.on('message', (raw: Buffer) => {
        let message: unknown;
        try {
          message = JSON.parse(String(raw));
        } catch {
          return fail('bad_message', 'Messages are JSON.', 4400);
        }
        if (!Value.Check(ClientMessage, message)) return fail('bad_message', 'Unknown message.', 4400);
        if (message.type === 'hello') {
          if (entryId) return;
          clearTimeout(helloTimer);
          const hello = message;
          entryId = hello.entryId;
          inOrder(async () => {
            const greeted = await presence.hello(sessionId, hello.entryId, hello.key, app.now());
            authenticated = true;
            return greeted;
          })
            .then(({ entry, session }) => {
              if (socket.readyState !== socket.OPEN) return;
              lastTouch = app.now().getTime();
              hub.greet(socket, {
                pinnedIdentity: session.pinnedIdentity,
                locked: session.locked,
                ended: session.endedAt !== null,
              });
              detach = hub.add(socket, sessionId, entry);
            })
            .catch((error: unknown) => {
              entryId = null;
              if (error instanceof AppError) return fail('bad_entry', error.message, 4403);
              request.log.error({ err: error }, 'live hello failed');
              fail('server_error', 'Something went wrong; reconnecting.', 1011);
            });
          return;
        }
        // ping: keep "last seen" fresh without writing on every frame.
        if (entryId && detach && app.now().getTime() - lastTouch >= TOUCH_EVERY_MS) {
          lastTouch = app.now().getTime();
          const seenId = entryId;
          inOrder(() => presence.seen(seenId, app.now())).catch(() => {});
        }
      });

      socket.on('close', () => {
        clearTimeout(helloTimer);
        detach?.();
        // A hello still being answered is waited for: if it succeeds, this closing is what counts.
        const goneId = entryId;
        if (goneId)
          inOrder(async () => {
            if (authenticated) await presence.disconnected(sessionId, goneId, app.now());
          }).catch(() => {});
      });
    },
  );
};

export default liveRoutes;
