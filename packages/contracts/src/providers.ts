import { PROVIDER_ROLES } from '@peer-support/domain/roles';
import { type Static, Type } from 'typebox';
import { oneOf } from './one-of.ts';
import { Email, Text } from './text.ts';

export const ProviderRole = oneOf(PROVIDER_ROLES);
export type ProviderRole = Static<typeof ProviderRole>;

export const Slug = Type.String({
  minLength: 2,
  maxLength: 60,
  pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
  description: 'lower-case letters, digits and single hyphens, e.g. "leith-peer-network"',
});

export const CreateProvider = Type.Object(
  {
    name: Text({ minLength: 2, maxLength: 120 }),
    slug: Type.Optional(Slug),
  },
  { additionalProperties: false },
);
export type CreateProvider = Static<typeof CreateProvider>;

export const Provider = Type.Object({
  id: Type.String({ format: 'uuid' }),
  slug: Type.String(),
  name: Type.String(),
  role: ProviderRole,
});
export type Provider = Static<typeof Provider>;

export const ProviderParams = Type.Object({ providerId: Type.String({ format: 'uuid' }) });

export const StaffMember = Type.Object({
  userId: Type.String(),
  name: Type.String(),
  email: Type.String(),
  role: ProviderRole,
  /** Staff from before invitations existed whose email is not confirmed: no standing until it is. */
  awaitingEmailConfirmation: Type.Boolean(),
});
export type StaffMember = Static<typeof StaffMember>;

export const StaffList = Type.Object({ staff: Type.Array(StaffMember) });
export type StaffList = Static<typeof StaffList>;

export const StaffMemberParams = Type.Object({
  providerId: Type.String({ format: 'uuid' }),
  userId: Type.String({ minLength: 1, maxLength: 100 }),
});

export const ChangeStaffRole = Type.Object({ role: ProviderRole }, { additionalProperties: false });
export type ChangeStaffRole = Static<typeof ChangeStaffRole>;

// ----- staff invitations: the only way onto a provider's staff ------------------------------

export const InviteStaff = Type.Object({ email: Email(), role: ProviderRole }, { additionalProperties: false });
export type InviteStaff = Static<typeof InviteStaff>;

/** A pending invitation as admins see it. Nothing in it says whether the address has an account. */
export const StaffInvitation = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  role: ProviderRole,
  sentAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
});
export type StaffInvitation = Static<typeof StaffInvitation>;

/** The same answer whether or not anyone has an account with the address. */
export const StaffInvitationSent = Type.Object({ message: Type.String(), invitation: StaffInvitation });
export type StaffInvitationSent = Static<typeof StaffInvitationSent>;

export const StaffInvitationList = Type.Object({ invitations: Type.Array(StaffInvitation) });
export type StaffInvitationList = Static<typeof StaffInvitationList>;

export const StaffInvitationParams = Type.Object({
  providerId: Type.String({ format: 'uuid' }),
  invitationId: Type.String({ format: 'uuid' }),
});

// No minimum length: a cut-off link gets the same plain "not valid" answer as any bad token.
export const StaffInvitationTokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) });

/** What the person holding the link sees before accepting. */
export const StaffInvitationPreview = Type.Object({
  providerName: Type.String(),
  role: ProviderRole,
  email: Type.String({ description: 'the address it was sent to; only an account with it, confirmed, can accept' }),
  expiresAt: Type.String({ format: 'date-time' }),
});
export type StaffInvitationPreview = Static<typeof StaffInvitationPreview>;

export const Me = Type.Object({
  user: Type.Object({ id: Type.String(), name: Type.String(), email: Type.String(), emailVerified: Type.Boolean() }),
  providers: Type.Array(Provider),
});
export type Me = Static<typeof Me>;

/** Who is signed in, if anyone: answers 200 either way, so pages can ask without an error. */
export const SessionState = Type.Object({ me: Type.Union([Me, Type.Null()]) });
export type SessionState = Static<typeof SessionState>;
