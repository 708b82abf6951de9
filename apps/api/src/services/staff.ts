import type { StaffMember } from '@peer-support/contracts/providers';
import type { Database } from '@peer-support/db/client';
import type { ProviderRole } from '@peer-support/domain/roles';
import { staffChangeRefusal } from '@peer-support/domain/staff';
import { AppError, refusal } from '../errors.ts';
import type { CallRoom } from '../live/call-room.ts';
import { providersRepository as providers, type StaffRow } from '../repositories/providers.ts';

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
 * A provider's staff: the list, changing someone's role, or taking them off the staff. Each
 * change runs holding the provider's row, so two admins demoting each other at once cannot
 * leave it with none.
 */
export function staffService(db: Database, calls: CallRoom) {
  async function change(providerId: string, userId: string, role: ProviderRole | null) {
    return db.transaction(async (tx) => {
      if (!(await providers.lock(tx, providerId))) throw notStaff();
      const staff = await providers.staff(tx, providerId);
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
    async list(providerId: string): Promise<StaffMember[]> {
      return (await providers.staff(db, providerId)).map(staffView);
    },
    async changeRole(providerId: string, userId: string, role: ProviderRole): Promise<StaffMember> {
      const changed = staffView(await change(providerId, userId, role));
      // An admin made a facilitator no longer hosts every group: checked now, in LiveKit too.
      await calls.standingChanged({ providerId });
      return changed;
    },
    async remove(providerId: string, userId: string): Promise<void> {
      await change(providerId, userId, null);
      // Whatever they were hosting, they are out of it now, in LiveKit too.
      await calls.standingChanged({ providerId });
    },
  };
}
