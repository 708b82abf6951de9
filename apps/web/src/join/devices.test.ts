import { describe, expect, it } from 'vitest';
import { describeMediaError, deviceChoice, deviceOptions, HEARD_LEVEL, levelFromSamples } from './devices.ts';

describe('deviceOptions', () => {
  it('names unnamed devices and drops the communications duplicate', () => {
    const devices = [
      { deviceId: 'default', kind: 'audioinput', label: 'Default - Headset' },
      { deviceId: 'communications', kind: 'audioinput', label: 'Communications - Headset' },
      { deviceId: 'm1', kind: 'audioinput', label: 'Headset' },
      { deviceId: 'm2', kind: 'audioinput', label: '' },
      { deviceId: 'c1', kind: 'videoinput', label: '' },
      { deviceId: '', kind: 'videoinput', label: '' },
      { deviceId: 's1', kind: 'audiooutput', label: 'Speakers' },
    ];
    expect(deviceOptions(devices, 'audioinput')).toEqual([
      { id: 'default', label: 'Default - Headset' },
      { id: 'm1', label: 'Headset' },
      { id: 'm2', label: 'Microphone 3' },
    ]);
    expect(deviceOptions(devices, 'videoinput')).toEqual([{ id: 'c1', label: 'Camera 1' }]);
  });
});

describe('describeMediaError', () => {
  it('says what to do for each kind of failure', () => {
    const err = (name: string) => Object.assign(new Error('x'), { name });
    expect(describeMediaError(err('NotAllowedError'), 'camera')).toMatch(/not letting this site use your camera/);
    expect(describeMediaError(err('NotFoundError'), 'microphone')).toBe(
      'We could not find a microphone on this device.',
    );
    expect(describeMediaError(err('NotReadableError'), 'camera')).toMatch(/in use by another app/);
    expect(describeMediaError(err('OverconstrainedError'), 'camera')).toMatch(/no longer available/);
    expect(describeMediaError(null, 'camera')).toMatch(/could not be started/);
  });
});

describe('levelFromSamples', () => {
  it('is 0 for silence and 100 for full scale', () => {
    expect(levelFromSamples(new Uint8Array(256).fill(128))).toBe(0);
    expect(levelFromSamples([])).toBe(0);
    const square = Uint8Array.from({ length: 256 }, (_, i) => (i % 2 ? 0 : 255));
    expect(levelFromSamples(square)).toBe(100);
  });

  it('puts a quiet hiss below and a voice above the heard mark', () => {
    // ±1 around silence is about -42 dB; ±20 is about -16 dB.
    const hiss = Uint8Array.from({ length: 256 }, (_, i) => (i % 2 ? 127 : 129));
    const voice = Uint8Array.from({ length: 256 }, (_, i) => (i % 2 ? 108 : 148));
    expect(levelFromSamples(hiss)).toBeLessThan(HEARD_LEVEL);
    expect(levelFromSamples(voice)).toBeGreaterThan(HEARD_LEVEL);
  });
});

describe('deviceChoice', () => {
  const working = { camera: true, cameraId: 'c1', mic: true, micId: 'm1' };
  it('keeps what was chosen and works', () => {
    expect(deviceChoice('camera', true, working)).toEqual({
      camera: true,
      mic: true,
      cameraId: 'c1',
      micId: 'm1',
      audioOnly: false,
    });
  });

  it('turns the camera off without camera or audio only', () => {
    expect(deviceChoice('no-camera', true, working)).toEqual({
      camera: false,
      mic: true,
      micId: 'm1',
      audioOnly: false,
    });
    expect(deviceChoice('audio-only', false, working)).toEqual({
      camera: false,
      mic: false,
      micId: 'm1',
      audioOnly: true,
    });
  });

  it('never turns on what did not work', () => {
    expect(deviceChoice('camera', true, { camera: false, mic: false })).toEqual({
      camera: false,
      mic: false,
      audioOnly: false,
    });
  });
});
