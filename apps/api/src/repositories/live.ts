import type { Db, Transaction as Tx } from '@peer-support/db/client';
import {
  attendance,
  checkins,
  groundRuleVersions,
  groupFacilitators,
  groups,
  memberships,
  sessionEntries,
  sessions,
  users,
} from '@peer-support/db/schema';
import type { GroupVisibility } from '@peer-support/domain/roles';
import type { SessionMode } from '@peer-support/domain/series';
import type { SupportLine } from '@peer-support/domain/support-lines';
import type { Admission, EntryKind, EntryStatus } from '@peer-support/domain/waiting-room';
import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';

/** A place in a session's waiting room or call (`session_entries`). */
export interface EntryRow {
  id: string;
  sessionId: string;
  /** null for a guest, and after the person is erased. */
  userId: string | null;
  displayName: string;
  kind: EntryKind;
  status: EntryStatus;
  keyHash: string;
  groundRulesVersionId: string | null;
  rulesAcceptedAt: Date | null;
  message: string | null;
  waitingSince: Date | null;
  admittedAt: Date | null;
  admittedBy: string | null;
  lastSeenAt: Date;
  handRaisedAt: Date | null;
  /** The session's room generation when this entry last got a call token; null if never. */
  tokenGeneration: number | null;
  clientKey: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface LiveSession {
  id: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  mode: SessionMode;
  /** The base of the LiveKit room name; the call is in `callRoomName(roomName, roomGeneration)`. */
  roomName: string;
  roomGeneration: number;
  cancelled: boolean;
  locked: boolean;
  openedAt: Date | null;
  endedAt: Date | null;
  pinnedIdentity: string | null;
  group: {
    id: string;
    providerId: string;
    name: string;
    visibility: GroupVisibility;
    admission: Admission;
    dropIns: boolean;
    guestLimit: number;
    capacity: number | null;
    supportLines: SupportLine[];
  };
}

const sessionColumns = {
  id: sessions.id,
  title: sessions.title,
  startsAt: sessions.startsAt,
  endsAt: sessions.endsAt,
  mode: sessions.mode,
  roomName: sessions.roomName,
  roomGeneration: sessions.roomGeneration,
  cancelled: sessions.cancelled,
  locked: sessions.locked,
  openedAt: sessions.openedAt,
  endedAt: sessions.endedAt,
  pinnedIdentity: sessions.pinnedIdentity,
  group: {
    id: groups.id,
    providerId: groups.providerId,
    name: groups.name,
    visibility: groups.visibility,
    admission: groups.admission,
    dropIns: groups.dropIns,
    guestLimit: groups.guestLimit,
    capacity: groups.capacity,
    supportLines: groups.supportLines,
  },
};

/** The generation of the room the session's call is in now, read inside the statement that uses it. */
const roomGenerationOf = (sessionId: string) =>
  sql<number>`(select ${sessions.roomGeneration} from ${sessions} where ${sessions.id} = ${sessionId})`;

/** The queries behind live sessions; the service decides, these only read and write. */
export const liveRepository = {
  async session(db: Db, sessionId: string): Promise<LiveSession | undefined> {
    const [row] = await db
      .select(sessionColumns)
      .from(sessions)
      .innerJoin(groups, eq(groups.id, sessions.groupId))
      .where(eq(sessions.id, sessionId))
      .limit(1);
    return row;
  },

  /** The session whose call a LiveKit room is (any generation of it), by the room's base name. */
  async sessionByRoomBase(db: Db, base: string): Promise<LiveSession | undefined> {
    const [row] = await db
      .select(sessionColumns)
      .from(sessions)
      .innerJoin(groups, eq(groups.id, sessions.groupId))
      .where(eq(sessions.roomName, base))
      .limit(1);
    return row;
  },

  /** Sessions whose call may have people in LiveKit: opened, and not ended more than an hour ago. */
  async callsToReconcile(db: Db, now: Date): Promise<string[]> {
    const rows = await db
      .select({ id: sessions.id })
      .from(sessions)
      .where(
        and(
          isNotNull(sessions.openedAt),
          or(isNull(sessions.endedAt), gt(sessions.endedAt, new Date(now.getTime() - 60 * 60_000))),
        ),
      );
    return rows.map((r) => r.id);
  },

  /** Sessions of these groups (or of every group of a provider), not ended, where someone is waiting or in the call. */
  async occupiedSessions(db: Db, scope: { groupIds: readonly string[] } | { providerId: string }): Promise<string[]> {
    const inScope =
      'providerId' in scope
        ? eq(groups.providerId, scope.providerId)
        : scope.groupIds.length > 0
          ? inArray(sessions.groupId, [...scope.groupIds])
          : undefined;
    if (!inScope) return [];
    const rows = await db
      .selectDistinct({ id: sessions.id })
      .from(sessions)
      .innerJoin(groups, eq(groups.id, sessions.groupId))
      .innerJoin(sessionEntries, eq(sessionEntries.sessionId, sessions.id))
      .where(and(inScope, isNull(sessions.endedAt), inArray(sessionEntries.status, ['waiting', 'admitted'])));
    return rows.map((r) => r.id);
  },

  /**
   * Records that admitted entries are getting tokens for the room the call is in now, and
   * returns each one's generation; an entry that stopped being admitted gets none (and no
   * token). One statement, so a removal at the same moment either sees this token (and moves
   * the call) or stops it.
   */
  async claimTokens(db: Db, sessionId: string, entryIds: readonly string[]): Promise<Map<string, number>> {
    if (entryIds.length === 0) return new Map();
    const rows = await db
      .update(sessionEntries)
      .set({
        tokenGeneration: roomGenerationOf(sessionId),
      })
      .where(
        and(
          inArray(sessionEntries.id, [...entryIds]),
          eq(sessionEntries.sessionId, sessionId),
          eq(sessionEntries.status, 'admitted'),
        ),
      )
      .returning({ id: sessionEntries.id, generation: sessionEntries.tokenGeneration });
    return new Map(rows.flatMap((r) => (r.generation === null ? [] : [[r.id, r.generation] as const])));
  },

  /**
   * Moves the call to the next room if it is still in generation `from` (or always, without
   * `from`); returns the new generation, or null when it had moved on already.
   */
  async moveRoom(db: Db, sessionId: string, from?: number): Promise<number | null> {
    const [row] = await db
      .update(sessions)
      .set({ roomGeneration: sql`${sessions.roomGeneration} + 1` })
      .where(and(eq(sessions.id, sessionId), from === undefined ? undefined : eq(sessions.roomGeneration, from)))
      .returning({ generation: sessions.roomGeneration });
    return row?.generation ?? null;
  },

  async roomGeneration(db: Db, sessionId: string): Promise<number | null> {
    const [row] = await db
      .select({ generation: sessions.roomGeneration })
      .from(sessions)
      .where(eq(sessions.id, sessionId))
      .limit(1);
    return row?.generation ?? null;
  },

  /** The names the session's facilitators go by: their names in this session, and the group's facilitators' account names. */
  async facilitatorNames(db: Db, sessionId: string, groupId: string): Promise<string[]> {
    const [inSession, assigned] = await Promise.all([
      db
        .select({ name: sessionEntries.displayName })
        .from(sessionEntries)
        .where(and(eq(sessionEntries.sessionId, sessionId), eq(sessionEntries.kind, 'facilitator'))),
      db
        .select({ name: users.name })
        .from(groupFacilitators)
        .innerJoin(users, eq(users.id, groupFacilitators.userId))
        .where(eq(groupFacilitators.groupId, groupId)),
    ]);
    return [...inSession, ...assigned].map((r) => r.name);
  },

  /** Locks the session row, so admissions and lock changes for one session happen one at a time. */
  async lockSession(tx: Tx, sessionId: string) {
    const [row] = await tx
      .select({ id: sessions.id, locked: sessions.locked, endedAt: sessions.endedAt })
      .from(sessions)
      .where(eq(sessions.id, sessionId))
      .for('update');
    return row;
  },

  async updateSession(
    db: Db,
    sessionId: string,
    fields: Partial<Pick<typeof sessions.$inferInsert, 'locked' | 'openedAt' | 'endedAt' | 'pinnedIdentity'>>,
  ) {
    await db.update(sessions).set(fields).where(eq(sessions.id, sessionId));
  },

  async currentRules(db: Db, groupId: string) {
    const [row] = await db
      .select({ id: groundRuleVersions.id, version: groundRuleVersions.version, rules: groundRuleVersions.rules })
      .from(groundRuleVersions)
      .where(eq(groundRuleVersions.groupId, groupId))
      .orderBy(desc(groundRuleVersions.version))
      .limit(1);
    return row;
  },

  async memberName(db: Db, groupId: string, userId: string) {
    const [row] = await db
      .select({ displayName: memberships.displayName })
      .from(memberships)
      .where(and(eq(memberships.groupId, groupId), eq(memberships.userId, userId)))
      .limit(1);
    return row?.displayName ?? null;
  },

  async entry(db: Db, entryId: string): Promise<EntryRow | undefined> {
    const [row] = await db.select().from(sessionEntries).where(eq(sessionEntries.id, entryId)).limit(1);
    return row;
  },

  async insertEntry(db: Db, values: typeof sessionEntries.$inferInsert): Promise<EntryRow> {
    const [row] = await db.insert(sessionEntries).values(values).returning();
    if (!row) throw new Error('insert returned nothing');
    return row;
  },

  async updateEntry(db: Db, entryId: string, fields: Partial<typeof sessionEntries.$inferInsert>) {
    const [row] = await db.update(sessionEntries).set(fields).where(eq(sessionEntries.id, entryId)).returning();
    return row;
  },

  /** Everyone who has come to the session, in arrival order. */
  async entries(db: Db, sessionId: string): Promise<EntryRow[]> {
    return db
      .select()
      .from(sessionEntries)
      .where(eq(sessionEntries.sessionId, sessionId))
      .orderBy(asc(sessionEntries.createdAt));
  },

  /**
   * Admits the listed people who are still waiting (anyone who left meanwhile stays out), and
   * records them as holding a token for the room the call is in: each is sent one at once,
   * so the claim is made here, in the same statement, rather than in a second UPDATE of
   * every row (see callTokens). Taking one of them out moves the call, as for any holder.
   */
  async admitMany(db: Db, sessionId: string, entryIds: string[], at: Date) {
    await db
      .update(sessionEntries)
      .set({ status: 'admitted', admittedAt: at, message: null, tokenGeneration: roomGenerationOf(sessionId) })
      .where(
        and(
          eq(sessionEntries.sessionId, sessionId),
          inArray(sessionEntries.id, entryIds),
          eq(sessionEntries.status, 'waiting'),
        ),
      );
  },

  async touch(db: Db, entryId: string, at: Date) {
    await db.update(sessionEntries).set({ lastSeenAt: at }).where(eq(sessionEntries.id, entryId));
  },

  /** Waiting people whose connection has been gone longer than the grace period lose their place. */
  async expireWaiting(db: Db, seenBefore: Date): Promise<string[]> {
    const rows = await db
      .update(sessionEntries)
      .set({ status: 'left' })
      .where(and(eq(sessionEntries.status, 'waiting'), lt(sessionEntries.lastSeenAt, seenBefore)))
      .returning({ sessionId: sessionEntries.sessionId });
    return [...new Set(rows.map((r) => r.sessionId))];
  },

  /** Everyone still waiting or in the call has left; and nobody's client address is kept past the end. */
  async endOpenEntries(db: Db, sessionId: string) {
    await db.update(sessionEntries).set({ clientKey: null }).where(eq(sessionEntries.sessionId, sessionId));
    await db
      .update(sessionEntries)
      .set({ status: 'left', handRaisedAt: null })
      .where(and(eq(sessionEntries.sessionId, sessionId), inArray(sessionEntries.status, ['waiting', 'admitted'])));
  },

  // ----- attendance ---------------------------------------------------------------------

  async participantJoined(
    db: Db,
    row: {
      sessionId: string;
      entryId: string | null;
      roomName: string;
      participantSid: string;
      identity: string;
      displayName: string;
      at: Date;
    },
  ) {
    await db
      .insert(attendance)
      .values({
        sessionId: row.sessionId,
        entryId: row.entryId,
        roomName: row.roomName,
        participantSid: row.participantSid,
        identity: row.identity,
        displayName: row.displayName,
        joinedAt: row.at,
      })
      .onConflictDoNothing({ target: attendance.participantSid });
  },

  async participantLeft(db: Db, participantSid: string, at: Date) {
    await db
      .update(attendance)
      .set({ leftAt: at })
      .where(and(eq(attendance.participantSid, participantSid), isNull(attendance.leftAt)));
  },

  /** Closes the stretches still open in one of the session's rooms (and any from before rooms were recorded). */
  async closeRoomAttendance(db: Db, sessionId: string, roomName: string, at: Date) {
    await db
      .update(attendance)
      .set({ leftAt: at })
      .where(
        and(
          eq(attendance.sessionId, sessionId),
          isNull(attendance.leftAt),
          or(eq(attendance.roomName, roomName), isNull(attendance.roomName)),
        ),
      );
  },

  async closeAttendance(db: Db, sessionId: string, at: Date) {
    await db
      .update(attendance)
      .set({ leftAt: at })
      .where(and(eq(attendance.sessionId, sessionId), isNull(attendance.leftAt)));
  },

  async attendance(db: Db, sessionId: string) {
    return db
      .select({
        displayName: attendance.displayName,
        kind: sessionEntries.kind,
        joinedAt: attendance.joinedAt,
        leftAt: attendance.leftAt,
      })
      .from(attendance)
      .leftJoin(sessionEntries, eq(sessionEntries.id, attendance.entryId))
      .where(eq(attendance.sessionId, sessionId))
      .orderBy(asc(attendance.joinedAt));
  },

  /** The active roster with each person's check-in for this session. */
  async checkins(db: Db, sessionId: string, groupId: string) {
    return db
      .select({
        membershipId: memberships.id,
        displayName: memberships.displayName,
        checkedInAt: checkins.checkedInAt,
      })
      .from(memberships)
      .leftJoin(checkins, and(eq(checkins.membershipId, memberships.id), eq(checkins.sessionId, sessionId)))
      .where(and(eq(memberships.groupId, groupId), eq(memberships.status, 'active')))
      .orderBy(asc(sql`lower(${memberships.displayName})`));
  },

  async isActiveMember(db: Db, groupId: string, membershipId: string) {
    const [row] = await db
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.id, membershipId), eq(memberships.groupId, groupId), eq(memberships.status, 'active')))
      .limit(1);
    return row !== undefined;
  },

  async setCheckin(db: Db, sessionId: string, membershipId: string, present: boolean, by: string) {
    if (present) {
      await db.insert(checkins).values({ sessionId, membershipId, checkedInBy: by }).onConflictDoNothing();
    } else {
      await db.delete(checkins).where(and(eq(checkins.sessionId, sessionId), eq(checkins.membershipId, membershipId)));
    }
  },
};
