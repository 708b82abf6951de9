import type { JoinInfo } from '@peer-support/contracts/live';
import type { CallToken } from '@peer-support/contracts/sessions';
import { ConnectionState, DisconnectReason, type Participant, type Room } from 'livekit-client';
import { type CSSProperties, lazy, Suspense, useEffect, useState } from 'react';
import { Link } from 'wouter';
import { sessionHeading } from '../join/join-words.ts';
import { type DeviceChoice, updateStoredDevices } from '../live/entry-store.ts';
import type { LiveState } from '../live/use-live.ts';
import { SupportLineList } from '../SupportLines.tsx';
import { CallControls } from './CallControls.tsx';
import { ChatPanel } from './ChatPanel.tsx';
import { arrangeTiles } from './call-layout.ts';
import { droppedWords } from './call-outcome.ts';
import { ParticipantTile } from './ParticipantTile.tsx';
import { RoomAudioRenderer } from './RoomAudioRenderer.tsx';
import { RulesDialog } from './RulesDialog.tsx';
import { participantKind } from './room-lists.ts';
import { useCallRoom } from './use-call-room.ts';
import { useHand } from './use-hand.ts';
import { useRoomEvents } from './use-room-events.ts';

// Only facilitators need the console: everyone else (often on a phone) does not download it.
const FacilitatorConsole = lazy(() => import('./FacilitatorConsole.tsx'));

export interface CallViewProps {
  sessionId: string;
  auth: { entryId: string; key: string };
  token: CallToken;
  devices: DeviceChoice;
  live: LiveState;
  joinInfo: JoinInfo | undefined;
  leaving: boolean;
  onLeave(room: Room | null): void;
  /** Ask for a fresh token and connect again. */
  onRejoin(): void;
}

/** The call once a token is in hand: the room, the people in it, and everything done there. */
export function CallView(props: CallViewProps) {
  const { sessionId, token, devices, onRejoin } = props;
  const { room, error, dropped, mediaError, setMediaError } = useCallRoom(token.url, token.token, devices);
  const joinPage = `/sessions/${sessionId}`;
  // LiveKit closed this room while the session runs and we are still let in: the call moved to
  // a fresh room (someone was taken out of it), so we follow it with a new token.
  const moving =
    dropped === DisconnectReason.ROOM_DELETED && !props.live.ended && props.live.entry?.status === 'admitted';
  useEffect(() => {
    if (moving) onRejoin();
  }, [moving, onRejoin]);

  if (moving) return <p role="status">Reconnecting you to the call…</p>;
  if (error || dropped !== null) {
    const reason = dropped === null || dropped === undefined ? undefined : DisconnectReason[dropped];
    const words = error ? { text: error, rejoin: true } : droppedWords(reason);
    return (
      <section className="call-message">
        <h1>You are not in the call</h1>
        <p role="alert">{words.text}</p>
        <div className="actions">
          {words.rejoin && (
            <button type="button" onClick={onRejoin}>
              Rejoin the call
            </button>
          )}
          <Link to={joinPage}>Back to the session page</Link>
        </div>
      </section>
    );
  }
  if (!room) return <p role="status">Connecting to the call…</p>;
  return (
    <>
      <InRoom {...props} room={room} mediaError={mediaError} setMediaError={setMediaError} />
      <RoomAudioRenderer room={room} />
    </>
  );
}

interface InRoomProps extends CallViewProps {
  room: Room;
  mediaError: string | null;
  setMediaError(message: string | null): void;
}

