import type { Refusal } from '@peer-support/domain/refusal';

/**
 * Services throw these; the error handler maps them to HTTP. The message goes to the person
 * as it is, so it says what went wrong and what to do about it.
 */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly fields?: { field: string; message: string }[],
    /** For 429s and 503s: when trying again is worth it (sent as `Retry-After`). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export const notFound = (what: string) =>
  new AppError(404, 'not_found', `${what} was not found. Check the link, or ask whoever sent it for a new one.`);

/** A domain rule's refusal as an HTTP error; field paths get the request part in front. */
export const refusal = (status: number, r: Refusal, prefix = 'body') =>
  new AppError(
    status,
    r.code,
    r.message,
    r.fields?.map((f) => ({ field: `${prefix}.${f.field}`, message: f.message })),
  );
