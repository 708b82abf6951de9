import { type Static, Type } from 'typebox';

const Part = { ok: Type.Boolean(), error: Type.Optional(Type.String()) };

export const HealthResponse = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  db: Type.Object({ driver: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]), ...Part }),
  livekit: Type.Object({ url: Type.String(), ...Part }),
});
export type HealthResponse = Static<typeof HealthResponse>;
