import { type EntryKind, type EntrySummary, KIND_ATTRIBUTE } from '@peer-support/contracts/live';
import { readAs } from '@peer-support/domain/standing';
import { canActOn, ENTRY_KINDS, handQueue, waitingQueue } from '@peer-support/domain/waiting-room';

/**
 * The facilitator console's lists, from the live room. The ordering rules are the domain's,
 * so the console shows the same queue the server keeps.
 */
const toDate = (iso: string | null) => (iso === null ? null : new Date(iso));

/**
 * The room with names a facilitator can tell apart: when two people go by the same name (as
 * people read it), the later arrivals are "Sky (2)", "Sky (3)", so admitting or removing the
 * right one never depends on guessing.
 */
export function withDistinctNames(entries: readonly EntrySummary[]): EntrySummary[] {
  const order = [...entries].sort(
    (a, b) => (a.waitingSince ?? '').localeCompare(b.waitingSince ?? '') || a.id.localeCompare(b.id),
  );
  const seen = new Map<string, number>();
  const names = new Map<string, string>();
  for (const e of order) {
    const read = readAs(e.displayName);
    const n = (seen.get(read) ?? 0) + 1;
    seen.set(read, n);
    names.set(e.id, n === 1 ? e.displayName : `${e.displayName} (${n})`);
  }
  return entries.map((e) => ({ ...e, displayName: names.get(e.id) ?? e.displayName }));
}

/** Everyone waiting, first come first served. */
export function waitingList(entries: readonly EntrySummary[]): EntrySummary[] {
  return waitingQueue(
    entries.map((entry) => ({ id: entry.id, status: entry.status, waitingSince: toDate(entry.waitingSince), entry })),
  ).map((q) => q.entry);
}

/** Raised hands in the order they went up. */
export function raisedHands(entries: readonly EntrySummary[]): EntrySummary[] {
  return handQueue(
    entries.map((entry) => ({ id: entry.id, status: entry.status, handRaisedAt: toDate(entry.handRaisedAt), entry })),
  ).map((q) => q.entry);
}

/** Who is in the call: facilitators first, then everyone else by name. */
export function inCall(entries: readonly EntrySummary[]): EntrySummary[] {
  return entries
    .filter((e) => e.status === 'admitted')
    .sort(
      (a, b) =>
        Number(b.kind === 'facilitator') - Number(a.kind === 'facilitator') ||
        a.displayName.localeCompare(b.displayName) ||
        a.id.localeCompare(b.id),
    );
}

/** What a facilitator may do to `target`: nothing to another facilitator (they are peers), and only pin themselves. */
export function offeredActions(target: Pick<EntrySummary, 'kind' | 'identity'>, selfIdentity: string) {
  const self = target.identity === selfIdentity;
  const actOn = !self && canActOn(target.kind);
  return { mute: actOn, remove: actOn, pin: self || actOn };
}

export const KIND_LABEL: Record<EntryKind, string> = { facilitator: 'Facilitator', member: 'Member', guest: 'Guest' };

/**
 * What a LiveKit participant is (facilitator, member, guest). Facilitators know from the room
 * list; for everyone else the server says so in the participant's `kind` attribute, which it
 * sets in the token and nobody can change; anything else badges nobody.
 */
export function participantKind(
  identity: string,
  entries: readonly EntrySummary[] | null,
  attributes: Readonly<Record<string, string>> | undefined,
): EntryKind | null {
  const listed = entries?.find((e) => e.identity === identity);
  if (listed) return listed.kind;
  const fromAttributes = attributes?.[KIND_ATTRIBUTE];
  return isKind(fromAttributes) ? fromAttributes : null;
}

const isKind = (value: unknown): value is EntryKind => (ENTRY_KINDS as readonly unknown[]).includes(value);

/** Who has arrived in the waiting room since `seen`, as one sentence; null when nobody new has. */
export function arrivalWords(seen: ReadonlySet<string>, waiting: readonly EntrySummary[]): string | null {
  const names = waiting.filter((e) => !seen.has(e.id)).map((e) => e.displayName);
  if (names.length === 0) return null;
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `${list} ${names.length === 1 ? 'is' : 'are'} waiting to come in.`;
}

/** What locked means, said the same everywhere the facilitator sees it (decision 0015). */
export function lockWords(locked: boolean): string {
  return locked
    ? 'Locked: everyone new waits in the waiting room, members too, and is told the room is locked. You confirm anyone you let in.'
    : 'Open: people arrive in the waiting room (members of an open-door group walk in).';
}
