/**
 * better-auth answers with terse codes ("PASSWORD_TOO_SHORT"); people get a sentence that
 * says what to do, tied to the field it is about, in our usual error shape.
 */
const KNOWN: Record<string, { message: string; field?: string }> = {
  USER_ALREADY_EXISTS: {
    field: 'body.email',
    message: 'An account already uses this email. Sign in instead, or reset your password if you have forgotten it.',
  },
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: {
    field: 'body.email',
    message: 'An account already uses this email. Sign in instead, or reset your password if you have forgotten it.',
  },
  PASSWORD_TOO_SHORT: {
    field: 'body.password',
    message: 'Use at least 10 characters for your password; a short sentence is easy to remember.',
  },
  PASSWORD_TOO_LONG: { field: 'body.password', message: 'Use at most 200 characters for your password.' },
  INVALID_EMAIL: { field: 'body.email', message: 'Enter a valid email address, like name@example.org.' },
  INVALID_EMAIL_OR_PASSWORD: {
    message: 'That email and password do not match. Check them, or ask for a sign-in link by email instead.',
  },
  INVALID_TOKEN: { message: 'This link is no longer valid. Ask for a new one; links work once and expire.' },
  INVALID_PASSWORD: { field: 'body.password', message: 'That password is not right. Check it and try again.' },
  TOKEN_EXPIRED: { message: 'This link has expired. Ask for a new one; it will work for 24 hours.' },
  EMAIL_ALREADY_VERIFIED: { message: 'Your email address is already confirmed. There is nothing more to do.' },
  EMAIL_MISMATCH: { message: 'That is not the email address of the account you are signed in to.' },
};

export interface MappedAuthError {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  fields?: { field: string; message: string }[];
}

export function mapAuthError(status: number, body: string): MappedAuthError {
  let code = '';
  let raw = '';
  try {
    const parsed = JSON.parse(body) as { code?: string; message?: string };
    code = parsed.code ?? '';
    raw = parsed.message ?? '';
  } catch {
    raw = body;
  }
  const known = KNOWN[code];
  const message = known?.message ?? (raw || 'Signing in did not work. Please try again.');
  return {
    statusCode: status,
    error: status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Bad Request',
    code: code ? code.toLowerCase() : status === 401 ? 'invalid_credentials' : 'auth_error',
    message,
    ...(known?.field && { fields: [{ field: known.field, message }] }),
  };
}
