import { type Refusal, refuse } from './refusal.ts';

/** A provider's slug is its web address: long enough to mean something, and nobody else's. */
export function providerSlugRefusal(slug: string, taken: boolean): Refusal<'invalid_input' | 'slug_taken'> | null {
  if (slug.length < 2) {
    return refuse('invalid_input', 'Please give the provider a name with at least two letters or digits.');
  }
  if (taken) {
    return refuse(
      'slug_taken',
      `The web address "${slug}" is taken. Choose another short name (slug) for the provider.`,
    );
  }
  return null;
}
