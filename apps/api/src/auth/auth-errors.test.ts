import { describe, expect, it } from 'vitest';
import { mapAuthError } from './auth-errors.ts';

describe('mapAuthError', () => {
  it('ties a known error to its field with a sentence a person can act on', () => {
    const e = mapAuthError(422, JSON.stringify({ code: 'USER_ALREADY_EXISTS', message: 'User already exists' }));
    expect(e).toMatchObject({ statusCode: 422, code: 'user_already_exists', fields: [{ field: 'body.email' }] });
    expect(e.message).toMatch(/Sign in instead/);
  });

  it('keeps better-auth’s own message for codes it does not know', () => {
    expect(mapAuthError(400, JSON.stringify({ code: 'SOMETHING_NEW', message: 'Something new' }))).toMatchObject({
      code: 'something_new',
      message: 'Something new',
    });
  });

  it('copes with a body that is not JSON', () => {
    expect(mapAuthError(401, 'nope')).toMatchObject({ statusCode: 401, code: 'invalid_credentials', message: 'nope' });
  });
});
