import type { Attendance } from '@peer-support/contracts/live';

type OnlineRow = Attendance['online'][number];
type CheckinRow = Attendance['inPerson'][number];

/** The online rows in the order people came in; a reconnect is a second row for the same person. */
export function onlineRows(rows: readonly OnlineRow[]): OnlineRow[] {
  return [...rows].sort((a, b) => Date.parse(a.joinedAt) - Date.parse(b.joinedAt));
}

/** "3 of 8 checked in", for the heading of the in-person list. */
export function checkinSummary(rows: readonly CheckinRow[]): string {
  const present = rows.filter((r) => r.checkedInAt !== null).length;
  return `${present} of ${rows.length} checked in`;
}

/** The roster by name, so the facilitator finds people the way they would on paper. */
export function checkinRows(rows: readonly CheckinRow[]): CheckinRow[] {
  return [...rows].sort(
    (a, b) => a.displayName.localeCompare(b.displayName) || a.membershipId.localeCompare(b.membershipId),
  );
}

/** Sets or clears one person's check-in, as the page shows it before the API answers. */
export function withCheckin(rows: readonly CheckinRow[], membershipId: string, at: string | null): CheckinRow[] {
  return rows.map((r) => (r.membershipId === membershipId ? { ...r, checkedInAt: at } : r));
}

export const minutesWords = (minutes: number) =>
  minutes < 1 ? 'under a minute' : `${minutes} minute${minutes === 1 ? '' : 's'}`;
