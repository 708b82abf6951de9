import { DisconnectReason, type RemoteTrackPublication, Room, RoomEvent, Track, VideoPresets } from 'livekit-client';
import { useEffect, useState } from 'react';
import { describeMediaError } from '../join/devices.ts';
import type { DeviceChoice } from '../live/entry-store.ts';

export interface CallRoom {
  /** Null until the room exists; it exists before it is connected, so hooks can listen from the start. */
  room: Room | null;
  /** Why connecting failed, for a person to read. */
  error: string | null;
  /** Set when the call dropped us for good (removed, room closed, opened in another tab); null while in it. */
  dropped: DisconnectReason | undefined | null;
  /** A camera or microphone that would not start, said so a person can act on it. */
  mediaError: string | null;
  setMediaError(message: string | null): void;
}

/**
 * Joins the LiveKit room with a token for as long as the component is mounted, and starts the
 * camera and microphone the person chose in the device check. Audio-only people neither send
 * nor receive video: that is what makes the call work on little data.
 */
export function useCallRoom(url: string, token: string, devices: DeviceChoice): CallRoom {
  const [room, setRoom] = useState<Room | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dropped, setDropped] = useState<DisconnectReason | undefined | null>(null);
  const [mediaError, setMediaError] = useState<string | null>(null);
  const { audioOnly, camera, mic, cameraId, micId } = devices;

  useEffect(() => {
    const room = new Room({
      // Groups need these on: only visible tiles get video, and layers nobody watches stop being sent.
      adaptiveStream: true,
      dynacast: true,
      audioCaptureDefaults: micId ? { deviceId: micId } : {},
      // 540p is plenty for a tile in a group and kinder to cheap phones and thin connections.
      videoCaptureDefaults: { resolution: VideoPresets.h540.resolution, ...(cameraId ? { deviceId: cameraId } : {}) },
    });
    let left = false;
    const subscribeAudio = (publication: RemoteTrackPublication) => {
      if (publication.kind === Track.Kind.Audio) publication.setSubscribed(true);
    };
    const onDisconnected = (reason?: DisconnectReason) => {
      // Leaving is the page's own doing and has its own screen.
      if (!left && reason !== DisconnectReason.CLIENT_INITIATED) setDropped(reason);
    };
    room.on(RoomEvent.Disconnected, onDisconnected);
    if (audioOnly) room.on(RoomEvent.TrackPublished, subscribeAudio);
    setRoom(room);
    setError(null);
    setDropped(null);

    // Every failure is caught inside and shown as the error; nothing is left to reject.
    void (async () => {
      try {
        await room.connect(url, token, { autoSubscribe: !audioOnly });
      } catch (e) {
        if (!left) setError(`We could not connect you to the call. ${(e as Error).message}`);
        return;
      }
      if (left) return;
      if (audioOnly) {
        for (const p of room.remoteParticipants.values())
          for (const pub of p.trackPublications.values()) subscribeAudio(pub);
      }
      // One at a time: some phones refuse a second getUserMedia while the first prompt is open.
      if (mic) await start(room, 'microphone', setMediaError);
      if (camera && !audioOnly && !left) await start(room, 'camera', setMediaError);
    })();

    return () => {
      left = true;
      room.off(RoomEvent.Disconnected, onDisconnected);
      room.off(RoomEvent.TrackPublished, subscribeAudio);
      void room.disconnect();
    };
  }, [url, token, audioOnly, camera, mic, cameraId, micId]);

  return { room, error, dropped, mediaError, setMediaError };
}

async function start(room: Room, what: 'camera' | 'microphone', onError: (message: string) => void) {
  try {
    if (what === 'camera') await room.localParticipant.setCameraEnabled(true);
    else await room.localParticipant.setMicrophoneEnabled(true);
  } catch (e) {
    onError(describeMediaError(e, what));
  }
}
