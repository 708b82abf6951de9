import { SESSION_MODES, SET_POSITIONS, WEEKDAYS } from '@peer-support/domain/series';
import { RSVP_STATUSES } from '@peer-support/domain/session-places';
import { type Static, Type } from 'typebox';
import { oneOf } from './one-of.ts';
import { MultilineText, Text } from './text.ts';

/**
 * Series, exceptions and timelines, mirroring `@peer-support/domain/series`. These
 * schemas check shape only; the rules (real dates, known time zones, end after start, a venue
 * for in-person sessions) are the domain's `validateSeries`, so every problem comes back at
 * once with a message for each field.
 */

export const Weekday = oneOf(WEEKDAYS, { description: 'RFC 5545 weekday' });
export type Weekday = Static<typeof Weekday>;

export const SessionMode = oneOf(SESSION_MODES);
export type SessionMode = Static<typeof SessionMode>;

const Interval = Type.Integer({ description: 'every N weeks or months; 1 to 12' });

export const SeriesRule = Type.Union([
  Type.Object(
    { freq: Type.Literal('weekly'), interval: Interval, byDay: Type.Array(Weekday, { maxItems: 7 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      freq: Type.Literal('monthly'),
      interval: Interval,
      byDay: Weekday,
      bySetPos: oneOf(SET_POSITIONS, { description: '1 to 4 for first to fourth, -1 for last' }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { freq: Type.Literal('monthly'), interval: Interval, byMonthDay: Type.Integer({ description: '1 to 31' }) },
    { additionalProperties: false },
  ),
]);
export type SeriesRule = Static<typeof SeriesRule>;

export const SeriesEnd = Type.Union([
  Type.Object({ kind: Type.Literal('never') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('count'), count: Type.Integer() }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('until'), date: Type.String({ description: 'YYYY-MM-DD, in the series zone' }) },
    { additionalProperties: false },
  ),
]);
export type SeriesEnd = Static<typeof SeriesEnd>;

export const Venue = Type.Object(
  {
    name: Text({ maxLength: 200 }),
    address: MultilineText({ maxLength: 500 }),
    accessNotes: Type.Optional(MultilineText({ maxLength: 2000 })),
    mapUrl: Type.Optional(Text({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type Venue = Static<typeof Venue>;

/**
 * A rule as a client sends it: its shape only. Which fields go together (days for weekly; a day
 * and a position, or a date, for monthly) is the domain's `validateSeries`, which says what is
 * wrong in one sentence; a schema union would list every branch's complaint at once.
 */
export const SeriesRuleInput = Type.Object(
  {
    freq: Type.String({ maxLength: 20, description: 'weekly or monthly' }),
    interval: Interval,
    // Not typed here: with ajv's array coercion a union of a string and a list would turn
    // ['TU'] into 'TU'. The domain checks it (a list of weekdays, or one weekday).
    byDay: Type.Optional(
      Type.Unknown({ description: 'weekly: a list of RFC 5545 weekdays; monthly: one weekday, with bySetPos' }),
    ),
    bySetPos: Type.Optional(Type.Integer({ description: 'monthly: 1 to 4 for first to fourth, -1 for last' })),
    byMonthDay: Type.Optional(Type.Integer({ description: 'monthly: a date in the month, 1 to 31' })),
  },
  { additionalProperties: false },
);
export type SeriesRuleInput = Static<typeof SeriesRuleInput>;

const SeriesFields = {
  rule: SeriesRuleInput,
  startDate: Type.String({ description: 'YYYY-MM-DD: the first day the rule applies' }),
  startTime: Type.String({ description: 'HH:MM, 24-hour, local to timeZone' }),
  durationMinutes: Type.Integer(),
  timeZone: Type.String({ description: 'IANA name, e.g. Europe/London (the default)' }),
  end: SeriesEnd,
  mode: SessionMode,
  venue: Venue,
};

export const CreateSeries = Type.Object(
  {
    rule: SeriesFields.rule,
    startDate: SeriesFields.startDate,
    startTime: SeriesFields.startTime,
    durationMinutes: SeriesFields.durationMinutes,
    timeZone: Type.Optional(SeriesFields.timeZone),
    end: Type.Optional(SeriesFields.end),
    mode: SeriesFields.mode,
    venue: Type.Optional(SeriesFields.venue),
  },
  { additionalProperties: false },
);
export type CreateSeries = Static<typeof CreateSeries>;
/** A CreateSeries whose rule is already well formed: what the web's series editor builds. */
export type SeriesDraft = Omit<CreateSeries, 'rule'> & { rule: SeriesRule };

/** Any subset of the fields; `venue: null` removes it (e.g. when switching to online). */
export const UpdateSeries = Type.Partial(
  Type.Object({
    rule: SeriesFields.rule,
    startDate: SeriesFields.startDate,
    startTime: SeriesFields.startTime,
    durationMinutes: SeriesFields.durationMinutes,
    timeZone: SeriesFields.timeZone,
    end: SeriesFields.end,
    mode: SeriesFields.mode,
    venue: Type.Union([SeriesFields.venue, Type.Null()]),
    effectiveFrom: Type.String({
      description:
        'YYYY-MM-DD in the series zone: the first day the change applies, for a series that has met. Default: the day of its next session that has not started',
    }),
  }),
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateSeries = Static<typeof UpdateSeries>;

export const Series = Type.Object({
  id: Type.String({ format: 'uuid' }),
  groupId: Type.String({ format: 'uuid' }),
  rule: SeriesRule,
  startDate: Type.String(),
  startTime: Type.String(),
  durationMinutes: Type.Integer(),
  timeZone: Type.String(),
  end: SeriesEnd,
  mode: SessionMode,
  venue: Type.Union([Venue, Type.Null()]),
  sequence: Type.Integer({ description: 'iCalendar SEQUENCE; raised by every edit' }),
  met: Type.Integer({
    description: 'how many of its sessions have started: an edit leaves them as they were (decision 0016)',
  }),
  follows: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], {
    description: 'the earlier part of the same schedule: an edit to a series that has met ends it and starts this one',
  }),
  description: Type.String({ description: 'the rule in plain words' }),
  rrule: Type.String({ description: 'RFC 5545 RRULE value' }),
  notes: Type.Array(Type.String(), { description: 'worth knowing, not wrong (e.g. months without a 31st)' }),
  nextStarts: Type.Array(Type.String({ format: 'date-time' }), { description: 'the next few sessions' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type Series = Static<typeof Series>;

export const SeriesList = Type.Object({ series: Type.Array(Series) });
export type SeriesList = Static<typeof SeriesList>;

export const SeriesParams = Type.Object({
  groupId: Type.String({ format: 'uuid' }),
  seriesId: Type.String({ format: 'uuid' }),
});
export type SeriesParams = Static<typeof SeriesParams>;

export const CreateException = Type.Object(
  {
    occurrenceKey: Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'the occurrence, as listed: original local start and zone, e.g. 2026-10-29T18:30[Europe/London]',
    }),
    cancelled: Type.Optional(Type.Literal(true)),
    move: Type.Optional(
      Type.Object(
        {
          start: Type.Optional(Type.String({ format: 'date-time', description: 'the new start, with offset' })),
          durationMinutes: Type.Optional(Type.Integer()),
          mode: Type.Optional(SessionMode),
          venue: Type.Optional(Venue),
        },
        { additionalProperties: false },
      ),
    ),
    reason: MultilineText({ minLength: 1, maxLength: 500, description: 'told to members' }),
  },
  { additionalProperties: false },
);
export type CreateException = Static<typeof CreateException>;

export const SeriesException = Type.Object({
  id: Type.String({ format: 'uuid' }),
  seriesId: Type.String({ format: 'uuid' }),
  occurrenceKey: Type.String(),
  cancelled: Type.Boolean(),
  start: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  durationMinutes: Type.Union([Type.Integer(), Type.Null()]),
  mode: Type.Union([SessionMode, Type.Null()]),
  venue: Type.Union([Venue, Type.Null()]),
  reason: Type.String(),
  sessionId: Type.String({ format: 'uuid', description: 'the session record this occurrence now has' }),
  notified: Type.Integer({ description: 'how many active members were emailed' }),
});
export type SeriesException = Static<typeof SeriesException>;

/**
 * A calendar month, read on the group's clock. The pattern only checks the form; how far away
 * a month may be is the domain's `validateMonth`, which says so in a sentence.
 */
export const MONTH_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])$';
export const MONTH_MESSAGE = 'must be a month written YYYY-MM, for example 2027-03';
const Month = Type.String({
  pattern: MONTH_PATTERN,
  description: "YYYY-MM: the sessions of that month on the group's clock, within two years of today",
});

export const ScheduleQuery = Type.Object(
  {
    month: Type.Optional(Month),
    from: Type.Optional(Type.String({ description: 'date or date-time; default now' })),
    to: Type.Optional(Type.String({ description: 'date or date-time; default 3 months after from; at most 2 years' })),
  },
  { additionalProperties: false, description: 'a month, or a range from/to (a month wins)' },
);
export type ScheduleQuery = Static<typeof ScheduleQuery>;

export const PublicScheduleQuery = Type.Object(
  { month: Type.Optional(Month) },
  { additionalProperties: false, description: 'without a month, the next sessions from now' },
);
export type PublicScheduleQuery = Static<typeof PublicScheduleQuery>;

export const ScheduledSession = Type.Object({
  seriesId: Type.String({ format: 'uuid' }),
  occurrenceKey: Type.String({ description: 'original local start and zone; stable when moved' }),
  start: Type.String({ format: 'date-time' }),
  end: Type.String({ format: 'date-time' }),
  timeZone: Type.String(),
  mode: SessionMode,
  venue: Type.Union([Venue, Type.Null()]),
  cancelled: Type.Boolean(),
  moved: Type.Boolean(),
  reason: Type.Union([Type.String(), Type.Null()]),
  description: Type.String({ description: "the series' rule in plain words" }),
  sessionId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], {
    description: 'the session record, once the occurrence has one',
  }),
});
export type ScheduledSession = Static<typeof ScheduledSession>;

export const Schedule = Type.Object({
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  sessions: Type.Array(ScheduledSession),
});
export type Schedule = Static<typeof Schedule>;

/** What anyone may see: how to take part, never a room name or a roster. */
export const PublicSession = Type.Object({
  seriesId: Type.String({ format: 'uuid' }),
  occurrenceKey: Type.String(),
  start: Type.String({ format: 'date-time' }),
  end: Type.String({ format: 'date-time' }),
  timeZone: Type.String(),
  mode: SessionMode,
  cancelled: Type.Boolean(),
  moved: Type.Boolean(),
  reason: Type.Union([Type.String(), Type.Null()]),
  description: Type.String(),
  howToJoin: Type.String({ description: '"Join online", the venue, or both' }),
  venue: Type.Union([Venue, Type.Null()]),
  icsUrl: Type.String({ description: 'this session as an .ics file' }),
  sessionId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], {
    description: 'its link is /sessions/<id>; null until the session is a couple of weeks away',
  }),
});
export type PublicSession = Static<typeof PublicSession>;

export const PublicSchedule = Type.Object({
  groupId: Type.String({ format: 'uuid' }),
  calendarUrl: Type.String({ description: 'subscription feed (.ics) for the whole group' }),
  sessions: Type.Array(PublicSession),
});
export type PublicSchedule = Static<typeof PublicSchedule>;

export const OccurrenceParams = Type.Object({
  groupId: Type.String({ format: 'uuid' }),
  occurrenceKey: Type.String({
    minLength: 1,
    maxLength: 150,
    description: 'the occurrence key, URL-encoded (add ?seriesId= when two series meet at the same time)',
  }),
});
export type OccurrenceParams = Static<typeof OccurrenceParams>;

// ----- directory ---------------------------------------------------------------------

export const DIRECTORY_MAX_PAGE_SIZE = 50;

export const DirectoryQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ description: 'date or date-time; default now' })),
    to: Type.Optional(
      Type.String({ description: 'date or date-time; default 8 weeks after from; at most 6 months after from' }),
    ),
    mode: Type.Optional(SessionMode),
    topic: Type.Optional(Text({ minLength: 1, maxLength: 100, description: 'one of the group topics' })),
    weekday: Type.Optional(Weekday),
    providerId: Type.Optional(Type.String({ format: 'uuid', description: "only this provider's groups" })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: DIRECTORY_MAX_PAGE_SIZE, default: 20 })),
  },
  { additionalProperties: false },
);
export type DirectoryQuery = Static<typeof DirectoryQuery>;

