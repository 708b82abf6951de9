/**
 * Live sessions: the join flow, the waiting room, admission-gated call tokens, facilitator
 * controls and attendance. The REST shapes and the WebSocket messages are both here so the
 * server and the browser agree on every field.
 */
import { ENTRY_KINDS, ENTRY_STATUSES } from '@peer-support/domain/waiting-room';
import { type Static, Type } from 'typebox';
import { SupportLine } from './groups.ts';
import { oneOf } from './one-of.ts';
import { SessionMode } from './schedule.ts';
import { type CallToken, DisplayName } from './sessions.ts';
import { MultilineText } from './text.ts';

const Uuid = Type.String({ format: 'uuid' });
const Instant = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const EntryKind = oneOf(ENTRY_KINDS);
/** The LiveKit participant attribute our tokens carry the entry's kind in (set by the API, read by every call page). */
export const KIND_ATTRIBUTE = 'kind';
export type EntryKind = Static<typeof EntryKind>;

export const EntryStatus = oneOf(ENTRY_STATUSES);
export type EntryStatus = Static<typeof EntryStatus>;

export const SessionEntryParams = Type.Object({ sessionId: Uuid, entryId: Uuid });
export type SessionEntryParams = Static<typeof SessionEntryParams>;

/**
 * What the session link shows before anyone commits to anything: the session, this group's
 * current ground rules and support lines, and whether (and as whom) the viewer may come in.
 */
export const JoinInfo = Type.Object({
  session: Type.Object({
    id: Uuid,
    title: Type.String(),
    startsAt: Instant,
    endsAt: Instant,
    mode: SessionMode,
    cancelled: Type.Boolean(),
    ended: Type.Boolean(),
  }),
  group: Type.Object({ id: Uuid, name: Type.String(), supportLines: Type.Array(SupportLine) }),
  groundRules: Type.Object({ version: Type.Integer(), rules: Type.Array(Type.String()) }),
  viewer: Type.Object({
    /** How this person would come in; `null` when they cannot (see `reason`). */
    kind: Nullable(EntryKind),
    /** A suggested display name (the roster name for members); they may change it. */
    displayName: Nullable(Type.String()),
    /** Set when the viewer cannot come in: a sentence saying why and what to do. */
    reason: Nullable(Type.String()),
    /** True when the viewer should sign in first (a member who is not signed in, say). */
    signInWanted: Type.Boolean(),
    /**
     * Set when the viewer is early: when the waiting room opens for them (30 minutes before the
     * start; an hour for facilitators). They may read the rules and check devices meanwhile.
     */
    opensAt: Nullable(Instant),
  }),
  /** The call's media server (LiveKit), so the browser can warm its connection while the person waits. */
  callUrl: Type.String(),
});
export type JoinInfo = Static<typeof JoinInfo>;

