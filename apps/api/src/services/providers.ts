import type { CreateProvider, Provider } from '@peer-support/contracts/providers';
import type { Database } from '@peer-support/db/client';
import { providerSlugRefusal } from '@peer-support/domain/providers';
import { refusal } from '../errors.ts';
import { providersRepository as repo } from '../repositories/providers.ts';
import { slugify } from '../slug.ts';

const STATUS = { invalid_input: 400, slug_taken: 409 } as const;

/** Providers as the person signed in sees them: the ones they work for, and starting a new one. */
export function providersService(db: Database) {
  return {
    /** The providers where the person has standing now. */
    async mine(userId: string): Promise<Provider[]> {
      return repo.listForUser(db, userId);
    },

    /** A new provider, with the person who made it as its first admin, together or not at all. */
    async create(userId: string, body: CreateProvider): Promise<Provider> {
      const name = body.name.trim();
      const slug = body.slug ?? slugify(name);
      const refused = providerSlugRefusal(slug, await repo.slugTaken(db, slug));
      if (refused) throw refusal(STATUS[refused.code], refused);
      return db.transaction(async (tx) => {
        const provider = await repo.insert(tx, { slug, name });
        await repo.addFounder(tx, provider.id, userId);
        return { ...provider, role: 'provider_admin' as const };
      });
    },
  };
}
