import { type FieldError, type Refusal, refuse } from './refusal.ts';

/**
 * Support lines: where a member can turn between sessions, or when a session stirs things up.
 * Peer support is not a crisis service, so every group shows at least one line.
 */
export type SupportLine = { name: string; phone: string; hours: string; description: string };

/** Defaults for groups in Scotland, where the research behind this product was done. */
export const DEFAULT_SUPPORT_LINES: readonly Readonly<SupportLine>[] = Object.freeze([
  Object.freeze({
    name: 'Samaritans',
    phone: '116 123',
    hours: '24 hours a day, every day',
    description: 'Free to call. Someone to listen, whatever you are going through, without judgement.',
  }),
  Object.freeze({
    name: 'Breathing Space',
    phone: '0800 83 85 87',
    hours: 'Monday to Thursday 6pm to 2am; weekends from Friday 6pm to Monday 6am',
    description: 'Free to call. A listening service for people in Scotland who are feeling low, stressed or anxious.',
  }),
  Object.freeze({
    name: 'NHS 24',
    phone: '111',
    hours: '24 hours a day, every day',
    description: 'Free to call. Urgent health care in Scotland, including mental health, when your GP is closed.',
  }),
]);

export const MAX_SUPPORT_LINES = 10;
const LIMITS = { name: 80, phone: 30, hours: 120, description: 300 } as const;

// Shown as a tap-to-call link, so it must be something a phone can dial: digits, spaces and
// the usual separators. A text service ("text SHOUT to 85258") puts the words in its description.
const DIALLABLE = /^\+?[0-9 ()-]+$/;

// Characters as a person counts them, so an accented name or an emoji counts once.
const length = (text: string) => [...text].length;

export type SupportLinesResult = { ok: true; lines: SupportLine[] } | Refusal<'invalid_support_lines'>;

/**
 * Checks support lines as an admin typed them and returns them trimmed. Every problem is
 * reported at once against its own field, e.g. `supportLines.1.phone` (the API passes its own
 * `field`, such as `body.supportLines`).
 */
export function validateSupportLines(lines: readonly SupportLine[], field = 'supportLines'): SupportLinesResult {
  if (lines.length === 0) {
    return invalid([
      {
        field,
        message: 'Add at least one support line, so members always know where to turn between sessions.',
      },
    ]);
  }
  if (lines.length > MAX_SUPPORT_LINES) {
    return invalid([
      {
        field,
        message: `A group can list at most ${MAX_SUPPORT_LINES} support lines, and this list has ${lines.length}. Keep the ones members are most likely to need.`,
      },
    ]);
  }

  const trimmed: SupportLine[] = lines.map((line) => ({
    name: line.name.trim(),
    phone: line.phone.trim(),
    hours: line.hours.trim(),
    description: line.description.trim(),
  }));
  const errors: FieldError[] = [];
  const firstWithNumber = new Map<string, number>();

  trimmed.forEach((line, index) => {
    const n = index + 1;
    const at = (key: keyof SupportLine) => `${field}.${index}.${key}`;

    if (line.name === '') errors.push({ field: at('name'), message: `Support line ${n} needs a name.` });
    else if (length(line.name) > LIMITS.name) errors.push(tooLong(at('name'), n, 'name', LIMITS.name));

    const digits = line.phone.replace(/\D/g, '');
    if (line.phone === '') {
      errors.push({ field: at('phone'), message: `Support line ${n} needs a phone number.` });
    } else if (!DIALLABLE.test(line.phone) || digits.length < 3) {
      errors.push({
        field: at('phone'),
        message: `Support line ${n}: write the phone number with digits and spaces only, like 0800 83 85 87.`,
      });
    } else if (length(line.phone) > LIMITS.phone) {
      errors.push(tooLong(at('phone'), n, 'phone number', LIMITS.phone));
    } else {
      // Two entries for one number is a copy-and-paste slip; "116 123" and "116123" are the same call.
      const earlier = firstWithNumber.get(digits);
      if (earlier === undefined) firstWithNumber.set(digits, n);
      else
        errors.push({
          field: at('phone'),
          message: `Support line ${n} has the same number as line ${earlier}. Remove one of them.`,
        });
    }

    if (line.hours === '') {
      errors.push({
        field: at('hours'),
        message: `Support line ${n} needs its opening hours, so nobody calls a closed line. If it never closes, write "24 hours a day, every day".`,
      });
    } else if (length(line.hours) > LIMITS.hours) {
      errors.push(tooLong(at('hours'), n, 'opening hours', LIMITS.hours));
    }

    // The description is optional: the name often says enough.
    if (length(line.description) > LIMITS.description) {
      errors.push(tooLong(at('description'), n, 'description', LIMITS.description));
    }
  });

  return errors.length === 0 ? { ok: true, lines: trimmed } : invalid(errors);
}

function tooLong(field: string, n: number, what: string, max: number): FieldError {
  return { field, message: `The ${what} of support line ${n} is too long; keep it to ${max} characters or fewer.` };
}

function invalid(fields: FieldError[]): Refusal<'invalid_support_lines'> {
  const message =
    fields.length === 1 && fields[0] !== undefined
      ? fields[0].message
      : `${fields.length} things in the support lines need changing before they can be saved; each one is marked.`;
  return refuse('invalid_support_lines', message, fields);
}
