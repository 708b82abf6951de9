import { Type } from 'typebox';
import { Text } from './text.ts';

/**
 * better-auth owns sign-up and account changes, and takes a name of any length or make-up.
 * These are the parts of its request bodies we check first, with our own text rules; every
 * other field goes through to better-auth as sent.
 */
export const UserName = Text({
  minLength: 1,
  maxLength: 80,
  description: 'how the person is shown to staff and in emails; it need not be their legal name',
});

export const SignUpName = Type.Object({ name: UserName }, { additionalProperties: true });

export const UpdateUserName = Type.Object({ name: Type.Optional(UserName) }, { additionalProperties: true });
