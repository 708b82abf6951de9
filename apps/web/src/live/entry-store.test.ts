import { describe, expect, it } from 'vitest';
import {
  forgetStoredEntry,
  type KeyValueStore,
  NO_DEVICES,
  parseStoredEntry,
  readStoredEntry,
  type StoredEntry,
  storageKey,
  updateStoredDevices,
  writeStoredEntry,
} from './entry-store.ts';

class MapStore implements KeyValueStore {
  readonly map = new Map<string, string>();
  getItem(key: string) {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.map.set(key, value);
  }
  removeItem(key: string) {
    this.map.delete(key);
  }
}

const throwing: KeyValueStore = {
  getItem() {
    throw new Error('SecurityError');
  },
  setItem() {
    throw new Error('QuotaExceededError');
  },
  removeItem() {
    throw new Error('SecurityError');
  },
};

const stored: StoredEntry = {
  entryId: 'e1',
  key: 'secret',
  displayName: 'River',
  devices: { camera: true, mic: true, cameraId: 'cam-1', micId: 'mic-1', audioOnly: false },
  until: '2999-01-01T00:00:00.000Z',
};

describe('entry store', () => {
  it('keeps one entry per session', () => {
    const store = new MapStore();
    expect(writeStoredEntry('s1', stored, store)).toBe(true);
    expect(readStoredEntry('s1', store)).toEqual(stored);
    expect(readStoredEntry('s2', store)).toBeNull();
    expect([...store.map.keys()]).toEqual([storageKey('s1')]);
  });

  it('forgets an entry', () => {
    const store = new MapStore();
    writeStoredEntry('s1', stored, store);
    forgetStoredEntry('s1', store);
    expect(readStoredEntry('s1', store)).toBeNull();
  });

  it('updates the device choice of a stored entry only', () => {
    const store = new MapStore();
    expect(updateStoredDevices('s1', NO_DEVICES, store)).toBe(false);
    expect(readStoredEntry('s1', store)).toBeNull();
    writeStoredEntry('s1', stored, store);
    expect(updateStoredDevices('s1', { camera: false, mic: true, audioOnly: true }, store)).toBe(true);
    expect(readStoredEntry('s1', store)?.devices).toEqual({ camera: false, mic: true, audioOnly: true });
  });

  it('forgets a place once its session’s time is over, so a shared computer hands it to nobody', () => {
    const store = new MapStore();
    writeStoredEntry('s1', { ...stored, until: '2026-12-01T20:00:00.000Z' }, store);
    expect(readStoredEntry('s1', store, new Date('2026-12-01T19:59:00Z'))?.entryId).toBe('e1');
    expect(readStoredEntry('s1', store, new Date('2026-12-01T20:00:00Z'))).toBeNull();
    expect(store.map.size).toBe(0);
  });

  it('carries on when storage is switched off or full', () => {
    expect(writeStoredEntry('s1', stored, throwing)).toBe(false);
    expect(readStoredEntry('s1', throwing)).toBeNull();
    expect(() => forgetStoredEntry('s1', throwing)).not.toThrow();
    expect(writeStoredEntry('s1', stored, null)).toBe(false);
    expect(readStoredEntry('s1', null)).toBeNull();
  });
});

describe('parseStoredEntry', () => {
  it('rejects what is not an entry', () => {
    expect(parseStoredEntry('nope')).toBeNull();
    expect(parseStoredEntry('null')).toBeNull();
    expect(parseStoredEntry('{"entryId":"e1"}')).toBeNull();
    expect(parseStoredEntry('{"entryId":"e1","key":"","displayName":"x"}')).toBeNull();
    // One without an end would never be forgotten.
    expect(parseStoredEntry('{"entryId":"e1","key":"k","displayName":"x"}')).toBeNull();
    expect(parseStoredEntry('{"entryId":"e1","key":"k","displayName":"x","until":"soon"}')).toBeNull();
  });

  it('fills in a missing or odd device choice with nothing on', () => {
    expect(
      parseStoredEntry('{"entryId":"e1","key":"k","displayName":"x","until":"2999-01-01T00:00:00Z"}')?.devices,
    ).toEqual(NO_DEVICES);
    expect(
      parseStoredEntry(
        '{"entryId":"e1","key":"k","displayName":"x","until":"2999-01-01T00:00:00Z","devices":{"camera":"yes","mic":true,"cameraId":7}}',
      )?.devices,
    ).toEqual({ camera: false, mic: true, audioOnly: false });
  });

  it('never has the camera on for audio only', () => {
    const raw = JSON.stringify({ ...stored, devices: { camera: true, mic: true, audioOnly: true } });
    expect(parseStoredEntry(raw)?.devices).toEqual({ camera: false, mic: true, audioOnly: true });
  });
});
