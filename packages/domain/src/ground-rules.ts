import { type FieldError, type Refusal, refuse } from './refusal.ts';

/**
 * Ground rules: the short agreement a group makes so people feel safe to speak. Shown before
 * anyone joins a call and accepted each time they change, so they are written for someone
 * who may be anxious, reading on a small phone: short sentences, plain words, "we" not "you must".
 */

/** A starting set for UK peer-support groups; a facilitator edits it to suit their group. */
export const DEFAULT_GROUND_RULES: readonly string[] = Object.freeze([
  'What is said here stays here. We don’t share who came or what anyone said. The one exception: if someone may be at risk of serious harm, the facilitator may need to get help, and will try to talk with that person first.',
  'One voice at a time. Let each person finish before you speak; online, you can raise your hand.',
  'You can always pass. Nobody has to share, answer a question or explain why not.',
  'Cameras are optional. Join with your camera off, or by audio only, if that feels better.',
  'No recording, photos or screenshots of the group, of any kind.',
  'We offer support, not advice. Share what has helped you, rather than telling others what to do.',
  'Respect each other. Everyone’s experience is their own: no judgement, and no pressure to agree.',
  'Look after yourself. You can take a break or leave at any time without explaining. If you would like a word afterwards, let the facilitator know.',
]);

export const MAX_GROUND_RULES = 30;
export const MAX_GROUND_RULE_LENGTH = 500;

export type GroundRulesResult = { ok: true; rules: string[] } | Refusal<'invalid_ground_rules'>;

/**
 * Checks a list as a facilitator typed it and returns it trimmed, ready to store as a new
 * version. Every problem is reported at once, each against its own rule, so the editor can
 * mark them all. `field` names the list in the caller's input (the API passes e.g.
 * `body.rules`); rule N is reported as `${field}.${N - 1}`, as the contracts' error shape expects.
 */
export function validateGroundRules(rules: readonly string[], field = 'rules'): GroundRulesResult {
  if (rules.length === 0) {
    return invalid([
      { field, message: 'A group needs at least one ground rule. Add one, or start from the defaults.' },
    ]);
  }
  if (rules.length > MAX_GROUND_RULES) {
    return invalid([
      {
        field,
        message: `A group can have at most ${MAX_GROUND_RULES} ground rules, and this list has ${rules.length}. Combine or remove some.`,
      },
    ]);
  }

  const trimmed = rules.map((rule) => rule.trim());
  const errors: FieldError[] = [];
  const firstSeen = new Map<string, number>();

  trimmed.forEach((rule, index) => {
    const at = `${field}.${index}`;
    const n = index + 1;
    const length = [...rule].length; // characters as a person counts them, emoji included
    if (length === 0) {
      errors.push({ field: at, message: `Rule ${n} is empty. Write the rule, or remove it.` });
      return;
    }
    if (length > MAX_GROUND_RULE_LENGTH) {
      errors.push({
        field: at,
        message: `Rule ${n} is ${length} characters long; keep each rule to ${MAX_GROUND_RULE_LENGTH} or fewer, or split it in two.`,
      });
      return;
    }
    // "No recording" and "no  Recording" are the same rule to a reader.
    const key = rule.replace(/\s+/g, ' ').toLocaleLowerCase('en-GB');
    const earlier = firstSeen.get(key);
    if (earlier === undefined) firstSeen.set(key, n);
    else errors.push({ field: at, message: `Rule ${n} repeats rule ${earlier}. Remove one of them.` });
  });

  return errors.length === 0 ? { ok: true, rules: trimmed } : invalid(errors);
}

function invalid(fields: FieldError[]): Refusal<'invalid_ground_rules'> {
  const message =
    fields.length === 1 && fields[0] !== undefined
      ? fields[0].message
      : `${fields.length} ground rules need changing before they can be saved; each one is marked.`;
  return refuse('invalid_ground_rules', message, fields);
}

/**
 * Editing rules makes a new version and keeps the old, because each acceptance records the
 * version a person agreed to. The first version is 1.
 */
export function nextVersion(current: number | null): number {
  return current === null ? 1 : current + 1;
}

/**
 * A person accepts the rules they read; if a new version came out meanwhile, they read that
 * one first, so no acceptance records rules the person never saw.
 */
export function staleRulesRefusal(current: number, accepted: number): Refusal<'ground_rules_changed'> | undefined {
  if (current === accepted) return undefined;
  return refuse(
    'ground_rules_changed',
    'The ground rules changed since you read them. Please read the new version and accept it to continue.',
  );
}
