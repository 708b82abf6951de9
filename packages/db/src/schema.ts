import { GROUP_VISIBILITIES, PROVIDER_ROLES } from '@peer-support/domain/roles';
import { MEMBERSHIP_STATUSES } from '@peer-support/domain/roster';
import { SESSION_MODES, type SeriesEnd, type SeriesRule, type Venue } from '@peer-support/domain/series';
import { RSVP_STATUSES } from '@peer-support/domain/session-places';
import { STAFF_VIAS } from '@peer-support/domain/staff';
import type { SupportLine } from '@peer-support/domain/support-lines';
import { ADMISSIONS, ENTRY_KINDS, ENTRY_STATUSES } from '@peer-support/domain/waiting-room';
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const id = () => uuid('id').primaryKey().default(sql`gen_random_uuid()`);
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () =>
  timestamp('updated_at', { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());

/** An organisation that runs peer support: a charity or a grassroots group. */
export const providers = pgTable('providers', {
  id: id(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

export const groups = pgTable(
  'groups',
  {
    id: id(),
    providerId: uuid('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    topics: jsonb('topics').$type<string[]>().notNull().default([]),
    /** null means no limit. */
    capacity: integer('capacity'),
    visibility: text('visibility', { enum: GROUP_VISIBILITIES }).notNull().default('listed'),
    admission: text('admission', { enum: ADMISSIONS }).notNull().default('waiting_room'),
    /** Whether people who are not on the roster may drop in to online sessions with only a display name. */
    dropIns: boolean('drop_ins').notNull().default(false),
    /** Most guests waiting or in the call at once, per session (see packages/domain/src/arrival-limits.ts). */
    guestLimit: integer('guest_limit').notNull().default(30),
    supportLines: jsonb('support_lines').$type<SupportLine[]>().notNull().default([]),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('groups_provider_idx').on(t.providerId),
    uniqueIndex('groups_provider_slug_idx').on(t.providerId, t.slug),
  ],
);

/**
 * A recurring meeting of a group, stored as wall-clock fields in its zone (see
 * packages/domain/src/recurrence.ts). `sequence` is the iCalendar SEQUENCE: every edit
 * raises it, so calendar clients replace what they hold.
 */
export const series = pgTable(
  'series',
  {
    id: id(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    rule: jsonb('rule').$type<SeriesRule>().notNull(),
    startDate: text('start_date').notNull(),
    startTime: text('start_time').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    timeZone: text('time_zone').notNull(),
    end: jsonb('end').$type<SeriesEnd>().notNull(),
    mode: text('mode', { enum: SESSION_MODES }).notNull(),
    venue: jsonb('venue').$type<Venue>(),
    sequence: integer('sequence').notNull().default(0),
    /**
     * The part of the same schedule this one carries on from: an edit to a series that has
     * met ends it the day before and starts this part, so the past keeps what it was.
     */
    followsSeriesId: uuid('follows_series_id').references((): AnyPgColumn => series.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('series_group_idx').on(t.groupId)],
);

/** One occurrence cancelled or moved, keyed by its original local start (`2026-10-29T18:30[Europe/London]`). */
export const seriesExceptions = pgTable(
  'series_exceptions',
  {
    id: id(),
    seriesId: uuid('series_id')
      .notNull()
      .references(() => series.id, { onDelete: 'cascade' }),
    occurrenceKey: text('occurrence_key').notNull(),
    cancelled: boolean('cancelled').notNull().default(false),
    start: timestamp('start', { withTimezone: true }),
    durationMinutes: integer('duration_minutes'),
    mode: text('mode', { enum: SESSION_MODES }),
    venue: jsonb('venue').$type<Venue>(),
    reason: text('reason').notNull().default(''),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('series_exceptions_series_key_idx').on(t.seriesId, t.occurrenceKey)],
);

/**
 * One meeting of a group; online sessions have a LiveKit room of their own. A series'
 * occurrence becomes a row here on first use (an exception, later an RSVP or a waiting room),
 * named by `seriesId` + `occurrenceKey`; one-off sessions (the demo) have neither.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: id(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    mode: text('mode', { enum: SESSION_MODES }).notNull().default('online'),
    /** The base of the call's LiveKit room name; see `roomGeneration`. */
    roomName: text('room_name').notNull().unique(),
    /**
     * Raised each time the call moves to a fresh LiveKit room (someone holding a token is
     * taken out, or the session is reopened), so earlier tokens name a room that is gone.
     */
    roomGeneration: integer('room_generation').notNull().default(0),
    /** Kept (not deleted) when its series is deleted, so attendance survives. */
    seriesId: uuid('series_id').references(() => series.id, { onDelete: 'set null' }),
    occurrenceKey: text('occurrence_key'),
    cancelled: boolean('cancelled').notNull().default(false),
    /** Places for this session; null means the group's capacity (or no limit when that is null too). */
    places: integer('places'),
    /** Locked: every new arrival waits, roster members too. */
    locked: boolean('locked').notNull().default(false),
    /** When a facilitator first opened the room, and when it was ended for all (or LiveKit finished the room). */
    openedAt: timestamp('opened_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    /** The LiveKit identity everyone sees pinned (an interpreter, say); null for none. */
    pinnedIdentity: text('pinned_identity'),
    createdAt: createdAt(),
  },
  (t) => [
    index('sessions_group_idx').on(t.groupId),
    index('sessions_starts_idx').on(t.startsAt),
    uniqueIndex('sessions_series_occurrence_idx').on(t.seriesId, t.occurrenceKey),
  ],
);

/**
 * A member's answer for one session. When places run out, "going" is saved as `waitlisted`;
 * the longest-waiting person (earliest `updatedAt`) is promoted when a place frees up.
 */
export const rsvps = pgTable(
  'rsvps',
  {
    id: id(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: text('status', { enum: RSVP_STATUSES }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('rsvps_session_user_idx').on(t.sessionId, t.userId), index('rsvps_user_idx').on(t.userId)],
);

/**
 * Every verified LiveKit webhook, as received. Attendance is derived from these; keeping
 * the event id unique makes a replayed delivery a no-op.
 */
export const livekitEvents = pgTable(
  'livekit_events',
  {
    id: text('id').primaryKey(),
    event: text('event').notNull(),
    roomName: text('room_name'),
    participantIdentity: text('participant_identity'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    payload: jsonb('payload').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('livekit_events_room_idx').on(t.roomName)],
);

// ---------------------------------------------------------------------------------------
// Accounts, managed by better-auth (identity, sessions, sign-in links, password resets).
// Table shapes follow better-auth's core schema; ids are better-auth's own text ids.

export const users = pgTable('users', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  emailVerified: boolean('email_verified').notNull().default(false),
  image: text('image'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const authSessions = pgTable(
  'auth_sessions',
  {
    id: text('id').primaryKey(),
    token: text('token').notNull().unique(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('auth_sessions_user_idx').on(t.userId)],
);

export const authAccounts = pgTable(
  'auth_accounts',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    providerId: text('provider_id').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    accessToken: text('access_token'),
    refreshToken: text('refresh_token'),
    idToken: text('id_token'),
    accessTokenExpiresAt: timestamp('access_token_expires_at', { withTimezone: true }),
    refreshTokenExpiresAt: timestamp('refresh_token_expires_at', { withTimezone: true }),
    scope: text('scope'),
    password: text('password'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('auth_accounts_user_idx').on(t.userId)],
);

export const authVerifications = pgTable(
  'auth_verifications',
  {
    id: text('id').primaryKey(),
    identifier: text('identifier').notNull(),
    value: text('value').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('auth_verifications_identifier_idx').on(t.identifier)],
);

/**
 * better-auth's rate-limit buckets (`rateLimit` model), one per client address and auth
 * route. In the database rather than in memory so every API node counts the same requests.
 */
export const authRateLimits = pgTable('auth_rate_limits', {
  id: text('id').primaryKey(),
  key: text('key').notNull().unique(),
  count: integer('count').notNull(),
  /** Milliseconds since the epoch, as better-auth keeps it. */
  lastRequest: bigint('last_request', { mode: 'number' }).notNull(),
});

/**
 * Password sign-in attempts per address, for the per-account throttle. A row is written
 * before the password is checked and deleted when the sign-in succeeds, so what is left in
 * the window are failures (and attempts still in flight).
 */
export const signInAttempts = pgTable(
  'sign_in_attempts',
  {
    id: id(),
    email: text('email').notNull(),
    attemptedAt: timestamp('attempted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('sign_in_attempts_email_idx').on(t.email, t.attemptedAt),
    index('sign_in_attempts_at_idx').on(t.attemptedAt),
  ],
);

// ---------------------------------------------------------------------------------------
// Who runs what. Staff belong to a provider; participants belong to groups, not providers.

export const providerMembers = pgTable(
  'provider_members',
  {
    id: id(),
    providerId: uuid('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: PROVIDER_ROLES }).notNull(),
    /**
     * How the person came to be staff: by starting the provider, or by accepting an
     * invitation. Only the founder's standing holds before their email is confirmed
     * (decision 0014); rows from before invitations existed count as invitations.
     */
    via: text('via', { enum: STAFF_VIAS }).notNull().default('invitation'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('provider_members_provider_user_idx').on(t.providerId, t.userId),
    index('provider_members_user_idx').on(t.userId),
  ],
);

/**
 * An invitation to join a provider's staff. The emailed link is signed (like group
 * invitations); the person becomes staff only when they accept it signed in with this
 * address, confirmed. Accepted, revoked and expired rows are kept as the record of who let
 * whom in.
 */
export const staffInvitations = pgTable(
  'staff_invitations',
  {
    id: id(),
    providerId: uuid('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    /** Lower-case. */
    email: text('email').notNull(),
    role: text('role', { enum: PROVIDER_ROLES }).notNull(),
    invitedBy: text('invited_by').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    acceptedBy: text('accepted_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('staff_invitations_provider_idx').on(t.providerId, t.email)],
);

export const groupFacilitators = pgTable(
  'group_facilitators',
  {
    groupId: uuid('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('group_facilitators_pk').on(t.groupId, t.userId),
    index('group_facilitators_user_idx').on(t.userId),
  ],
);

/** Ground rules are versioned: an edit adds a version and keeps the old ones. */
export const groundRuleVersions = pgTable(
  'ground_rule_versions',
  {
    id: id(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    rules: jsonb('rules').$type<string[]>().notNull(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('ground_rule_versions_group_version_idx').on(t.groupId, t.version)],
);

/** Each acceptance of a version, by a member (userId) or a guest (guestName only). */
export const groundRuleAcceptances = pgTable(
  'ground_rule_acceptances',
  {
    id: id(),
    versionId: uuid('version_id')
      .notNull()
      .references(() => groundRuleVersions.id, { onDelete: 'cascade' }),
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    guestName: text('guest_name'),
    sessionId: uuid('session_id').references(() => sessions.id, { onDelete: 'set null' }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('ground_rule_acceptances_version_idx').on(t.versionId)],
);

/** A person on a group's roster. The display name may be a pseudonym. */
export const memberships = pgTable(
  'memberships',
  {
    id: id(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    displayName: text('display_name').notNull(),
    // `erased`: the person's data was erased on request; final, holds no place (decision 0017).
    status: text('status', { enum: MEMBERSHIP_STATUSES }).notNull(),
    statusChangedAt: timestamp('status_changed_at', { withTimezone: true }).notNull().defaultNow(),
    waitlistedAt: timestamp('waitlisted_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('memberships_group_user_idx').on(t.groupId, t.userId),
    index('memberships_group_status_idx').on(t.groupId, t.status),
    index('memberships_user_idx').on(t.userId),
  ],
);

/**
 * An invitation to a group. Links are signed (HMAC over the id and expiry) rather than
 * stored as secrets; this row is what makes one revocable and countable.
 */
export const invites = pgTable(
  'invites',
  {
    id: id(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['link', 'email'] }).notNull(),
    /** Only for email invitations; cleared when the person is erased. */
    email: text('email'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** An email invitation works once; a link works until it expires or is revoked. */
    maxUses: integer('max_uses'),
    uses: integer('uses').notNull().default(0),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('invites_group_idx').on(t.groupId)],
);

// ---------------------------------------------------------------------------------------
// Live sessions: the waiting room, admissions, attendance.

/**
 * One person's way into one session: created when they accept the ground rules and wait,
 * kept as they are admitted, denied or removed. The browser holds the entry's key (only its
 * hash is stored); guests have no account, so the key is what proves the entry is theirs.
 * The LiveKit identity is derived from the entry id, so a token is bound to this entry.
 */
export const sessionEntries = pgTable(
  'session_entries',
  {
    id: id(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    /** null for a guest, and after the person is erased. */
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    displayName: text('display_name').notNull(),
    kind: text('kind', { enum: ENTRY_KINDS }).notNull(),
    status: text('status', { enum: ENTRY_STATUSES }).notNull(),
    keyHash: text('key_hash').notNull(),
    /** The ground rules this person accepted for this session. */
    groundRulesVersionId: uuid('ground_rules_version_id').references(() => groundRuleVersions.id, {
      onDelete: 'set null',
    }),
    rulesAcceptedAt: timestamp('rules_accepted_at', { withTimezone: true }),
    /** Said to the person by a facilitator on denial or removal. */
    message: text('message'),
    waitingSince: timestamp('waiting_since', { withTimezone: true }),
    admittedAt: timestamp('admitted_at', { withTimezone: true }),
    admittedBy: uuid('admitted_by'),
    /** Last sign of life on the live connection; a waiting person keeps their place for a while after it. */
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    handRaisedAt: timestamp('hand_raised_at', { withTimezone: true }),
    /** The session's room generation when this entry last got a call token; null if never. */
    tokenGeneration: integer('token_generation'),
    /**
     * A keyed hash of the client address the entry came from, for the per-client arrival
     * limits; never the address itself, and cleared when the session ends.
     */
    clientKey: text('client_key'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('session_entries_session_idx').on(t.sessionId, t.status),
    index('session_entries_client_idx').on(t.sessionId, t.clientKey),
    uniqueIndex('session_entries_session_user_idx').on(t.sessionId, t.userId).where(sql`${t.userId} is not null`),
  ],
);

/** Who was in the call and for how long, from verified LiveKit webhooks (one row per LiveKit participant session). */
export const attendance = pgTable(
  'attendance',
  {
    id: id(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    entryId: uuid('entry_id').references(() => sessionEntries.id, { onDelete: 'set null' }),
    participantSid: text('participant_sid').notNull().unique(),
    /** The LiveKit room this stretch was in (a session's call can move rooms); null on rows from before rooms moved. */
    roomName: text('room_name'),
    identity: text('identity').notNull(),
    displayName: text('display_name').notNull(),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull(),
    leftAt: timestamp('left_at', { withTimezone: true }),
  },
  (t) => [index('attendance_session_idx').on(t.sessionId)],
);

/** In-person attendance: a facilitator ticks people off as they arrive. */
export const checkins = pgTable(
  'checkins',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    membershipId: uuid('membership_id')
      .notNull()
      .references(() => memberships.id, { onDelete: 'cascade' }),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }).notNull().defaultNow(),
    checkedInBy: text('checked_in_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.membershipId] })],
);

/**
 * A person's private calendar feed of all their sessions. The URL carries an HMAC of the
 * user id and `version`; making a new link raises the version, so the old URL stops working.
 */
export const calendarFeeds = pgTable('calendar_feeds', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  version: integer('version').notNull().default(1),
  updatedAt: updatedAt(),
});
