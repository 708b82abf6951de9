import { type TString, Type } from 'typebox';

/**
 * Text people type: one schema for every such field, so nothing a database cannot store
 * (NUL, lone surrogates) and nothing a calendar file, an email header or a screen reader
 * could be misled by (line breaks in a name, other control characters) gets past
 * validation. Each rule is a plain JSON Schema `pattern` with Unicode property escapes, which
 * ajv (the API) and TypeBox's Value (anything else) both compile with the `u` flag, so the
 * server, the OpenAPI document and the web client read the same rule. A failed rule's
 * message is looked up by its pattern (`textMessage`), so every route words it the same way.
 */

/** The messages, as fragments after the field's name ("body.name must not be blank"). */
export const TEXT_MESSAGES = {
  illFormed: 'has characters we cannot store; retype it',
  lineBreak: 'must be on one line; remove the line breaks',
  control: 'must not contain control characters',
  blank: 'must not be blank',
} as const;

const RULES = {
  // With the `u` flag a lone surrogate is one code point of category Cs; a proper pair is not.
  wellFormed: { pattern: '^[^\\p{Cs}]*$', message: TEXT_MESSAGES.illFormed },
  oneLine: { pattern: '^[^\\r\\n]*$', message: TEXT_MESSAGES.lineBreak },
  // Cc is C0 (U+0000 to U+001F), DEL and C1 (U+0080 to U+009F).
  noControl: { pattern: '^[^\\p{Cc}]*$', message: TEXT_MESSAGES.control },
  // The same, less tab and line feed (a browser's textarea gives \n, never \r\n).
  noControlButTabAndNewline: { pattern: '^[^\\x00-\\x08\\x0B-\\x1F\\x7F-\\x9F]*$', message: TEXT_MESSAGES.control },
  notBlank: { pattern: '\\S', message: TEXT_MESSAGES.blank },
} as const;

const MESSAGES = new Map<string, string>(Object.values(RULES).map((r) => [r.pattern, r.message]));

/** The sentence for a failed text rule, by the pattern ajv or TypeBox reports; undefined for any other pattern. */
export const textMessage = (pattern: unknown): string | undefined =>
  typeof pattern === 'string' ? MESSAGES.get(pattern) : undefined;

export interface TextOptions {
  /** At least 1 means the text is required, and then spaces alone do not count. */
  minLength?: number;
  /** Left out only where a domain rule words the limit better (ground rules). */
  maxLength?: number;
  description?: string;
}

function text(rules: { pattern: string }[], options: TextOptions, after: object[] = []): TString {
  const { minLength, ...rest } = options;
  // The order is the order of the messages: a value breaking two rules hears the first. ajv
  // checks allOf before the string keywords, so "not blank" stays outside it, after
  // minLength: an empty string hears "must not be empty".
  const required = minLength !== undefined && minLength >= 1;
  return Type.String({
    ...(minLength !== undefined && { minLength }),
    ...rest,
    ...(required && { pattern: RULES.notBlank.pattern }),
    allOf: [...rules.map(({ pattern }) => ({ pattern })), ...after],
  });
}

const ONE_LINE = [RULES.wellFormed, RULES.oneLine, RULES.noControl];

/** One line of text: a name, a title, a phone number, a search. */
export const Text = (options: TextOptions = {}) => text(ONE_LINE, options);

/** Text that may run over several lines (a description, a message): tab and line feed allowed. */
export const MultilineText = (options: TextOptions = {}) =>
  text([RULES.wellFormed, RULES.noControlButTabAndNewline], options);

/**
 * An email address typed by a person. The form is checked after the text rules (inside the
 * same allOf), so a stray control character is named as such rather than as a bad address.
 */
export const Email = (options: Pick<TextOptions, 'description'> = {}) =>
  text(ONE_LINE, { maxLength: 254, ...options }, [{ format: 'email' }]);

const LONE_SURROGATE = /\p{Cs}/u;

/**
 * What no request may carry anywhere, schema or not (see the API's storable-input plugin):
 * NUL, which PostgreSQL cannot store in text, and lone surrogates, which have no UTF-8 form.
 */
export function unstorable(value: string): string | undefined {
  if (value.includes('\u0000')) return TEXT_MESSAGES.control;
  if (LONE_SURROGATE.test(value)) return TEXT_MESSAGES.illFormed;
  return undefined;
}
