import { type Room, RoomEvent } from 'livekit-client';
import { useEffect, useState } from 'react';

/**
 * Everything the call shows about people: who is here, their camera and microphone, who is
 * speaking, their connection, and the room's own connection and sound.
 */
export const CALL_EVENTS: readonly RoomEvent[] = [
  RoomEvent.ConnectionStateChanged,
  RoomEvent.ParticipantConnected,
  RoomEvent.ParticipantDisconnected,
  RoomEvent.ParticipantNameChanged,
  RoomEvent.ParticipantAttributesChanged,
  RoomEvent.ParticipantMetadataChanged,
  RoomEvent.TrackPublished,
  RoomEvent.TrackUnpublished,
  RoomEvent.TrackSubscribed,
  RoomEvent.TrackUnsubscribed,
  RoomEvent.TrackMuted,
  RoomEvent.TrackUnmuted,
  RoomEvent.LocalTrackPublished,
  RoomEvent.LocalTrackUnpublished,
  RoomEvent.ActiveSpeakersChanged,
  RoomEvent.ConnectionQualityChanged,
  RoomEvent.AudioPlaybackStatusChanged,
];

/**
 * Why not @livekit/components-react: its hooks (and the rxjs under them) added about 11 kB
 * gzip, which took the call's JavaScript to 251 kB against a 250 kB budget. This one hook and
 * reading the room's objects directly cover what the call needs.
 *
 * Re-renders whenever the room reports one of `events`, so components can read the room's own
 * objects (its participants, their tracks) directly instead of a copy that could drift. Every
 * listener is removed on cleanup.
 */
export function useRoomEvents(room: Room, events: readonly RoomEvent[] = CALL_EVENTS): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const bump: (...args: never[]) => void = () => setVersion((v) => v + 1);
    for (const event of events) room.on(event, bump);
    return () => {
      for (const event of events) room.off(event, bump);
    };
  }, [room, events]);
  return version;
}
