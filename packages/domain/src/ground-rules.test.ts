import { describe, expect, it } from 'vitest';
import {
  DEFAULT_GROUND_RULES,
  MAX_GROUND_RULE_LENGTH,
  MAX_GROUND_RULES,
  nextVersion,
  staleRulesRefusal,
  validateGroundRules,
} from './ground-rules.ts';

describe('DEFAULT_GROUND_RULES', () => {
  it('passes its own validation unchanged', () => {
    expect(validateGroundRules(DEFAULT_GROUND_RULES)).toEqual({ ok: true, rules: [...DEFAULT_GROUND_RULES] });
  });

  it('covers what a UK peer-support group agrees, in this order', () => {
    const topics = [
      /stays here/i, // confidentiality
      /one voice at a time/i,
      /pass/i, // the right to pass
      /camera/i, // camera optional
      /no recording.*screenshots/i,
      /support, not advice/i,
      /respect.*no judgement/i,
      /leave at any time/i, // look after yourself
    ];
    expect(DEFAULT_GROUND_RULES).toHaveLength(topics.length);
    topics.forEach((topic, i) => {
      expect(DEFAULT_GROUND_RULES[i]).toMatch(topic);
    });
  });

  it('states the safeguarding exception to confidentiality', () => {
    expect(DEFAULT_GROUND_RULES[0]).toMatch(/exception/);
    expect(DEFAULT_GROUND_RULES[0]).toMatch(/risk of serious harm/);
  });

  it('keeps each rule short enough to read on a phone', () => {
    for (const rule of DEFAULT_GROUND_RULES) expect(rule.length).toBeLessThanOrEqual(250);
  });

  it('cannot be changed by accident at run time', () => {
    expect(Object.isFrozen(DEFAULT_GROUND_RULES)).toBe(true);
  });
});

describe('validateGroundRules', () => {
  it('returns the rules trimmed, in the order given', () => {
    expect(validateGroundRules(['  Be kind.  ', '\tOne voice at a time.\n'])).toEqual({
      ok: true,
      rules: ['Be kind.', 'One voice at a time.'],
    });
  });

  it('refuses an empty list', () => {
    const result = validateGroundRules([]);
    expect(result).toMatchObject({ ok: false, code: 'invalid_ground_rules', fields: [{ field: 'rules' }] });
    expect(!result.ok && result.message).toMatch(/^A group needs at least one ground rule/);
  });

  it('refuses a rule that is only spaces, and points at it', () => {
    expect(validateGroundRules(['Be kind.', '   '])).toEqual({
      ok: false,
      code: 'invalid_ground_rules',
      message: 'Rule 2 is empty. Write the rule, or remove it.',
      fields: [{ field: 'rules.1', message: 'Rule 2 is empty. Write the rule, or remove it.' }],
    });
  });

  it(`accepts a rule of exactly ${MAX_GROUND_RULE_LENGTH} characters and refuses one more`, () => {
    expect(validateGroundRules(['a'.repeat(MAX_GROUND_RULE_LENGTH)]).ok).toBe(true);
    const result = validateGroundRules(['a'.repeat(MAX_GROUND_RULE_LENGTH + 1)]);
    expect(result).toMatchObject({ ok: false, fields: [{ field: 'rules.0' }] });
    expect(!result.ok && result.message).toMatch(/501 characters.*500 or fewer/);
  });

  it('measures length after trimming, and counts an emoji as one character', () => {
    expect(validateGroundRules([`  ${'a'.repeat(MAX_GROUND_RULE_LENGTH)}  `]).ok).toBe(true);
    expect(validateGroundRules(['💬'.repeat(MAX_GROUND_RULE_LENGTH)]).ok).toBe(true);
  });

  it('refuses a repeated rule, ignoring case and spacing, and names the first one', () => {
    const result = validateGroundRules(['No recording.', 'Be kind.', '  no   RECORDING. '], 'body.rules');
    expect(result).toEqual({
      ok: false,
      code: 'invalid_ground_rules',
      message: 'Rule 3 repeats rule 1. Remove one of them.',
      fields: [{ field: 'body.rules.2', message: 'Rule 3 repeats rule 1. Remove one of them.' }],
    });
  });

  it(`accepts ${MAX_GROUND_RULES} rules and refuses ${MAX_GROUND_RULES + 1}`, () => {
    const rules = (n: number) => Array.from({ length: n }, (_, i) => `Rule number ${i + 1}.`);
    expect(validateGroundRules(rules(MAX_GROUND_RULES)).ok).toBe(true);
    const result = validateGroundRules(rules(MAX_GROUND_RULES + 1));
    expect(result).toMatchObject({ ok: false, fields: [{ field: 'rules' }] });
    expect(!result.ok && result.message).toMatch(/at most 30 ground rules, and this list has 31/);
  });

  it('reports every problem at once, each against its rule', () => {
    const result = validateGroundRules(['Be kind.', '', 'be kind.', 'x'.repeat(600)]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fields?.map((f) => f.field)).toEqual(['rules.1', 'rules.2', 'rules.3']);
    expect(result.message).toBe('3 ground rules need changing before they can be saved; each one is marked.');
  });

  it('does not count an empty rule as a duplicate of another empty rule', () => {
    const result = validateGroundRules(['', '']);
    expect(!result.ok && result.fields?.map((f) => f.message)).toEqual([
      'Rule 1 is empty. Write the rule, or remove it.',
      'Rule 2 is empty. Write the rule, or remove it.',
    ]);
  });

  it('leaves the caller’s list alone', () => {
    const rules = ['  Be kind.  '];
    validateGroundRules(rules);
    expect(rules).toEqual(['  Be kind.  ']);
  });
});

describe('nextVersion', () => {
  it('starts at 1 and counts up', () => {
    expect(nextVersion(null)).toBe(1);
    expect(nextVersion(1)).toBe(2);
    expect(nextVersion(41)).toBe(42);
  });
});

describe('staleRulesRefusal', () => {
  it('accepts the current version', () => {
    expect(staleRulesRefusal(3, 3)).toBeUndefined();
  });

  it('asks someone who read an older (or unknown) version to read the current one', () => {
    expect(staleRulesRefusal(3, 2)).toMatchObject({ ok: false, code: 'ground_rules_changed' });
    expect(staleRulesRefusal(3, 4)?.message).toContain('Please read the new version');
  });
});
