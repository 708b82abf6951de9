import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next.ts';

describe('safeNext', () => {
  it('keeps a path on this site, query included', () => {
    expect(safeNext('/groups/42?tab=rules')).toBe('/groups/42?tab=rules');
  });

  it.each([
    ['missing', null],
    ['empty', ''],
    ['another site', 'https://evil.example/'],
    ['a protocol-relative address', '//evil.example/'],
    ['a backslash trick browsers read as another host', '/\\evil.example/'],
    ['a relative path', 'admin'],
  ])('falls back when the value is %s', (_, next) => {
    expect(safeNext(next, '/admin')).toBe('/admin');
  });
});
