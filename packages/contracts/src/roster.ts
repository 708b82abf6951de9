import { type Static, Type } from 'typebox';
import { DisplayName } from './sessions.ts';
import { Email, Text } from './text.ts';

export const MembershipStatus = Type.Union([
  Type.Literal('requested'),
  Type.Literal('active'),
  Type.Literal('waitlisted'),
  Type.Literal('paused'),
  Type.Literal('removed'),
  // The person's data was erased on request: final, holds no place, no action applies.
  Type.Literal('erased'),
]);
export type MembershipStatus = Static<typeof MembershipStatus>;

export const Membership = Type.Object({
  id: Type.String({ format: 'uuid' }),
  groupId: Type.String({ format: 'uuid' }),
  displayName: Type.String(),
  /** Staff see the email so they can reach a member; null for an erased person. */
  email: Type.Union([Type.String(), Type.Null()]),
  status: MembershipStatus,
  statusChangedAt: Type.String({ format: 'date-time' }),
  waitlistedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  joinedAt: Type.String({ format: 'date-time' }),
});
export type Membership = Static<typeof Membership>;

export const RosterQuery = Type.Object(
  {
    status: Type.Optional(MembershipStatus),
    q: Type.Optional(Text({ maxLength: 100, description: 'search in display names and emails' })),
  },
  { additionalProperties: false },
);
export type RosterQuery = Static<typeof RosterQuery>;

export const Roster = Type.Object({
  memberships: Type.Array(Membership),
  counts: Type.Object({
    requested: Type.Integer(),
    active: Type.Integer(),
    waitlisted: Type.Integer(),
    paused: Type.Integer(),
    removed: Type.Integer(),
    erased: Type.Integer(),
  }),
  capacity: Type.Union([Type.Integer(), Type.Null()]),
  /** Who gets the next free place: the display name of the first on the waiting list, if any. */
  nextInLine: Type.Union([Type.String(), Type.Null()]),
});
export type Roster = Static<typeof Roster>;

export const RosterAction = Type.Union([
  Type.Literal('approve'),
  Type.Literal('decline'),
  Type.Literal('pause'),
  Type.Literal('resume'),
  Type.Literal('remove'),
  Type.Literal('rejoin'),
]);
export type RosterAction = Static<typeof RosterAction>;

export const RosterActionBody = Type.Object({ action: RosterAction }, { additionalProperties: false });
export type RosterActionBody = Static<typeof RosterActionBody>;

export const RosterActionResult = Type.Object({
  membership: Membership,
  /** People moved off the waiting list because this freed a place. */
  promoted: Type.Array(Type.String({ format: 'uuid' })),
});
export type RosterActionResult = Static<typeof RosterActionResult>;

export const ErasePersonResult = Type.Object({
  erasedMemberships: Type.Integer(),
  /** People in this group moved off the waiting list into the place the erased person held. */
  promoted: Type.Array(Type.String({ format: 'uuid' })),
});
export type ErasePersonResult = Static<typeof ErasePersonResult>;

export const MembershipParams = Type.Object({
  groupId: Type.String({ format: 'uuid' }),
  membershipId: Type.String({ format: 'uuid' }),
});

export const JoinRequest = Type.Object(
  { displayName: DisplayName, acceptGroundRulesVersion: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export type JoinRequest = Static<typeof JoinRequest>;

export const MyGroup = Type.Object({
  membershipId: Type.String({ format: 'uuid' }),
  status: MembershipStatus,
  displayName: Type.String(),
  group: Type.Object({ id: Type.String(), name: Type.String(), providerName: Type.String() }),
});
export const MyGroups = Type.Object({ groups: Type.Array(MyGroup) });
export type MyGroups = Static<typeof MyGroups>;

// Invitations

export const CreateInvite = Type.Union(
  [
    Type.Object(
      { kind: Type.Literal('link'), expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 90 })) },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        kind: Type.Literal('email'),
        email: Email(),
        expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 90 })),
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'a shareable link, or a single-use invitation emailed to one person' },
);
export type CreateInvite = Static<typeof CreateInvite>;

export const Invite = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Type.Union([Type.Literal('link'), Type.Literal('email')]),
  email: Type.Union([Type.String(), Type.Null()]),
  url: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  uses: Type.Integer(),
  maxUses: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});
export type Invite = Static<typeof Invite>;

export const InviteList = Type.Object({ invites: Type.Array(Invite) });
export type InviteList = Static<typeof InviteList>;

export const InviteParams = Type.Object({
  groupId: Type.String({ format: 'uuid' }),
  inviteId: Type.String({ format: 'uuid' }),
});

// No minimum length: a cut-off link gets the same plain "not valid" answer as any bad token.
export const InviteTokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) });

/** What a person holding an invitation sees before accepting. */
export const InvitePreview = Type.Object({
  group: Type.Object({
    id: Type.String(),
    name: Type.String(),
    description: Type.String(),
    providerName: Type.String(),
  }),
  groundRules: Type.Object({ version: Type.Integer(), rules: Type.Array(Type.String()) }),
  expiresAt: Type.String({ format: 'date-time' }),
});
export type InvitePreview = Static<typeof InvitePreview>;

export const AcceptInvite = Type.Object(
  { displayName: DisplayName, acceptGroundRulesVersion: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export type AcceptInvite = Static<typeof AcceptInvite>;