export const DirectoryItem = Type.Object({
  start: Type.String({ format: 'date-time' }),
  end: Type.String({ format: 'date-time' }),
  timeZone: Type.String(),
  mode: SessionMode,
  venue: Type.Union([Venue, Type.Null()]),
  howToJoin: Type.String({ description: '"Join online", the venue, or both' }),
  group: Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String(), topics: Type.Array(Type.String()) }),
  provider: Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }),
  seriesId: Type.String({ format: 'uuid' }),
  occurrenceKey: Type.String(),
  cancelled: Type.Boolean(),
  icsUrl: Type.String({ description: 'this session as an .ics file' }),
});
export type DirectoryItem = Static<typeof DirectoryItem>;

export const Directory = Type.Object({
  items: Type.Array(DirectoryItem),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  total: Type.Integer({ description: 'matching sessions across all pages' }),
});
export type Directory = Static<typeof Directory>;

// ----- RSVP ---------------------------------------------------------------------------

export const RsvpParams = Type.Object({
  groupId: Type.String({ format: 'uuid' }),
  seriesId: Type.String({ format: 'uuid' }),
  occurrenceKey: Type.String({ minLength: 1, maxLength: 150, description: 'the occurrence key, URL-encoded' }),
});
export type RsvpParams = Static<typeof RsvpParams>;

