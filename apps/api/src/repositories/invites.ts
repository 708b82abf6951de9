import type { Db, Transaction as Tx } from '@peer-support/db/client';
import { invites } from '@peer-support/db/schema';
import type { InviteKind } from '@peer-support/domain/invites';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';

export interface InviteRow {
  id: string;
  groupId: string;
  kind: InviteKind;
  email: string | null;
  expiresAt: Date;
  revokedAt: Date | null;
  maxUses: number | null;
  uses: number;
  createdAt: Date;
}

const toRow = (r: typeof invites.$inferSelect): InviteRow => ({
  id: r.id,
  groupId: r.groupId,
  kind: r.kind,
  email: r.email,
  expiresAt: r.expiresAt,
  revokedAt: r.revokedAt,
  maxUses: r.maxUses,
  uses: r.uses,
  createdAt: r.createdAt,
});

/** Queries only: when an invitation works lives in @peer-support/domain/invites. */
export const invitesRepository = {
  async create(
    db: Db,
    input: {
      groupId: string;
      kind: InviteKind;
      email: string | null;
      maxUses: number | null;
      expiresAt: Date;
      createdBy: string | null;
    },
  ): Promise<InviteRow> {
    const [row] = await db.insert(invites).values(input).returning();
    if (!row) throw new Error('insert returned nothing');
    return toRow(row);
  },

  async find(db: Db, inviteId: string): Promise<InviteRow | undefined> {
    const [row] = await db.select().from(invites).where(eq(invites.id, inviteId));
    return row && toRow(row);
  },

  /** The invitation, locked for the rest of the transaction so two people cannot both spend its last use. */
  async lock(tx: Tx, inviteId: string): Promise<InviteRow | undefined> {
    const [row] = await tx.select().from(invites).where(eq(invites.id, inviteId)).for('update');
    return row && toRow(row);
  },

  /** Newest first. */
  async listForGroup(db: Db, groupId: string): Promise<InviteRow[]> {
    const rows = await db.select().from(invites).where(eq(invites.groupId, groupId)).orderBy(desc(invites.createdAt));
    return rows.map(toRow);
  },

  /** Undefined when the group has no such invitation. */
  async revoke(db: Db, groupId: string, inviteId: string, now: Date): Promise<InviteRow | undefined> {
    const [row] = await db
      .update(invites)
      .set({ revokedAt: now })
      .where(and(eq(invites.id, inviteId), eq(invites.groupId, groupId)))
      .returning();
    return row && toRow(row);
  },

  async countUse(db: Db, inviteId: string) {
    await db
      .update(invites)
      .set({ uses: sql`${invites.uses} + 1` })
      .where(eq(invites.id, inviteId));
  },

  /** Erasure: the address goes from these groups' invitations; the invitations stay. */
  async forgetEmail(db: Db, groupIds: string[], email: string) {
    if (groupIds.length === 0) return;
    await db
      .update(invites)
      .set({ email: null })
      .where(and(inArray(invites.groupId, groupIds), eq(invites.email, email)));
  },
};
