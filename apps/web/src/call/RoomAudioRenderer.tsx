import { type RemoteTrack, type Room, RoomEvent, Track } from 'livekit-client';
import { useEffect } from 'react';

/** Plays every remote microphone; audio elements live outside React's tree. */
export function RoomAudioRenderer({ room }: { room: Room }) {
  useEffect(() => {
    const attached = new Set<RemoteTrack>();
    const onSubscribed = (track: RemoteTrack) => {
      if (track.kind !== Track.Kind.Audio) return;
      document.body.appendChild(track.attach());
      attached.add(track);
    };
    const onUnsubscribed = (track: RemoteTrack) => {
      for (const el of track.detach()) el.remove();
      attached.delete(track);
    };
    for (const p of room.remoteParticipants.values()) {
      for (const pub of p.trackPublications.values()) if (pub.track) onSubscribed(pub.track);
    }
    room.on(RoomEvent.TrackSubscribed, onSubscribed);
    room.on(RoomEvent.TrackUnsubscribed, onUnsubscribed);
    return () => {
      room.off(RoomEvent.TrackSubscribed, onSubscribed);
      room.off(RoomEvent.TrackUnsubscribed, onUnsubscribed);
      for (const t of attached) for (const el of t.detach()) el.remove();
    };
  }, [room]);
  return null;
}
