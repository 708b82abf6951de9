import { ParticipantEvent, type Room, Track, type TrackPublication } from 'livekit-client';
import { useEffect, useRef, useState } from 'react';
import { describeMediaError } from '../join/devices.ts';

interface CallControlsProps {
  room: Room;
  audioOnly: boolean;
  handRaised: boolean;
  leaving: boolean;
  onHand(): void;
  onLeave(): void;
  /** The person turned their camera or microphone on or off: remembered for a reload. */
  onDeviceChange(what: 'camera' | 'mic', on: boolean): void;
  onMediaError(message: string): void;
}

/**
 * Mute, camera, hand and leave. Each button's name says what pressing it does, and changes with
 * the state, so the state is not also given as aria-pressed (that would read "Unmute
 * microphone, pressed", which says the opposite of what is meant).
 */
export function CallControls(props: CallControlsProps) {
  const { room, audioOnly, handRaised, leaving, onHand, onLeave, onDeviceChange, onMediaError } = props;
  // Read afresh on each render: the call re-renders on the room's events (see use-room-events.ts).
  const { localParticipant } = room;
  const { isMicrophoneEnabled, isCameraEnabled } = localParticipant;
  const [busy, setBusy] = useState<'camera' | 'mic' | null>(null);
  const [mutedBy, setMutedBy] = useState<string | null>(null);
  // Set while this person is changing their own devices, so only someone else's mute is announced.
  const changingOwn = useRef(false);

  useEffect(() => {
    const local = room.localParticipant;
    const onMuted = (publication: TrackPublication) => {
      if (changingOwn.current) return;
      if (publication.source === Track.Source.Microphone)
        setMutedBy('A facilitator muted your microphone. You can unmute it when you are ready to speak.');
      else if (publication.source === Track.Source.Camera)
        setMutedBy('A facilitator turned your camera off. You can turn it back on.');
    };
    local.on(ParticipantEvent.TrackMuted, onMuted);
    return () => {
      local.off(ParticipantEvent.TrackMuted, onMuted);
    };
  }, [room]);

  async function toggle(what: 'camera' | 'mic') {
    if (busy) return;
    setBusy(what);
    setMutedBy(null);
    changingOwn.current = true;
    const on = what === 'mic' ? !isMicrophoneEnabled : !isCameraEnabled;
    try {
      if (what === 'mic') await localParticipant.setMicrophoneEnabled(on);
      else await localParticipant.setCameraEnabled(on);
      onDeviceChange(what, on);
    } catch (e) {
      onMediaError(describeMediaError(e, what === 'mic' ? 'microphone' : 'camera'));
    } finally {
      changingOwn.current = false;
      setBusy(null);
    }
  }

  return (
    <section className="call-controls" aria-label="Call controls">
      <p role="status" className={mutedBy ? 'call-muted-by' : 'visually-hidden'}>
        {mutedBy}
      </p>
      <button
        type="button"
        className={isMicrophoneEnabled ? 'secondary' : 'off'}
        onClick={() => void toggle('mic')}
        disabled={busy === 'mic'}
      >
        {isMicrophoneEnabled ? 'Mute microphone' : 'Unmute microphone'}
      </button>
      {!audioOnly && (
        <button
          type="button"
          className={isCameraEnabled ? 'secondary' : 'off'}
          onClick={() => void toggle('camera')}
          disabled={busy === 'camera'}
        >
          {isCameraEnabled ? 'Turn camera off' : 'Turn camera on'}
        </button>
      )}
      <button type="button" className={handRaised ? 'raised' : 'secondary'} onClick={onHand}>
        {handRaised ? 'Lower hand' : 'Raise hand'}
      </button>
      <button type="button" className="danger" onClick={onLeave} disabled={leaving}>
        {leaving ? 'Leaving…' : 'Leave'}
      </button>
    </section>
  );
}
