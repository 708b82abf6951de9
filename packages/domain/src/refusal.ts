/**
 * The shape every rule uses to say "no" to something a person might reasonably try.
 *
 * Expected refusals are data, not exceptions: the caller decides whether a refusal becomes a
 * 4xx, a form error or a disabled button. `code` is stable for machines; `message` is for a
 * person and says what to do next; `fields` matches `ApiError.fields` in the contracts
 * package so the API can pass it straight through (after prefixing the path, e.g. `body.`).
 */
export type FieldError = { field: string; message: string };

export type Refusal<Code extends string = string> = {
  ok: false;
  code: Code;
  message: string;
  fields?: FieldError[];
};

export function refuse<Code extends string>(code: Code, message: string, fields?: FieldError[]): Refusal<Code> {
  return fields === undefined ? { ok: false, code, message } : { ok: false, code, message, fields };
}
