import type { DeviceChoice } from '../live/entry-store.ts';

/** How someone wants to take part: seen and heard, heard only, or with no video either way. */
export type VideoMode = 'camera' | 'no-camera' | 'audio-only';

export interface DeviceOption {
  id: string;
  label: string;
}

/**
 * The cameras or microphones to offer. Browsers hide labels until permission is given and
 * some give them none at all, so an unnamed device gets "Camera 2". Chrome's "default" entry
 * stays (it is what the browser opens when nothing is chosen, and follows the system setting);
 * its Windows-only "communications" duplicate goes.
 */
export function deviceOptions(
  devices: readonly { deviceId: string; kind: string; label: string }[],
  kind: 'videoinput' | 'audioinput',
): DeviceOption[] {
  const noun = kind === 'videoinput' ? 'Camera' : 'Microphone';
  const real = devices.filter((d) => d.kind === kind && d.deviceId !== '' && d.deviceId !== 'communications');
  return real.map((d, i) => ({ id: d.deviceId, label: d.label.trim() || `${noun} ${i + 1}` }));
}

/** Why a camera or microphone could not be opened, in words that say what to do next. */
export function describeMediaError(error: unknown, what: 'camera' | 'microphone'): string {
  const name = (error as { name?: unknown } | null)?.name;
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return `Your browser is not letting this site use your ${what}. To turn it on, allow it in the browser's site settings (often the icon next to the address), then press Try again.`;
    case 'NotFoundError':
    case 'DevicesNotFoundError':
      return `We could not find a ${what} on this device.`;
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return `Your ${what} seems to be in use by another app (another call, perhaps). Close that app, then press Try again.`;
    case 'OverconstrainedError':
      return `The ${what} you chose is no longer available. Choose another one.`;
    default:
      return `Your ${what} could not be started. Press Try again, or carry on without it.`;
  }
}

export const UNSUPPORTED_MEDIA =
  'This browser cannot use a camera or microphone on this page. You can still join to listen and read the chat.';

/**
 * A 0–100 loudness from one frame of `getByteTimeDomainData` samples (128 is silence): the
 * RMS in decibels, with -60 dB and below as 0 and 0 dB as 100, which tracks what the ear hears
 * better than the raw amplitude does.
 */
export function levelFromSamples(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const x = ((samples[i] ?? 128) - 128) / 128;
    sum += x * x;
  }
  const rms = Math.sqrt(sum / samples.length);
  if (rms <= 0) return 0;
  const db = 20 * Math.log10(rms);
  return Math.max(0, Math.min(100, Math.round(((db + 60) / 60) * 100)));
}

/** Above this a voice (or the fake device's tone) is clearly getting through, not just room noise. */
export const HEARD_LEVEL = 35;

/** What the call should start with, from what the person chose and what actually worked. */
export function deviceChoice(
  mode: VideoMode,
  micOn: boolean,
  working: { camera: boolean; cameraId?: string | undefined; mic: boolean; micId?: string | undefined },
): DeviceChoice {
  const choice: DeviceChoice = {
    camera: mode === 'camera' && working.camera,
    mic: micOn && working.mic,
    audioOnly: mode === 'audio-only',
  };
  if (choice.camera && working.cameraId) choice.cameraId = working.cameraId;
  if (working.mic && working.micId) choice.micId = working.micId;
  return choice;
}
