import { unstorable } from '@peer-support/contracts/text';
import fp from 'fastify-plugin';
import { type FieldProblem, invalidInput } from './error-handler.ts';

/** Enough to show a person what to fix; a body full of them needs no longer answer. */
const MAX_REPORTED = 20;

/**
 * Where a parsed body, query string or path holds text no database can store (NUL, lone
 * surrogates), by field path: `body.supportLines.0.name`. Walked with a stack, not recursion,
 * so a deeply nested body cannot overflow it.
 */
export function unstorableFields(value: unknown, path: string): FieldProblem[] {
  const found: FieldProblem[] = [];
  const stack: [unknown, string][] = [[value, path]];
  while (stack.length > 0 && found.length < MAX_REPORTED) {
    const [v, at] = stack.pop() as [unknown, string];
    if (typeof v === 'string') {
      const message = unstorable(v);
      if (message) found.push({ field: at, message });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${at}.${i}`]);
    } else if (v !== null && typeof v === 'object') {
      for (const [key, child] of Object.entries(v).reverse()) {
        // A bad key would make a bad field path; name the object it sits in instead.
        if (unstorable(key)) found.push({ field: at, message: 'has a field name we cannot store; remove it' });
        else stack.push([child, `${at}.${key}`]);
      }
    }
  }
  return found;
}

/**
 * The safety net under the text schemas: every request, including routes with no schema of
 * ours (better-auth's /api/auth/*) and fields that are not free text (ids, dates, keys, a
 * password), is refused with a 400 naming the field before a handler can pass NUL or a lone
 * surrogate to the database. It runs after schema validation, so a field with a text schema
 * gets that schema's message first; the net's messages are the same words.
 */
export default fp(
  async (app) => {
    app.addHook('preHandler', async (request) => {
      const fields = [
        ...unstorableFields(request.params, 'params'),
        ...unstorableFields(request.query, 'querystring'),
        ...unstorableFields(request.body, 'body'),
      ];
      if (fields.length > 0) throw invalidInput(fields);
    });
  },
  { name: 'storable-input', dependencies: ['error-handler'] },
);
