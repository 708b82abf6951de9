import { type Participant, Room, RoomEvent } from 'livekit-client';
import { useEffect, useState } from 'react';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export interface RoomView {
  room: Room | null;
  participants: Participant[];
  state: ConnectionState;
  error: string | null;
}

const ROOM_EVENTS = [
  RoomEvent.ParticipantConnected,
  RoomEvent.ParticipantDisconnected,
  RoomEvent.TrackSubscribed,
  RoomEvent.TrackUnsubscribed,
  RoomEvent.TrackMuted,
  RoomEvent.TrackUnmuted,
  RoomEvent.LocalTrackPublished,
  RoomEvent.LocalTrackUnpublished,
] as const;

/** Connects to a LiveKit room for as long as the component is mounted. */
export function useRoom(url: string, token: string): RoomView {
  const [view, setView] = useState<RoomView>({ room: null, participants: [], state: 'connecting', error: null });

  useEffect(() => {
    // Groups need these on: only visible tiles get video, and unused layers stop being sent.
    const room = new Room({ adaptiveStream: true, dynacast: true });
    const refresh = () =>
      setView((v) => ({ ...v, room, participants: [room.localParticipant, ...room.remoteParticipants.values()] }));
    const onState = (state: ConnectionState) => () => setView((v) => ({ ...v, state }));
    const listeners: [RoomEvent, (...args: never[]) => void][] = [
      ...ROOM_EVENTS.map((e) => [e, refresh] as [RoomEvent, () => void]),
      [RoomEvent.Reconnecting, onState('reconnecting')],
      [RoomEvent.Reconnected, onState('connected')],
      [RoomEvent.Disconnected, onState('disconnected')],
    ];
    for (const [event, fn] of listeners) room.on(event, fn);

    let cancelled = false;
    (async () => {
      try {
        await room.connect(url, token);
        if (cancelled) return;
        setView((v) => ({ ...v, state: 'connected' }));
        refresh();
        await room.localParticipant.enableCameraAndMicrophone();
        refresh();
      } catch (error) {
        if (!cancelled) setView((v) => ({ ...v, error: (error as Error).message }));
      }
    })();

    return () => {
      cancelled = true;
      for (const [event, fn] of listeners) room.off(event, fn);
      void room.disconnect();
    };
  }, [url, token]);

  return view;
}
