import { type Static, Type } from 'typebox';

/** Every 4xx and 5xx answer has this shape, so a client can show `message` as it is. */
export const ApiError = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String({ description: 'HTTP reason phrase' }),
    code: Type.String({ description: 'stable, machine-readable error code' }),
    message: Type.String({ description: 'what went wrong and what to do, for a person' }),
    fields: Type.Optional(
      Type.Array(
        Type.Object({
          field: Type.String({ description: 'path of the offending input, e.g. body.displayName' }),
          message: Type.String(),
        }),
      ),
    ),
  },
  { $id: 'ApiError' },
);
export type ApiError = Static<typeof ApiError>;
