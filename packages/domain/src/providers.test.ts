import { describe, expect, it } from 'vitest';
import { providerSlugRefusal } from './providers.ts';

describe('providerSlugRefusal', () => {
  it('lets a free slug of two characters or more through', () => {
    expect(providerSlugRefusal('ab', false)).toBeNull();
    expect(providerSlugRefusal('leith-peer-network', false)).toBeNull();
  });

  it('refuses a slug too short to mean anything, before asking whether it is taken', () => {
    expect(providerSlugRefusal('', false)?.code).toBe('invalid_input');
    expect(providerSlugRefusal('a', true)?.code).toBe('invalid_input');
  });

  it('refuses a slug another provider has, naming it', () => {
    const refused = providerSlugRefusal('leith', true);
    expect(refused?.code).toBe('slug_taken');
    expect(refused?.message).toContain('"leith"');
    expect(refused?.fields).toBeUndefined();
  });
});
