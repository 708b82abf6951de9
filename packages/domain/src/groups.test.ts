import { describe, expect, it } from 'vitest';
import { facilitatorsRefusal, groupSlugRefusal, managedGroups } from './groups.ts';
import { type Actor, ANONYMOUS } from './roles.ts';

describe('groupSlugRefusal', () => {
  it('lets a free slug through', () => {
    expect(groupSlugRefusal('tuesday-circle', false)).toBeNull();
  });

  it('refuses a slug the provider already uses, naming it and the field', () => {
    const refused = groupSlugRefusal('tuesday-circle', true);
    expect(refused?.code).toBe('slug_taken');
    expect(refused?.message).toContain('"tuesday-circle"');
    expect(refused?.fields).toEqual([{ field: 'slug', message: 'is already used by another group' }]);
  });
});

describe('facilitatorsRefusal', () => {
  const staff = new Set(['ann', 'bo']);

  it('accepts staff, and no facilitators at all', () => {
    expect(facilitatorsRefusal(['ann', 'bo'], staff)).toBeNull();
    expect(facilitatorsRefusal([], staff)).toBeNull();
    expect(facilitatorsRefusal([], new Set())).toBeNull();
  });

  it('names every chosen person who is not staff, each as its own field error', () => {
    const refused = facilitatorsRefusal(['ann', 'cy', 'di'], staff);
    expect(refused?.code).toBe('facilitator_not_staff');
    expect(refused?.fields).toEqual([
      { field: 'facilitatorIds', message: 'cy is not staff of this provider' },
      { field: 'facilitatorIds', message: 'di is not staff of this provider' },
    ]);
  });
});

describe('managedGroups', () => {
  const actor = (roles: [string, 'provider_admin' | 'facilitator'][], facilitated: string[]): Actor => ({
    ...ANONYMOUS,
    userId: 'u',
    providerRoles: new Map(roles),
    facilitatedGroupIds: new Set(facilitated),
  });

  it('gives a provider admin every group of that provider', () => {
    expect(managedGroups(actor([['p', 'provider_admin']], []), 'p')).toBe('all');
  });

  it('gives a facilitator only the groups they facilitate, and an admin elsewhere no more than that', () => {
    expect([...managedGroups(actor([['p', 'facilitator']], ['g1']), 'p')]).toEqual(['g1']);
    expect([...managedGroups(actor([['other', 'provider_admin']], ['g2']), 'p')]).toEqual(['g2']);
  });
});
