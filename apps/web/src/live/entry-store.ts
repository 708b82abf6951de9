/**
 * A person's place in one session, kept in the browser's localStorage until the session's
 * scheduled end, so a reload, the call page, or the same browser opened again after it closed
 * takes the same place back (a closed browser used to leave a ghost "connection dropped"
 * entry behind and arrive as a second person). Leaving, being turned away and the session
 * ending forget it; so does the end of the session's time, so a shared computer does not hand
 * the next person someone's place in a later session. The key is what proves the entry is
 * theirs.
 */

/** What the device check settled on, for the call page to start with. */
export interface DeviceChoice {
  camera: boolean;
  mic: boolean;
  cameraId?: string;
  micId?: string;
  /** No video either way: the call should not send or receive any (a weak connection, little data). */
  audioOnly: boolean;
}

export interface StoredEntry {
  entryId: string;
  key: string;
  displayName: string;
  devices: DeviceChoice;
  /** When the session is scheduled to end (ISO): the place is forgotten after it. */
  until: string;
}

/** The parts of `Storage` used here, so tests can hand in a Map. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const NO_DEVICES: DeviceChoice = { camera: false, mic: false, audioOnly: false };

export const storageKey = (sessionId: string) => `peer-support:entry:${sessionId}`;

/** The browser's localStorage, or null where it is switched off (some private modes throw on access). */
function defaultStore(): KeyValueStore | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function readStoredEntry(sessionId: string, store = defaultStore(), now = new Date()): StoredEntry | null {
  let raw: string | null = null;
  try {
    raw = store?.getItem(storageKey(sessionId)) ?? null;
  } catch {
    return null;
  }
  const entry = raw === null ? null : parseStoredEntry(raw);
  if (entry && Date.parse(entry.until) <= now.getTime()) {
    forgetStoredEntry(sessionId, store);
    return null;
  }
  return entry;
}

/** Returns false when the browser would not keep it (full or switched off): the page still works, a reload just starts over. */
export function writeStoredEntry(sessionId: string, entry: StoredEntry, store = defaultStore()): boolean {
  try {
    store?.setItem(storageKey(sessionId), JSON.stringify(entry));
    return store !== null;
  } catch {
    return false;
  }
}

/** Changes the device choice of a stored entry (the call page's own toggles, say); nothing when there is none. */
export function updateStoredDevices(sessionId: string, devices: DeviceChoice, store = defaultStore()): boolean {
  const current = readStoredEntry(sessionId, store);
  return current !== null && writeStoredEntry(sessionId, { ...current, devices }, store);
}

export function forgetStoredEntry(sessionId: string, store = defaultStore()): void {
  try {
    store?.removeItem(storageKey(sessionId));
  } catch {
    // Nothing to forget if storage is off.
  }
}

/** Checks what comes back from storage: an older version of the page, or a hand edit, must not break this one. */
export function parseStoredEntry(raw: string): StoredEntry | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (!isNonEmptyString(v.entryId) || !isNonEmptyString(v.key) || typeof v.displayName !== 'string') return null;
  // Without an end it would never be forgotten: treat it as over.
  if (!isNonEmptyString(v.until) || Number.isNaN(Date.parse(v.until))) return null;
  return {
    entryId: v.entryId,
    key: v.key,
    displayName: v.displayName,
    devices: parseDevices(v.devices),
    until: v.until,
  };
}

function parseDevices(value: unknown): DeviceChoice {
  if (typeof value !== 'object' || value === null) return NO_DEVICES;
  const d = value as Record<string, unknown>;
  const audioOnly = d.audioOnly === true;
  const choice: DeviceChoice = { camera: d.camera === true && !audioOnly, mic: d.mic === true, audioOnly };
  if (isNonEmptyString(d.cameraId)) choice.cameraId = d.cameraId;
  if (isNonEmptyString(d.micId)) choice.micId = d.micId;
  return choice;
}

const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
