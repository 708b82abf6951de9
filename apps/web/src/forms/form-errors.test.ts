import { describe, expect, it } from 'vitest';
import { ApiRequestError } from '../api.ts';
import { describeFieldError, formErrors } from './form-errors.ts';

describe('formErrors', () => {
  it('keys field messages by their path without the request part, joining repeats', () => {
    const error = new ApiRequestError(422, {
      statusCode: 422,
      error: 'Unprocessable Entity',
      code: 'invalid_support_lines',
      message: '2 things in the support lines need changing before they can be saved; each one is marked.',
      fields: [
        { field: 'body.supportLines.0.phone', message: 'Support line 1 needs a phone number.' },
        { field: 'body.capacity', message: 'must be >= 1' },
        { field: 'body.capacity', message: 'must be integer' },
      ],
    });
    expect(formErrors(error)).toEqual({
      message: error.message,
      fields: {
        'supportLines.0.phone': 'Support line 1 needs a phone number.',
        capacity: 'must be >= 1 must be integer',
      },
    });
  });

  it('gives only the message for errors without fields, such as a lost connection', () => {
    expect(formErrors(new Error('Could not reach the server.'))).toEqual({
      message: 'Could not reach the server.',
      fields: {},
    });
  });
});

describe('describeFieldError', () => {
  it('puts the label in front of a validation fragment', () => {
    expect(describeFieldError('Group name', 'is required')).toBe('Group name is required.');
    expect(describeFieldError('Capacity', 'must be at most 500.')).toBe('Capacity must be at most 500.');
  });

  it('leaves whole sentences as they are', () => {
    expect(describeFieldError('Rule 3', 'Rule 3 repeats rule 1. Remove one of them.')).toBe(
      'Rule 3 repeats rule 1. Remove one of them.',
    );
  });

  it('has nothing to say when there is no message', () => {
    expect(describeFieldError('Topics', undefined)).toBeUndefined();
  });
});
