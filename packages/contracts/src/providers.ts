import { type Static, Type } from 'typebox';
import { Email, Text } from './text.ts';

export const ProviderRole = Type.Union([Type.Literal('provider_admin'), Type.Literal('facilitator')]);
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
});
export type StaffMember = Static<typeof StaffMember>;

export const StaffList = Type.Object({ staff: Type.Array(StaffMember) });
export type StaffList = Static<typeof StaffList>;

export const AddStaff = Type.Object({ email: Email(), role: ProviderRole }, { additionalProperties: false });
export type AddStaff = Static<typeof AddStaff>;

export const Me = Type.Object({
  user: Type.Object({ id: Type.String(), name: Type.String(), email: Type.String() }),
  providers: Type.Array(Provider),
});
export type Me = Static<typeof Me>;

/** Who is signed in, if anyone: answers 200 either way, so pages can ask without an error. */
export const SessionState = Type.Object({ me: Type.Union([Me, Type.Null()]) });
export type SessionState = Static<typeof SessionState>;
