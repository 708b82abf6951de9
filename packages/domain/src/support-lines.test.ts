import { describe, expect, it } from 'vitest';
import { DEFAULT_SUPPORT_LINES, MAX_SUPPORT_LINES, type SupportLine, validateSupportLines } from './support-lines.ts';

const line = (overrides: Partial<SupportLine> = {}): SupportLine => ({
  name: 'Local crisis line',
  phone: '0131 123 4567',
  hours: 'Weekdays 9am to 5pm',
  description: '',
  ...overrides,
});

describe('DEFAULT_SUPPORT_LINES', () => {
  it('lists Samaritans, Breathing Space and NHS 24 with their real numbers', () => {
    expect(DEFAULT_SUPPORT_LINES.map(({ name, phone }) => ({ name, phone }))).toEqual([
      { name: 'Samaritans', phone: '116 123' },
      { name: 'Breathing Space', phone: '0800 83 85 87' },
      { name: 'NHS 24', phone: '111' },
    ]);
  });

  it('says Samaritans and NHS 24 are always open, and gives Breathing Space’s evening and weekend hours', () => {
    const [samaritans, breathingSpace, nhs24] = DEFAULT_SUPPORT_LINES;
    expect(samaritans?.hours).toBe('24 hours a day, every day');
    expect(nhs24?.hours).toBe('24 hours a day, every day');
    expect(breathingSpace?.hours).toMatch(/Monday to Thursday 6pm to 2am/);
    expect(breathingSpace?.hours).toMatch(/Friday 6pm to Monday 6am/);
  });

  it('tells people every call is free', () => {
    for (const l of DEFAULT_SUPPORT_LINES) expect(l.description).toMatch(/^Free to call\./);
  });

  it('passes its own validation unchanged', () => {
    expect(validateSupportLines(DEFAULT_SUPPORT_LINES)).toEqual({ ok: true, lines: DEFAULT_SUPPORT_LINES });
  });

  it('cannot be changed by accident at run time', () => {
    expect(Object.isFrozen(DEFAULT_SUPPORT_LINES)).toBe(true);
    for (const l of DEFAULT_SUPPORT_LINES) expect(Object.isFrozen(l)).toBe(true);
  });
});

describe('validateSupportLines', () => {
  it('returns the lines trimmed', () => {
    const result = validateSupportLines([
      { name: ' Samaritans ', phone: ' 116 123 ', hours: ' Always ', description: ' Listening. ' },
    ]);
    expect(result).toEqual({
      ok: true,
      lines: [{ name: 'Samaritans', phone: '116 123', hours: 'Always', description: 'Listening.' }],
    });
  });

  it('refuses an empty list, because members must always have somewhere to turn', () => {
    const result = validateSupportLines([]);
    expect(result).toMatchObject({ ok: false, code: 'invalid_support_lines', fields: [{ field: 'supportLines' }] });
    expect(!result.ok && result.message).toMatch(/at least one support line/);
  });

  it(`accepts ${MAX_SUPPORT_LINES} lines and refuses more`, () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => line({ phone: `0800 000 ${100 + i}` }));
    expect(validateSupportLines(lines(MAX_SUPPORT_LINES)).ok).toBe(true);
    expect(validateSupportLines(lines(MAX_SUPPORT_LINES + 1))).toMatchObject({
      ok: false,
      fields: [{ field: 'supportLines' }],
    });
  });

  it('needs a name, a number and opening hours, but not a description', () => {
    expect(validateSupportLines([line({ description: '' })]).ok).toBe(true);
    const result = validateSupportLines([line({ name: ' ', phone: '', hours: '' })], 'body.supportLines');
    expect(!result.ok && result.fields).toEqual([
      { field: 'body.supportLines.0.name', message: 'Support line 1 needs a name.' },
      { field: 'body.supportLines.0.phone', message: 'Support line 1 needs a phone number.' },
      {
        field: 'body.supportLines.0.hours',
        message:
          'Support line 1 needs its opening hours, so nobody calls a closed line. If it never closes, write "24 hours a day, every day".',
      },
    ]);
    expect(!result.ok && result.message).toMatch(/^3 things in the support lines need changing/);
  });

  it.each(['0800 83 85 87', '+44 800 83 85 87', '(0131) 123-4567', '111', '116123'])(
    'accepts %s as a number',
    (phone) => {
      expect(validateSupportLines([line({ phone })]).ok).toBe(true);
    },
  );

  it.each(['Text SHOUT to 85258', 'call us', '99', '0800 83 85 87 ext. 2', '++44 800'])(
    'refuses %s as a number and shows the expected form',
    (phone) => {
      const result = validateSupportLines([line({ phone })]);
      expect(result).toMatchObject({ ok: false, fields: [{ field: 'supportLines.0.phone' }] });
      expect(!result.ok && result.message).toMatch(/digits and spaces only, like 0800 83 85 87/);
    },
  );

  it('spots the same number entered twice, however it is spaced', () => {
    const result = validateSupportLines([
      line({ name: 'Samaritans', phone: '116 123' }),
      line({ name: 'Breathing Space', phone: '0800 83 85 87' }),
      line({ name: 'Samaritans again', phone: '116123' }),
    ]);
    expect(result).toEqual({
      ok: false,
      code: 'invalid_support_lines',
      message: 'Support line 3 has the same number as line 1. Remove one of them.',
      fields: [
        { field: 'supportLines.2.phone', message: 'Support line 3 has the same number as line 1. Remove one of them.' },
      ],
    });
  });

  it.each([
    ['name', 80],
    ['phone', 30],
    ['hours', 120],
    ['description', 300],
  ] as const)('limits the %s to %i characters', (key, max) => {
    const at = (n: number) => (key === 'phone' ? '1'.repeat(n) : 'a'.repeat(n));
    expect(validateSupportLines([line({ [key]: at(max) })]).ok).toBe(true);
    const result = validateSupportLines([line({ [key]: at(max + 1) })]);
    expect(result).toMatchObject({ ok: false, fields: [{ field: `supportLines.0.${key}` }] });
    expect(!result.ok && result.message).toMatch(new RegExp(`keep it to ${max} characters or fewer`));
  });

  it('counts accented letters and emoji as one character each', () => {
    expect(validateSupportLines([line({ name: '🌿'.repeat(80) })]).ok).toBe(true);
  });

  it('leaves the caller’s lines alone', () => {
    const lines = [line({ name: '  Padded  ' })];
    validateSupportLines(lines);
    expect(lines[0]?.name).toBe('  Padded  ');
  });
});
