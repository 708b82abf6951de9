import { type Static, Type } from 'typebox';
import { SessionMode } from './schedule.ts';
import { Text } from './text.ts';

export const SessionSummary = Type.Object({
  id: Type.String({ format: 'uuid' }),
  title: Type.String(),
  startsAt: Type.String({ format: 'date-time' }),
  endsAt: Type.String({ format: 'date-time' }),
  mode: SessionMode,
  timeZone: Type.String({ description: "the group's clock for this session (its series' zone), e.g. Europe/London" }),
  group: Type.Object({ id: Type.String(), name: Type.String(), description: Type.String() }),
  provider: Type.Object({ id: Type.String(), name: Type.String() }),
});
export type SessionSummary = Static<typeof SessionSummary>;

export const SessionList = Type.Object({ sessions: Type.Array(SessionSummary) });
export type SessionList = Static<typeof SessionList>;

export const SessionParams = Type.Object({ sessionId: Type.String({ format: 'uuid' }) });

/** Display names are all we ask for: a pseudonym is welcome. */
export const DisplayName = Text({
  minLength: 1,
  maxLength: 60,
  description: 'the name others see in the call; a pseudonym is fine',
});

export const CallToken = Type.Object({
  token: Type.String({ description: 'LiveKit access token (JWT), short-lived' }),
  url: Type.String({ description: 'LiveKit server URL for the browser' }),
  identity: Type.String(),
  room: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
});
export type CallToken = Static<typeof CallToken>;
