import { MAX_GUEST_LIMIT } from '@peer-support/domain/arrival-limits';
import { GROUP_VISIBILITIES } from '@peer-support/domain/roles';
import { ADMISSIONS } from '@peer-support/domain/waiting-room';
import { type Static, Type } from 'typebox';
import { oneOf } from './one-of.ts';
import { Slug } from './providers.ts';
import { MultilineText, Text } from './text.ts';

export const SupportLine = Type.Object(
  {
    name: Text({ minLength: 1, maxLength: 80 }),
    phone: Text({ minLength: 3, maxLength: 30 }),
    hours: Text({ minLength: 1, maxLength: 120 }),
    description: MultilineText({ maxLength: 300 }),
  },
  { additionalProperties: false },
);
export type SupportLine = Static<typeof SupportLine>;

/** One rule as typed; its length and emptiness are the domain's to word (validateGroundRules). */
const GroundRule = MultilineText();

const GroupFields = {
  name: Text({ minLength: 2, maxLength: 120 }),
  description: MultilineText({ maxLength: 4000 }),
  topics: Type.Array(Text({ minLength: 1, maxLength: 40 }), { maxItems: 12, uniqueItems: true }),
  capacity: Type.Union([Type.Integer({ minimum: 1, maximum: 500 }), Type.Null()], {
    description: 'most active members at once; null for no limit',
  }),
  visibility: oneOf(GROUP_VISIBILITIES),
  admission: oneOf(ADMISSIONS),
  dropIns: Type.Boolean({ description: 'people not on the roster may drop in to online sessions with a display name' }),
  guestLimit: Type.Integer({
    minimum: 1,
    maximum: MAX_GUEST_LIMIT,
    description: 'most drop-in guests waiting or in the call at once, per session',
  }),
  supportLines: Type.Array(SupportLine, { maxItems: 10 }),
  facilitatorIds: Type.Array(Type.String({ minLength: 1 }), { maxItems: 20, uniqueItems: true }),
};

export const CreateGroup = Type.Object(
  {
    name: GroupFields.name,
    slug: Type.Optional(Slug),
    description: Type.Optional(GroupFields.description),
    topics: Type.Optional(GroupFields.topics),
    capacity: Type.Optional(GroupFields.capacity),
    visibility: Type.Optional(GroupFields.visibility),
    admission: Type.Optional(GroupFields.admission),
    dropIns: Type.Optional(GroupFields.dropIns),
    guestLimit: Type.Optional(GroupFields.guestLimit),
    supportLines: Type.Optional(GroupFields.supportLines),
    facilitatorIds: Type.Optional(GroupFields.facilitatorIds),
    groundRules: Type.Optional(Type.Array(GroundRule, { maxItems: 30 })),
  },
  { additionalProperties: false },
);
export type CreateGroup = Static<typeof CreateGroup>;

export const UpdateGroup = Type.Partial(
  Type.Object({
    name: GroupFields.name,
    description: GroupFields.description,
    topics: GroupFields.topics,
    capacity: GroupFields.capacity,
    visibility: GroupFields.visibility,
    admission: GroupFields.admission,
    dropIns: GroupFields.dropIns,
    guestLimit: GroupFields.guestLimit,
    supportLines: GroupFields.supportLines,
    facilitatorIds: GroupFields.facilitatorIds,
  }),
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateGroup = Static<typeof UpdateGroup>;

export const GroundRules = Type.Object({
  version: Type.Integer(),
  rules: Type.Array(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Type.Union([Type.String(), Type.Null()]),
  createdByName: Type.Union([Type.String(), Type.Null()], { description: 'who saved this version, when known' }),
});
export type GroundRules = Static<typeof GroundRules>;

export const GroundRulesHistory = Type.Object({ current: GroundRules, history: Type.Array(GroundRules) });
export type GroundRulesHistory = Static<typeof GroundRulesHistory>;

export const ReplaceGroundRules = Type.Object(
  { rules: Type.Array(GroundRule, { maxItems: 30 }) },
  { additionalProperties: false },
);
export type ReplaceGroundRules = Static<typeof ReplaceGroundRules>;

export const Group = Type.Object({
  id: Type.String({ format: 'uuid' }),
  providerId: Type.String({ format: 'uuid' }),
  slug: Type.String(),
  name: GroupFields.name,
  description: Type.String(),
  topics: Type.Array(Type.String()),
  capacity: GroupFields.capacity,
  visibility: GroupFields.visibility,
  admission: GroupFields.admission,
  dropIns: GroupFields.dropIns,
  guestLimit: GroupFields.guestLimit,
  supportLines: Type.Array(SupportLine),
  facilitators: Type.Array(Type.Object({ userId: Type.String(), name: Type.String() })),
  groundRules: GroundRules,
});
export type Group = Static<typeof Group>;

export const GroupList = Type.Object({ groups: Type.Array(Group) });
export type GroupList = Static<typeof GroupList>;

export const GroupParams = Type.Object({ groupId: Type.String({ format: 'uuid' }) });

/** What anyone may see of a listed group (or a member of an invite-only one). */
export const PublicGroup = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  description: Type.String(),
  topics: Type.Array(Type.String()),
  provider: Type.Object({ id: Type.String(), name: Type.String() }),
  visibility: GroupFields.visibility,
  groundRules: Type.Object({ version: Type.Integer(), rules: Type.Array(Type.String()) }),
  supportLines: Type.Array(SupportLine),
});
export type PublicGroup = Static<typeof PublicGroup>;
