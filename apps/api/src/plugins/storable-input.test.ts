import { TEXT_MESSAGES } from '@peer-support/contracts/text';
import { describe, expect, it } from 'vitest';
import { unstorableFields } from './storable-input.ts';

describe('unstorableFields', () => {
  it('names every string holding NUL or a lone surrogate, however deep, in order', () => {
    const body = {
      name: 'ok',
      supportLines: [{ name: 'fine' }, { name: 'bad\u0000', phone: '\ud800' }],
      ids: ['a', 'b\u0000'],
      nested: { deeper: { still: 'x\udc00y' } },
      number: 3,
      nothing: null,
    };
    expect(unstorableFields(body, 'body')).toEqual([
      { field: 'body.supportLines.1.name', message: TEXT_MESSAGES.control },
      { field: 'body.supportLines.1.phone', message: TEXT_MESSAGES.illFormed },
      { field: 'body.ids.1', message: TEXT_MESSAGES.control },
      { field: 'body.nested.deeper.still', message: TEXT_MESSAGES.illFormed },
    ]);
  });

  it('takes other control characters, emoji and empty input (they are the text schemas’ to judge)', () => {
    expect(unstorableFields({ a: 'tab\there', b: '\u0007', c: '🌙' }, 'body')).toEqual([]);
    expect(unstorableFields(undefined, 'body')).toEqual([]);
    expect(unstorableFields('plain', 'body')).toEqual([]);
  });

  it('names the object a bad key sits in, not the key', () => {
    expect(unstorableFields({ outer: { 'k\u0000': 1 } }, 'body')).toEqual([
      { field: 'body.outer', message: 'has a field name we cannot store; remove it' },
    ]);
  });

  it('stops at twenty, and walks a deeply nested body without overflowing the stack', () => {
    expect(unstorableFields(Array(100).fill('\u0000'), 'body')).toHaveLength(20);
    let deep: unknown = '\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(unstorableFields(deep, 'body')).toHaveLength(1);
  });
});
