import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const id = () => uuid('id').primaryKey().default(sql`gen_random_uuid()`);
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

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
    capacity: integer('capacity'),
    createdAt: createdAt(),
  },
  (t) => [index('groups_provider_idx').on(t.providerId)],
);

/** One meeting of a group; online sessions have a LiveKit room of their own. */
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
    mode: text('mode', { enum: ['online', 'in_person', 'hybrid'] })
      .notNull()
      .default('online'),
    roomName: text('room_name').notNull().unique(),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_group_idx').on(t.groupId), index('sessions_starts_idx').on(t.startsAt)],
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