function InRoom({
  sessionId,
  auth,
  token,
  devices,
  live,
  joinInfo,
  leaving,
  onLeave,
  room,
  mediaError,
  setMediaError,
}: InRoomProps) {
  // Everything below reads the room's own objects; this re-renders the call when they change.
  useRoomEvents(room);
  const { state } = room;
  const participants: Participant[] = [room.localParticipant, ...room.remoteParticipants.values()];
  const hand = useHand(sessionId, auth, Boolean(live.entry?.handRaisedAt));
  const [stored, setStored] = useState(devices);
  const isFacilitator = live.entry?.kind === 'facilitator';
  const entries = live.room?.entries ?? null;

  const layout = arrangeTiles(participants, (p) => p.identity, live.pinnedIdentity);
  const reconnecting =
    state === ConnectionState.Reconnecting ||
    state === ConnectionState.SignalReconnecting ||
    live.connection === 'reconnecting';

  function deviceChanged(what: 'camera' | 'mic', on: boolean) {
    const next = { ...stored, [what]: on };
    setStored(next);
    updateStoredDevices(sessionId, next);
    setMediaError(null);
  }

  const tile = (p: Participant) => {
    const identity = p.identity;
    const listed = entries?.find((e) => e.identity === identity);
    return (
      <ParticipantTile
        key={identity}
        participant={p}
        kind={participantKind(identity, entries, p.attributes)}
        handRaised={p.isLocal ? hand.raised : Boolean(listed?.handRaisedAt)}
        pinned={identity === live.pinnedIdentity}
      />
    );
  };

  return (
    <div className="call">
      <header className="call-header">
        <h1>{joinInfo ? sessionHeading(joinInfo.group.name, joinInfo.session.title) : 'The call'}</h1>
        <p className="call-not-recorded">This session is not recorded.</p>
      </header>
      <p role="status" className={reconnecting ? 'banner' : undefined}>
        {reconnecting ? 'Reconnecting… your connection dropped; we are trying to get you back.' : ''}
        {state === ConnectionState.Connecting ? 'Connecting to the call…' : ''}
      </p>
      {(mediaError || hand.error) && (
        <p role="alert" className="error">
          {mediaError ?? hand.error}
        </p>
      )}
      {!room.canPlaybackAudio && (
        <p className="banner">
          Your browser is holding back the sound of the call.{' '}
          <button type="button" onClick={() => void room.startAudio()}>
            Turn on call sound
          </button>
        </p>
      )}
      {devices.audioOnly && <p className="muted">Audio only: no video is sent or received, to save data.</p>}

      <div className="call-body">
        <div className="call-main">
          <section aria-label="People in the call" className="call-videos">
            {layout.stage ? (
              <>
                <div className="call-stage">{tile(layout.stage)}</div>
                <div className="call-strip">{layout.others.map(tile)}</div>
              </>
            ) : (
              <div className="call-grid" style={{ '--columns': layout.columns } as CSSProperties}>
                {layout.others.map(tile)}
              </div>
            )}
          </section>
          <CallControls
            room={room}
            audioOnly={devices.audioOnly}
            handRaised={hand.raised}
            leaving={leaving}
            onHand={() => void hand.toggle()}
            onLeave={() => onLeave(room)}
            onDeviceChange={deviceChanged}
            onMediaError={setMediaError}
          />
        </div>
        <div className="call-side">
          {isFacilitator && (
            <Suspense fallback={<p role="status">Loading the facilitator tools…</p>}>
              <FacilitatorConsole
                sessionId={sessionId}
                call={room}
                room={live.room}
                locked={live.locked}
                pinnedIdentity={live.pinnedIdentity}
                selfIdentity={token.identity}
              />
            </Suspense>
          )}
          <ChatPanel room={room} />
          {joinInfo && <GroupInfo info={joinInfo} />}
        </div>
      </div>
      {/* Facilitators put the rules up for everyone else: their own tools must stay in reach. */}
      {live.rules &&
        (isFacilitator ? (
          <p role="status" className="rules-shown">
            The ground rules are on everyone’s screen.{' '}
            <button type="button" className="link" onClick={live.clearRules}>
              OK
            </button>
          </p>
        ) : (
          <RulesDialog rules={live.rules} onClose={live.clearRules} />
        ))}
    </div>
  );
}

/** The ground rules and the support lines, a click away for anyone at any time. */
function GroupInfo({ info }: { info: JoinInfo }) {
  return (
    <section className="call-panel" aria-label="About this group">
      <details>
        <summary>Our ground rules</summary>
        <ol className="ground-rules">
          {info.groundRules.rules.map((rule) => (
            <li key={rule}>{rule}</li>
          ))}
        </ol>
      </details>
      {info.group.supportLines.length > 0 && (
        <details>
          <summary>If you need support</summary>
          <SupportLineList lines={info.group.supportLines} />
        </details>
      )}
    </section>
  );
}
