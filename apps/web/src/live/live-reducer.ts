import { applyRoomChanges, type Entry, type RoomState, type ServerMessage } from '@peer-support/contracts/live';
import type { CallToken } from '@peer-support/contracts/sessions';

export type LiveConnection = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** Everything the live connection has told us, without the hook's callbacks. */
export interface LiveData {
  connection: LiveConnection;
  /** The latest of your own entry (admitted, denied, removed, place in the queue). */
  entry: Entry | null;
  /** The call token the server sent with the entry that let us in (or moved the call): joining needs no request. */
  token: CallToken | null;
  /** Facilitators only. */
  room: RoomState | null;
  notices: { text: string; at: string }[];
  /** Set when a facilitator shows the ground rules again, until cleared. */
  rules: string[] | null;
  pinnedIdentity: string | null;
  locked: boolean;
  ended: boolean;
}

export type LiveAction =
  | { type: 'connection'; connection: LiveConnection }
  | { type: 'message'; message: ServerMessage }
  | { type: 'clear-rules' }
  | { type: 'reset' };

export const initialLive: LiveData = {
  connection: 'connecting',
  entry: null,
  token: null,
  room: null,
  notices: [],
  rules: null,
  pinnedIdentity: null,
  locked: false,
  ended: false,
};

/** A long wait should not grow the page without end; the newest notices are the ones that matter. */
export const MAX_NOTICES = 20;

/** Error codes after which reconnecting cannot help: the entry is unknown or the key is wrong. */
export const FATAL_ERROR_CODES: ReadonlySet<string> = new Set(['bad_entry']);

export function liveReducer(state: LiveData, action: LiveAction): LiveData {
  switch (action.type) {
    case 'reset':
      return initialLive;
    case 'clear-rules':
      return state.rules === null ? state : { ...state, rules: null };
    case 'connection':
      // Once the session has ended there is nothing to reconnect to; keep saying so.
      if (state.ended && action.connection !== 'closed') return state;
      return state.connection === action.connection ? state : { ...state, connection: action.connection };
    case 'message':
      return applyMessage(state, action.message);
  }
}

function applyMessage(state: LiveData, message: ServerMessage): LiveData {
  switch (message.type) {
    case 'entry':
      return { ...state, entry: message.entry, token: message.token ?? state.token };
    case 'room':
      // The whole room is the truth for facilitators: the flags it carries win over older messages.
      return {
        ...state,
        room: message.room,
        locked: message.room.locked,
        pinnedIdentity: message.room.pinnedIdentity,
        ended: state.ended || message.room.ended,
      };
    case 'room_changes': {
      // Changes only make sense on top of a room; the server sends the whole room first.
      if (!state.room) return state;
      const room = applyRoomChanges(state.room, message);
      return {
        ...state,
        room,
        locked: room.locked,
        pinnedIdentity: room.pinnedIdentity,
        ended: state.ended || room.ended,
      };
    }
    case 'notice':
      return { ...state, notices: [...state.notices, { text: message.text, at: message.at }].slice(-MAX_NOTICES) };
    case 'rules':
      return { ...state, rules: message.rules };
    case 'pin':
      return { ...state, pinnedIdentity: message.identity };
    case 'locked':
      return { ...state, locked: message.locked };
    case 'ended':
      return { ...state, ended: true, connection: 'closed' };
    case 'error':
      return FATAL_ERROR_CODES.has(message.code) ? { ...state, connection: 'closed' } : state;
    default:
      // A newer server may send kinds this page does not know yet; ignoring them keeps it working.
      return state;
  }
}

/** Whether this message means the connection must not be opened again. */
export function isFinal(message: ServerMessage): boolean {
  return message.type === 'ended' || (message.type === 'error' && FATAL_ERROR_CODES.has(message.code));
}

export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 10_000;

/**
 * How long to wait before reconnect attempt `attempt` (0 for the first retry): doubling from
 * half a second up to ten, with "equal jitter" (between half and all of that) so a room full of
 * people whose Wi-Fi blinked at once do not all come back in the same millisecond.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Parses one frame from the server; anything that is not a typed object is dropped. */
export function parseServerMessage(data: unknown): ServerMessage | null {
  if (typeof data !== 'string') return null;
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string') {
      return value as ServerMessage;
    }
  } catch {
    // Not JSON: a proxy's noise, not a message from us.
  }
  return null;
}

/** The live endpoint on this page's own origin, ws:// or wss:// to match http:// or https://. */
export function liveUrl(sessionId: string, location: { protocol: string; host: string }): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api/sessions/${encodeURIComponent(sessionId)}/live`;
}
