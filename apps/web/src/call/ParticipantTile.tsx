import { type Participant, Track } from 'livekit-client';
import { useEffect, useRef } from 'react';

export function ParticipantTile({ participant }: { participant: Participant }) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const camera = participant.getTrackPublication(Track.Source.Camera);
  const track = camera?.isMuted ? undefined : camera?.track;
  const name = participant.name || participant.identity;

  useEffect(() => {
    const el = videoRef.current;
    if (!track || !el) return;
    track.attach(el);
    return () => {
      track.detach(el);
    };
  }, [track]);

  return (
    <figure className="tile" data-remote={!participant.isLocal}>
      {track ? (
        <video ref={videoRef} autoPlay playsInline muted={participant.isLocal} aria-label={`Video of ${name}`} />
      ) : (
        <div className="tile-placeholder" aria-hidden="true">
          {name.slice(0, 1).toUpperCase()}
        </div>
      )}
      <figcaption>
        {name}
        {participant.isLocal ? ' (you)' : ''}
      </figcaption>
    </figure>
  );
}
