import type { WebSocket } from '@fastify/websocket';
import type { EntryStatus, ServerMessage } from '@peer-support/contracts/live';
import type { LiveBus, LiveEvent } from './bus.ts';
import type { CallTokens } from './call-tokens.ts';
import type { RoomSnapshot, RoomSnapshots } from './room-snapshot.ts';

interface Connection {
  socket: WebSocket;
  entryId: string;
  /** Hosts the session now (checked afresh on every push), so is sent the room and facilitators' notices. */
  hosts: boolean;
  status: EntryStatus;
  /** What was last sent, so an unchanged entry or room is not sent again. */
  lastEntry: string;
  /** The room this connection was last sent a call token for: a new room (or none yet) gets a new token. */
  tokenRoom: string | null;
  /** The room as this connection last had it (entry id → its JSON, and the room's own state); null until sent. */
  roomSent: { entries: Map<string, string>; meta: string } | null;
}

/** Changes that arrive while a session is being pushed wait this long, so a burst becomes one reload. */
const COALESCE_MS = 15;

export interface LiveHubDeps {
  snapshot: RoomSnapshots;
  tokens: CallTokens;
  bus: LiveBus;
  onError: (error: unknown, what: string) => void;
  now: () => Date;
}

/**
 * The browsers connected to this node, by session. The bus says what changed; the hub reloads
 * that session once and pushes each person their own entry, and facilitators the whole room.
 * Whoever it sees admitted (one, or a crowd after "admit all") is sent their call token on
 * the same socket, minted in one batch and inside the entry that says they are in, so joining
 * needs no further request. The hub only reads and pushes: it publishes nothing.
 */