export const RsvpBody = Type.Object(
  { status: Type.Union([Type.Literal('going'), Type.Literal('not_going')]) },
  { additionalProperties: false },
);
export type RsvpBody = Static<typeof RsvpBody>;

export const RsvpStatus = oneOf(RSVP_STATUSES);
export type RsvpStatus = Static<typeof RsvpStatus>;

export const RsvpState = Type.Object({
  seriesId: Type.String({ format: 'uuid' }),
  occurrenceKey: Type.String(),
  sessionId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  status: Type.Union([RsvpStatus, Type.Null()], { description: "the caller's own answer; null before answering" }),
  places: Type.Union([Type.Integer(), Type.Null()], { description: 'null means no limit' }),
  going: Type.Integer(),
  waitlisted: Type.Integer(),
});
export type RsvpState = Static<typeof RsvpState>;

export const MySessionsQuery = Type.Object(
  {
    from: Type.Optional(
      Type.String({ description: 'date or date-time; default now. Sessions still on at `from` are included' }),
    ),
    to: Type.Optional(Type.String({ description: 'date or date-time; default 8 weeks after from' })),
  },
  { additionalProperties: false },
);
export type MySessionsQuery = Static<typeof MySessionsQuery>;

export const MySession = Type.Object({
  group: Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }),
  seriesId: Type.String({ format: 'uuid' }),
  occurrenceKey: Type.String(),
  sessionId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  start: Type.String({ format: 'date-time' }),
  end: Type.String({ format: 'date-time' }),
  timeZone: Type.String(),
  mode: SessionMode,
  venue: Type.Union([Venue, Type.Null()]),
  howToJoin: Type.String(),
  cancelled: Type.Boolean(),
  moved: Type.Boolean(),
  /** The facilitator's reason for a cancellation or a move. */
  reason: Type.Union([Type.String(), Type.Null()]),
  rsvp: Type.Union([RsvpStatus, Type.Null()]),
  ended: Type.Boolean({
    description: 'over for everyone: its end time has passed or a facilitator ended it; no link to join',
  }),
});
export type MySession = Static<typeof MySession>;

