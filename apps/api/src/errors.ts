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
  ) {
    super(message);
  }
}

export const notFound = (what: string) =>
  new AppError(404, 'not_found', `${what} was not found. Check the link, or ask whoever sent it for a new one.`);
