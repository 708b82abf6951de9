import type { Db, Transaction as Tx } from '@peer-support/db/client';
import { staffInvitations } from '@peer-support/db/schema';
import type { ProviderRole } from '@peer-support/domain/roles';
import { and, desc, eq, gt, isNull } from 'drizzle-orm';

export interface StaffInvitationRow {
  id: string;
  providerId: string;
  email: string;
  role: ProviderRole;
  expiresAt: Date;
  revokedAt: Date | null;
  acceptedAt: Date | null;
  acceptedBy: string | null;
  createdAt: Date;
}

const toRow = (r: typeof staffInvitations.$inferSelect): StaffInvitationRow => ({
  id: r.id,
  providerId: r.providerId,
  email: r.email,
  role: r.role,
  expiresAt: r.expiresAt,
  revokedAt: r.revokedAt,
  acceptedAt: r.acceptedAt,
  acceptedBy: r.acceptedBy,
  createdAt: r.createdAt,
});

const pendingAt = (now: Date) =>
  and(isNull(staffInvitations.revokedAt), isNull(staffInvitations.acceptedAt), gt(staffInvitations.expiresAt, now));

export const staffInvitationsRepository = {
  /** Earlier pending invitations to this address stop working, so only the newest link does. */
  async revokePendingTo(db: Db, providerId: string, email: string, now: Date): Promise<void> {
    await db
      .update(staffInvitations)
      .set({ revokedAt: now })
      .where(and(eq(staffInvitations.providerId, providerId), eq(staffInvitations.email, email), pendingAt(now)));
  },

  async insert(
    db: Db,
    input: { providerId: string; email: string; role: ProviderRole; invitedBy: string; now: Date; expiresAt: Date },
  ): Promise<StaffInvitationRow> {
    const [row] = await db
      .insert(staffInvitations)
      .values({
        providerId: input.providerId,
        email: input.email,
        role: input.role,
        invitedBy: input.invitedBy,
        expiresAt: input.expiresAt,
        createdAt: input.now,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    return toRow(row);
  },

  async pending(db: Db, providerId: string, now: Date): Promise<StaffInvitationRow[]> {
    const rows = await db
      .select()
      .from(staffInvitations)
      .where(and(eq(staffInvitations.providerId, providerId), pendingAt(now)))
      .orderBy(desc(staffInvitations.createdAt));
    return rows.map(toRow);
  },

  /** Withdraws a pending invitation; undefined when there is no such pending one. */
  async revoke(db: Db, providerId: string, id: string, now: Date): Promise<StaffInvitationRow | undefined> {
    const [row] = await db
      .update(staffInvitations)
      .set({ revokedAt: now })
      .where(and(eq(staffInvitations.id, id), eq(staffInvitations.providerId, providerId), pendingAt(now)))
      .returning();
    return row && toRow(row);
  },

  async find(db: Db, id: string): Promise<StaffInvitationRow | undefined> {
    const [row] = await db.select().from(staffInvitations).where(eq(staffInvitations.id, id));
    return row && toRow(row);
  },

  /** The row, held until the transaction ends, so it is accepted once. */
  async lock(tx: Tx, id: string): Promise<StaffInvitationRow | undefined> {
    const [row] = await tx.select().from(staffInvitations).where(eq(staffInvitations.id, id)).for('update');
    return row && toRow(row);
  },

  async markAccepted(db: Db, id: string, userId: string, now: Date): Promise<void> {
    await db.update(staffInvitations).set({ acceptedAt: now, acceptedBy: userId }).where(eq(staffInvitations.id, id));
  },
};
