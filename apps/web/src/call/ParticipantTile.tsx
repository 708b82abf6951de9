import type { EntryKind } from '@peer-support/contracts/live';
import { ConnectionQuality, type Participant, Track } from 'livekit-client';
import { useEffect, useRef } from 'react';

interface TileProps {
  /** Read afresh on each render: the call re-renders on the room's events (see use-room-events.ts). */
  participant: Participant;
  kind: EntryKind | null;
  handRaised: boolean;
  pinned: boolean;
}

const QUALITY_WORDS: Partial<Record<ConnectionQuality, string>> = {
  [ConnectionQuality.Excellent]: 'excellent',
  [ConnectionQuality.Good]: 'good',
  [ConnectionQuality.Poor]: 'poor',
  [ConnectionQuality.Lost]: 'lost',
};

/** One person in the call: their camera (or their initial), name, role, hand, mic and connection. */
export function ParticipantTile({ participant, kind, handRaised, pinned }: TileProps) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const camera = participant.getTrackPublication(Track.Source.Camera);
  const track = camera?.track;
  const showing = track !== undefined && !camera?.isMuted;
  const name = participant.name || 'Someone';
  const quality = participant.connectionQuality;
  const qualityWords = QUALITY_WORDS[quality];
  const micOff = !participant.isMicrophoneEnabled;

  useEffect(() => {
    const el = videoRef.current;
    if (!track || !el) return;
    // Attached elements are what adaptiveStream watches: it sends this tile only the size it shows.
    // The element stays attached (under the placeholder) while the camera is muted, as
    // livekit-client expects: it swaps the stream in and out of attached elements itself.
    track.attach(el);
    return () => {
      track.detach(el);
    };
  }, [track]);

  return (
    <figure
      className="tile"
      data-remote={!participant.isLocal}
      data-speaking={participant.isSpeaking}
      data-pinned={pinned}
      data-quality={quality}
    >
      {track && (
        <video
          ref={videoRef}
          autoPlay
          playsInline
          muted={participant.isLocal}
          aria-label={showing ? `Video of ${name}` : undefined}
        />
      )}
      {!showing && (
        <div className="tile-placeholder" data-over-video={track !== undefined} aria-hidden="true">
          {name.slice(0, 1).toUpperCase()}
        </div>
      )}
      <figcaption>
        {handRaised && <span className="badge tile-hand">Hand up</span>}
        <span className="tile-name">
          {name}
          {participant.isLocal ? ' (you)' : ''}
        </span>
        {kind === 'facilitator' && <span className="badge facilitator">Facilitator</span>}
        {micOff && <span className="badge tile-mic-off">Muted</span>}
        {qualityWords && (
          <span className="quality" role="img" aria-label={`Connection ${qualityWords}`}>
            <span />
            <span />
            <span />
          </span>
        )}
      </figcaption>
    </figure>
  );
}