export const CreateEntry = Type.Object(
  {
    displayName: DisplayName,
    /** The ground-rules version the person read and accepted; a stale one is refused so they read the new rules. */
    groundRulesVersion: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type CreateEntry = Static<typeof CreateEntry>;

/** One person's place in the waiting room or the call, as they see it. */
export const Entry = Type.Object({
  id: Uuid,
  sessionId: Uuid,
  displayName: Type.String(),
  kind: EntryKind,
  status: EntryStatus,
  /** A facilitator's words on denial or removal. */
  message: Nullable(Type.String()),
  waitingSince: Nullable(Instant),
  /** 1-based place in the queue while waiting. */
  position: Nullable(Type.Integer()),
  /** When their hand went up in the call; kept by the server, so it survives a page reload. */
  handRaisedAt: Nullable(Instant),
  /** The LiveKit identity this entry joins the call as. */
  identity: Type.String(),
  /**
   * The LiveKit room the call is in now, while admitted. It changes when the call moves to a
   * fresh room (someone was taken out): a browser holding a token for another room asks for a
   * new one.
   */
  room: Nullable(Type.String()),
});
export type Entry = Static<typeof Entry>;

export const CreatedEntry = Type.Object({
  entry: Entry,
  /** Proves the entry is yours (guests have no account): send it as `x-entry-key` and in the live hello. Shown once. */
  key: Type.String(),
});
export type CreatedEntry = Static<typeof CreatedEntry>;

/** What facilitators see of each person waiting or in the call. */
export const EntrySummary = Type.Object({
  id: Uuid,
  displayName: Type.String(),
  kind: EntryKind,
  status: EntryStatus,
  waitingSince: Nullable(Instant),
  handRaisedAt: Nullable(Instant),
  identity: Type.String(),
  /** Whether their live connection is up now (a waiting person who drops keeps their place for a while). */
  connected: Type.Boolean(),
});
export type EntrySummary = Static<typeof EntrySummary>;

export const RoomState = Type.Object({
  sessionId: Uuid,
  locked: Type.Boolean(),
  ended: Type.Boolean(),
  pinnedIdentity: Nullable(Type.String()),
  entries: Type.Array(EntrySummary),
});
export type RoomState = Static<typeof RoomState>;

/** Letting someone in: while the room is locked, the facilitator confirms it on purpose (decision 0015). */
export const AdmitQuery = Type.Object(
  { whileLocked: Type.Optional(Type.Boolean({ description: 'let them in although the room is locked' })) },
  { additionalProperties: false },
);
export type AdmitQuery = Static<typeof AdmitQuery>;

export const DenyEntry = Type.Object(
  { message: Type.Optional(MultilineText({ maxLength: 500 })) },
  { additionalProperties: false },
);
export type DenyEntry = Static<typeof DenyEntry>;

export const RemoveEntry = Type.Object(
  {
    /** Back to the waiting room (they may be admitted again) or out of this session. */
    to: Type.Union([Type.Literal('waiting_room'), Type.Literal('out')]),
    message: Type.Optional(MultilineText({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type RemoveEntry = Static<typeof RemoveEntry>;

export const MuteEntry = Type.Object(
  { track: Type.Union([Type.Literal('audio'), Type.Literal('video')]) },
  { additionalProperties: false },
);
export type MuteEntry = Static<typeof MuteEntry>;

export const WaitingMessage = Type.Object(
  { text: MultilineText({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
export type WaitingMessage = Static<typeof WaitingMessage>;

export const LockRoom = Type.Object({ locked: Type.Boolean() }, { additionalProperties: false });
export type LockRoom = Static<typeof LockRoom>;

export const PinParticipant = Type.Object({ identity: Nullable(Type.String()) }, { additionalProperties: false });
export type PinParticipant = Static<typeof PinParticipant>;

export const RaiseHand = Type.Object({ raised: Type.Boolean() }, { additionalProperties: false });
export type RaiseHand = Static<typeof RaiseHand>;

export const ActionResult = Type.Object({ ok: Type.Literal(true), affected: Type.Integer() });
export type ActionResult = Static<typeof ActionResult>;

export const AttendanceRow = Type.Object({
  displayName: Type.String(),
  kind: Nullable(EntryKind),
  joinedAt: Instant,
  leftAt: Nullable(Instant),
  minutes: Type.Integer(),
});
export const CheckinRow = Type.Object({
  membershipId: Uuid,
  displayName: Type.String(),
  checkedInAt: Nullable(Instant),
});
export const Attendance = Type.Object({
  sessionId: Uuid,
  mode: SessionMode,
  ended: Type.Boolean(),
  /** One row per stretch in the call, from LiveKit's signed webhooks. */
  online: Type.Array(AttendanceRow),
  /** The roster with who was ticked off in the room, for in-person and hybrid sessions. */
  inPerson: Type.Array(CheckinRow),
});
export type Attendance = Static<typeof Attendance>;

export const CheckinParams = Type.Object({ sessionId: Uuid, membershipId: Uuid });
export const Checkin = Type.Object({ present: Type.Boolean() }, { additionalProperties: false });
export type Checkin = Static<typeof Checkin>;

// ----- the live connection (WebSocket at /api/sessions/:sessionId/live) ----------------

/** The browser's messages. `hello` must come first: it proves the entry (or, with no entry, the facilitator's cookie). */
export const ClientMessage = Type.Union([
  Type.Object({ type: Type.Literal('hello'), entryId: Uuid, key: Type.String({ minLength: 1, maxLength: 200 }) }),
  Type.Object({ type: Type.Literal('ping') }),
]);
export type ClientMessage = Static<typeof ClientMessage>;

/** The server's messages. */
export type ServerMessage =
  /**
   * Your own entry changed (admitted, denied, removed, position moved). When it puts you in a
   * room you hold no token for (just admitted, reconnected, or the call moved room), it carries
   * your call token, so joining needs no request of its own (decision 0020); the token route
   * gives the same for a rejoin.
   */
  | { type: 'entry'; entry: Entry; token?: CallToken }
  /** Facilitators only: the whole room, when they connect (or start hosting). */
  | { type: 'room'; room: RoomState }
  /**
   * Facilitators only, after that: what changed since the last `room` or `room_changes`
   * (people who arrived or changed, ids of people who are gone, and the room's own state), so
   * a busy waiting room costs each change, not the whole list again.
   */
  | ({ type: 'room_changes'; upserted: EntrySummary[]; removed: string[] } & Omit<RoomState, 'entries' | 'sessionId'>)
  /** A facilitator's message to everyone waiting. */
  | { type: 'notice'; text: string; at: string }
  /** A facilitator asked everyone to read the ground rules again. */
  | { type: 'rules'; rules: string[] }
  | { type: 'pin'; identity: string | null }
  | { type: 'locked'; locked: boolean }
  /** The session was ended for all. */
  | { type: 'ended' }
  | { type: 'error'; code: string; message: string };

/** The room a facilitator sees once `changes` are laid on the last whole `room`. */
export function applyRoomChanges(
  room: RoomState,
  changes: Extract<ServerMessage, { type: 'room_changes' }>,
): RoomState {
  const { upserted, removed, type: _, ...meta } = changes;
  const gone = new Set([...removed, ...upserted.map((e) => e.id)]);
  return { ...room, ...meta, entries: [...room.entries.filter((e) => !gone.has(e.id)), ...upserted] };
}