export function liveHub({ snapshot: read, tokens, bus, onError, now }: LiveHubDeps) {
  const bySession = new Map<string, Set<Connection>>();
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Map<string, Promise<void>>();
  const dirty = new Set<string>();

  const send = (c: Connection, message: ServerMessage) => {
    if (c.socket.readyState === c.socket.OPEN) c.socket.send(JSON.stringify(message));
  };

  async function refresh(sessionId: string) {
    const connections = bySession.get(sessionId);
    if (!connections?.size) return;
    const at = now();
    const snapshot = await read(sessionId, at);
    if (!snapshot) return;
    const issued = await tokensFor(snapshot, connections, at);
    const { entries, sessionId: _, ...meta } = snapshot.room;
    // The room as JSON, made once, and only if a facilitator is connected to be sent it.
    let roomJson: { meta: string; entries: Map<string, string> } | undefined;
    const roomAsJson = () => {
      roomJson ??= { meta: JSON.stringify(meta), entries: new Map(entries.map((e) => [e.id, JSON.stringify(e)])) };
      return roomJson;
    };
    for (const c of connections) {
      const view = snapshot.views.get(c.entryId);
      if (!view) continue;
      c.hosts = snapshot.hosts.has(c.entryId);
      c.status = view.status;
      const token = issued.get(c.entryId);
      const fresh = token && !(token instanceof Error) && token.room === view.room ? token : null;
      const entryJson = JSON.stringify({ type: 'entry', entry: view } satisfies ServerMessage);
      if ((entryJson !== c.lastEntry || fresh) && c.socket.readyState === c.socket.OPEN) {
        c.lastEntry = entryJson;
        if (fresh) c.tokenRoom = fresh.room;
        c.socket.send(
          fresh ? JSON.stringify({ type: 'entry', entry: view, token: fresh } satisfies ServerMessage) : entryJson,
        );
      }
      if (!c.hosts) {
        c.roomSent = null;
        continue;
      }
      const current = roomAsJson();
      if (c.roomSent === null) {
        send(c, { type: 'room', room: snapshot.room });
      } else {
        const upserted = entries.filter((e) => c.roomSent?.entries.get(e.id) !== current.entries.get(e.id));
        const removed = [...c.roomSent.entries.keys()].filter((id) => !current.entries.has(id));
        if (upserted.length > 0 || removed.length > 0 || current.meta !== c.roomSent.meta)
          send(c, { type: 'room_changes', upserted, removed, ...meta });
      }
      c.roomSent = current;
    }
  }

  /**
   * Tokens for the connections that are admitted to a room they hold no token for yet. A
   * failure here (LiveKit unreachable) costs only the push: the entry still goes out, and the
   * browser asks the token route instead.
   */
  async function tokensFor(snapshot: RoomSnapshot, connections: Set<Connection>, at: Date) {
    const wanting = new Set<string>();
    for (const c of connections) {
      const view = snapshot.views.get(c.entryId);
      if (view?.status === 'admitted' && view.room !== null && view.room !== c.tokenRoom) wanting.add(c.entryId);
    }
    if (wanting.size === 0) return new Map();
    try {
      return await tokens.issue(
        snapshot.session,
        snapshot.rows.filter((r) => wanting.has(r.id)),
        at,
      );
    } catch (error) {
      onError(error, 'minting call tokens for the admitted');
      return new Map();
    }
  }

  /**
   * Runs one refresh at a time per session. A change to a quiet session is pushed at once (on
   * the next turn of the event loop, so changes made together go together); changes during a
   * refresh queue exactly one more, after a short pause, so a burst (a crowd arriving) costs
   * one reload per pause rather than one per change.
   */
  function schedule(sessionId: string, pause = 0) {
    if (running.has(sessionId)) {
      dirty.add(sessionId);
      return;
    }
    if (timers.has(sessionId)) return;
    timers.set(
      sessionId,
      setTimeout(() => {
        timers.delete(sessionId);
        const run = refresh(sessionId)
          .catch((error: unknown) => onError(error, 'pushing a live session change'))
          .finally(() => {
            running.delete(sessionId);
            if (dirty.delete(sessionId)) schedule(sessionId, COALESCE_MS);
          });
        running.set(sessionId, run);
      }, pause),
    );
  }

  function deliver(event: LiveEvent) {
    const connections = bySession.get(event.sessionId);
    if (!connections?.size) return;
    switch (event.type) {
      case 'changed':
        schedule(event.sessionId);
        return;
      case 'notice':
        // For the people waiting; facilitators see it too, to know it went.
        for (const c of connections)
          if (c.status === 'waiting' || c.hosts) send(c, { type: 'notice', text: event.text, at: event.at });
        return;
      case 'rules':
        for (const c of connections) if (c.status === 'admitted') send(c, { type: 'rules', rules: event.rules });
        return;
      case 'pin':
        for (const c of connections) send(c, { type: 'pin', identity: event.identity });
        return;
      case 'locked':
        for (const c of connections) send(c, { type: 'locked', locked: event.locked });
        return;
      case 'ended':
        for (const c of connections) send(c, { type: 'ended' });
        return;
    }
  }

  const unsubscribe = bus.subscribe(deliver);

  return {
    add(socket: WebSocket, sessionId: string, entry: { id: string; status: EntryStatus }) {
      const c: Connection = {
        socket,
        entryId: entry.id,
        // Nothing about the room goes out until the first push has checked their standing.
        hosts: false,
        status: entry.status,
        lastEntry: '',
        tokenRoom: null,
        roomSent: null,
      };
      let set = bySession.get(sessionId);
      if (!set) {
        set = new Set();
        bySession.set(sessionId, set);
      }
      set.add(c);
      schedule(sessionId);
      return () => {
        set.delete(c);
        if (set.size === 0) bySession.delete(sessionId);
      };
    },

    /** Sends what a new connection needs beyond its entry: the pinned person and the lock. */
    greet(socket: WebSocket, state: { pinnedIdentity: string | null; locked: boolean; ended: boolean }) {
      const messages: ServerMessage[] = [
        { type: 'pin', identity: state.pinnedIdentity },
        { type: 'locked', locked: state.locked },
        ...(state.ended ? [{ type: 'ended' } as const] : []),
      ];
      for (const m of messages) socket.send(JSON.stringify(m));
    },

    connections: () => [...bySession.values()].reduce((n, s) => n + s.size, 0),

    async close() {
      unsubscribe();
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      await Promise.allSettled(running.values());
      for (const set of bySession.values()) for (const c of set) c.socket.close(1001, 'server shutting down');
      bySession.clear();
    },
  };
}

export type LiveHub = ReturnType<typeof liveHub>;
