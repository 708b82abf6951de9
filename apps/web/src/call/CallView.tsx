import { ParticipantTile } from './ParticipantTile.tsx';
import { RoomAudioRenderer } from './RoomAudioRenderer.tsx';
import { useRoom } from './use-room.ts';

export function CallView({ url, token, onLeave }: { url: string; token: string; onLeave: () => void }) {
  const { room, participants, state, error } = useRoom(url, token);

  if (error) {
    return (
      <div role="alert">
        <p>We could not connect you to the call: {error}</p>
        <button type="button" onClick={onLeave}>
          Back
        </button>
      </div>
    );
  }
  return (
    <section aria-label="Call">
      <p className="notice">This session is not recorded.</p>
      {state === 'connecting' && <p role="status">Connecting…</p>}
      {state === 'reconnecting' && (
        <p role="status" className="banner">
          Reconnecting… your connection dropped; we are trying to get you back.
        </p>
      )}
      {state === 'disconnected' && <p role="status">You have left the call.</p>}
      <div className="grid">
        {participants.map((p) => (
          <ParticipantTile key={p.identity} participant={p} />
        ))}
      </div>
      {room && <RoomAudioRenderer room={room} />}
      <button type="button" className="danger" onClick={onLeave}>
        Leave
      </button>
    </section>
  );
}
