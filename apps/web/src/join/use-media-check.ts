import { useCallback, useEffect, useState } from 'react';
import { type DeviceOption, describeMediaError, deviceOptions, UNSUPPORTED_MEDIA } from './devices.ts';

export interface MediaWanted {
  video: boolean;
  cameraId?: string | undefined;
  micId?: string | undefined;
}

export interface MediaCheck {
  /** `starting` while the browser asks for permission or opens the devices. */
  status: 'starting' | 'ready';
  stream: MediaStream | null;
  cameraError: string | null;
  micError: string | null;
  cameras: DeviceOption[];
  mics: DeviceOption[];
  /** The devices actually in use (the browser's pick when none was chosen). */
  cameraId: string | undefined;
  micId: string | undefined;
  retry(): void;
}

interface Opened {
  stream: MediaStream | null;
  cameraError: string | null;
  micError: string | null;
}

const stopAll = (stream: MediaStream | null) => {
  for (const track of stream?.getTracks() ?? []) track.stop();
};

const pick = (id: string | undefined): MediaTrackConstraints | true => (id ? { deviceId: { exact: id } } : true);

const isDenied = (error: unknown) => {
  const name = (error as { name?: string } | null)?.name;
  return name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError';
};

/**
 * Opens the microphone (and the camera when wanted) with one permission prompt. If that fails
 * for a reason other than "blocked", each is tried alone, so a laptop with a broken camera can
 * still be heard and one with no microphone can still be seen.
 */
async function openMedia(want: MediaWanted): Promise<Opened> {
  const media = navigator.mediaDevices;
  if (!media?.getUserMedia)
    return { stream: null, cameraError: want.video ? UNSUPPORTED_MEDIA : null, micError: UNSUPPORTED_MEDIA };
  const audio = pick(want.micId);
  if (!want.video) {
    try {
      return { stream: await media.getUserMedia({ audio }), cameraError: null, micError: null };
    } catch (error) {
      return { stream: null, cameraError: null, micError: describeMediaError(error, 'microphone') };
    }
  }
  const video = pick(want.cameraId);
  try {
    return { stream: await media.getUserMedia({ audio, video }), cameraError: null, micError: null };
  } catch (error) {
    if (isDenied(error)) {
      return {
        stream: null,
        cameraError: describeMediaError(error, 'camera'),
        micError: describeMediaError(error, 'microphone'),
      };
    }
  }
  const [mic, camera] = await Promise.allSettled([media.getUserMedia({ audio }), media.getUserMedia({ video })]);
  const tracks = [mic, camera].flatMap((r) => (r.status === 'fulfilled' ? r.value.getTracks() : []));
  return {
    stream: tracks.length > 0 ? new MediaStream(tracks) : null,
    cameraError: camera.status === 'rejected' ? describeMediaError(camera.reason, 'camera') : null,
    micError: mic.status === 'rejected' ? describeMediaError(mic.reason, 'microphone') : null,
  };
}

const deviceId = (track: MediaStreamTrack | undefined) => track?.getSettings().deviceId || undefined;

/**
 * The device check's media: opens what is wanted, lists the devices once permission gives them
 * names, and stops every track when the wanted devices change or the step is left, so the
 * camera light goes off and the call page can open the devices afresh.
 */
export function useMediaCheck(want: MediaWanted): MediaCheck {
  const [opened, setOpened] = useState<Opened & { status: MediaCheck['status'] }>({
    status: 'starting',
    stream: null,
    cameraError: null,
    micError: null,
  });
  const [devices, setDevices] = useState<{ cameras: DeviceOption[]; mics: DeviceOption[] }>({ cameras: [], mics: [] });
  const [round, setRound] = useState(0);
  const { video, cameraId, micId } = want;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `round` is how retry() asks for the devices again.
  useEffect(() => {
    let active = true;
    let stream: MediaStream | null = null;
    setOpened((o) => ({ ...o, status: 'starting', stream: null }));
    // openMedia answers every failure as a status, so this never rejects.
    void openMedia({ video, cameraId, micId }).then((result) => {
      if (!active) {
        stopAll(result.stream);
        return;
      }
      stream = result.stream;
      setOpened({ ...result, status: 'ready' });
    });
    return () => {
      active = false;
      stopAll(stream);
    };
  }, [video, cameraId, micId, round]);

  // Device names come only after permission, and devices come and go (a headset plugged in).
  useEffect(() => {
    const media = navigator.mediaDevices;
    if (!media?.enumerateDevices || opened.status !== 'ready') return;
    let active = true;
    const refresh = () =>
      media
        .enumerateDevices()
        .then((list) => {
          if (active)
            setDevices({ cameras: deviceOptions(list, 'videoinput'), mics: deviceOptions(list, 'audioinput') });
        })
        .catch(() => {
          // Without a list the browser's own pick is used; nothing to tell the person.
        });
    void refresh();
    media.addEventListener('devicechange', refresh);
    return () => {
      active = false;
      media.removeEventListener('devicechange', refresh);
    };
  }, [opened.status]);

  const retry = useCallback(() => setRound((r) => r + 1), []);
  return {
    ...opened,
    ...devices,
    cameraId: deviceId(opened.stream?.getVideoTracks()[0]),
    micId: deviceId(opened.stream?.getAudioTracks()[0]),
    retry,
  };
}
