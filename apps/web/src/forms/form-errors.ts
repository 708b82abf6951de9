import { ApiRequestError } from '../api.ts';

/** What a failed submit tells the form: one message for everyone, and some per input. */
export interface FormErrors {
  message: string;
  /** Keyed by the field path without the request part: `capacity`, `supportLines.0.phone`, `rules.2`. */
  fields: Record<string, string>;
}

export function formErrors(error: unknown): FormErrors {
  const fields: Record<string, string> = {};
  if (error instanceof ApiRequestError) {
    for (const f of error.body?.fields ?? []) {
      const key = f.field.replace(/^(body|params|querystring)\./, '');
      fields[key] = fields[key] ? `${fields[key]} ${f.message}` : f.message;
    }
  }
  return { message: (error as Error).message, fields };
}

/**
 * Validation messages may be fragments ("is required", "must be at least 2 characters"):
 * those get the field's label in front. Whole sentences from the domain rules stay as they are.
 */
export function describeFieldError(label: string, message: string | undefined): string | undefined {
  if (!message) return undefined;
  return /^[a-z]/.test(message) ? `${label} ${message}.`.replace(/\.\.$/, '.') : message;
}