export const MySessions = Type.Object({ sessions: Type.Array(MySession) });
export type MySessions = Static<typeof MySessions>;

/** How many may come to one session; `null` hands it back to the group's capacity. */
export const PlacesBody = Type.Object(
  {
    // One `type` list rather than a union: with type coercion on, a union's null branch
    // would quietly turn 0 into null (no limit) instead of refusing it.
    places: Type.Unsafe<number | null>({
      type: ['integer', 'null'],
      minimum: 1,
      maximum: 500,
      description: 'places for this session, 1 to 500; null to follow the group capacity',
    }),
  },
  { additionalProperties: false },
);
export type PlacesBody = Static<typeof PlacesBody>;

export const SessionPlaces = Type.Object({
  seriesId: Type.String({ format: 'uuid' }),
  occurrenceKey: Type.String(),
  sessionId: Type.String({ format: 'uuid' }),
  places: Type.Union([Type.Integer(), Type.Null()], { description: 'places now; null means no limit' }),
  fromGroup: Type.Boolean({ description: "true when the session follows the group's capacity" }),
  going: Type.Integer(),
  waitlisted: Type.Integer(),
  promoted: Type.Integer({
    description: 'how many moved up from the waitlist because of this change (and were emailed)',
  }),
});
export type SessionPlaces = Static<typeof SessionPlaces>;

// ----- a member's private calendar feed ----------------------------------------------

export const CalendarFeed = Type.Object({
  url: Type.String({ description: 'private .ics subscription of all your sessions; anyone with it can read it' }),
});
export type CalendarFeed = Static<typeof CalendarFeed>;
