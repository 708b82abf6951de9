import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { Email, MultilineText, TEXT_MESSAGES, Text, textMessage, unstorable } from './text.ts';

/** The first text-rule message for a value, as the API's error handler would word it; null when valid. */
function problem(schema: TSchema, value: string): string | null {
  const errors = [...Value.Errors(schema, value)];
  if (errors.length === 0) return null;
  const first = errors[0];
  return first?.keyword === 'pattern' ? (textMessage(first.params.pattern) ?? 'other pattern') : (first?.keyword ?? '');
}

describe('Text (one line)', () => {
  const name = Text({ minLength: 1, maxLength: 20 });

  it('takes ordinary text, accents, emoji and characters outside the basic plane', () => {
    for (const v of ['Sky', 'Zoë Ó Briain', 'Evening 🌙', '𝒢rief & loss', 'a\u00a0b', 'יוֹם', '…']) {
      expect(problem(name, v), v).toBeNull();
    }
  });

  it('refuses NUL and every other C0 control, DEL and C1 controls', () => {
    for (const c of ['\u0000', '\u0001', '\u0007', '\u001b', '\u001f', '\u007f', '\u0080', '\u0085', '\u009f', '\t']) {
      expect(problem(name, `a${c}b`), JSON.stringify(c)).toBe(TEXT_MESSAGES.control);
    }
  });

  it('refuses line breaks with their own message', () => {
    for (const v of ['a\nb', 'a\r\nb', 'a\rb'])
      expect(problem(name, v), JSON.stringify(v)).toBe(TEXT_MESSAGES.lineBreak);
  });

  it('refuses lone surrogates, high or low, but not a proper pair', () => {
    for (const v of ['\ud800', 'a\udfffb', '\udc00\ud800']) {
      expect(problem(name, v), JSON.stringify(v)).toBe(TEXT_MESSAGES.illFormed);
    }
    expect(problem(name, '\ud83c\udf19')).toBeNull();
  });

  it('a required one refuses spaces alone; an optional one takes an empty string', () => {
    expect(problem(name, '   ')).toBe(TEXT_MESSAGES.blank);
    expect(problem(name, '')).toBe('minLength');
    expect(problem(Text({ maxLength: 20 }), '')).toBeNull();
    expect(problem(Text({ maxLength: 20 }), '  ')).toBeNull();
  });

  it('counts length in characters as a person does (an emoji is one)', () => {
    expect(problem(Text({ maxLength: 3 }), '🌙🌙🌙')).toBeNull();
    expect(problem(Text({ maxLength: 3 }), '🌙🌙🌙🌙')).toBe('maxLength');
  });
});

describe('MultilineText', () => {
  const description = MultilineText({ maxLength: 100 });

  it('takes line feeds and tabs', () => {
    expect(problem(description, 'First line.\n\n\tIndented.')).toBeNull();
  });

  it('refuses carriage returns, NUL, other controls and lone surrogates', () => {
    expect(problem(description, 'a\r\nb')).toBe(TEXT_MESSAGES.control);
    expect(problem(description, 'a\u0000b')).toBe(TEXT_MESSAGES.control);
    expect(problem(description, 'a\u000bb')).toBe(TEXT_MESSAGES.control);
    expect(problem(description, 'a\u009bb')).toBe(TEXT_MESSAGES.control);
    expect(problem(description, 'a\ud800b')).toBe(TEXT_MESSAGES.illFormed);
  });
});

describe('Email', () => {
  it('says what is wrong with the characters before the form', () => {
    expect(problem(Email(), 'sam@example.org')).toBeNull();
    expect(problem(Email(), 'sa\u0000m@example.org')).toBe(TEXT_MESSAGES.control);
    expect(problem(Email(), 'sa\ud800m@example.org')).toBe(TEXT_MESSAGES.illFormed);
  });
});

describe('textMessage', () => {
  it('knows only the text rules’ patterns', () => {
    expect(textMessage('^[a-z]+$')).toBeUndefined();
    expect(textMessage(undefined)).toBeUndefined();
  });
});

describe('unstorable', () => {
  it('finds NUL and lone surrogates, and nothing else', () => {
    expect(unstorable('a\u0000b')).toBe(TEXT_MESSAGES.control);
    expect(unstorable('a\udc00')).toBe(TEXT_MESSAGES.illFormed);
    for (const v of ['', 'plain', 'tab\tand\nnew line', '\u0007bell', '🌙']) expect(unstorable(v), v).toBeUndefined();
  });
});
