import type { StaffMember } from '@peer-support/contracts/providers';
import type { Database } from '@peer-support/db/client';
import type { ProviderRole } from '@peer-support/domain/roles';
import { staffChangeRefusal } from '@peer-support/domain/staff';
import { AppError, refusal } from '../errors.ts';
import { providersRepository, type StaffRow } from '../repositories/providers.ts';

export const staffView = (s: StaffRow): StaffMember => ({
  userId: s.userId,
  name: s.name,
  email: s.email,
  role: s.role,
  awaitingEmailConfirmation: !s.counts,
});

const notStaff = () =>
  new AppError(404, 'not_found', 'That person is not on the staff. Reload the list to see who is.');

/**
 * Changing a staff member's role, or taking them off the staff. Each runs holding the
 * provider's row, so two admins demoting each other at once cannot leave it with none.
 */
export function staffService(db: Database) {
  const providers = providersRepository(db);

  async function change(providerId: string, userId: string, role: ProviderRole | null) {
    return db.transaction(async (tx) => {
      if (!(await providers.lock(tx, providerId))) throw notStaff();
      const staff = await providers.staff(providerId, tx);
      const target = staff.find((s) => s.userId === userId);
      if (!target) throw notStaff();
      const refused = staffChangeRefusal(staff, { userId, role });
      if (refused) throw refusal(409, refused);
      if (role === null) await providers.removeStaff(tx, providerId, userId);
      else await providers.changeRole(tx, providerId, userId, role);
      return { ...target, role: role ?? target.role };
    });
  }

  return {
    async changeRole(providerId: string, userId: string, role: ProviderRole): Promise<StaffMember> {
      return staffView(await change(providerId, userId, role));
    },
    async remove(providerId: string, userId: string): Promise<void> {
      await change(providerId, userId, null);
    },
  };
}
