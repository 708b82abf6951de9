import type { RoomState } from '@peer-support/contracts/live';
import type { Room } from 'livekit-client';
import { type FormEvent, useMemo, useRef, useState } from 'react';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { facilitatorApi } from './call-api.ts';
import { PeopleInCall } from './PeopleInCall.tsx';
import { inCall, lockWords, offeredActions, raisedHands, waitingList, withDistinctNames } from './room-lists.ts';
import { durationWords } from './time-words.ts';
import { useActions } from './use-actions.ts';
import { useNow } from './use-now.ts';
import { WaitingList } from './WaitingList.tsx';

interface ConsoleProps {
  sessionId: string;
  /** The LiveKit room, for who has a microphone or camera on. */
  call: Room;
  /** The live room, pushed to facilitators after every change; null until the first arrives. */
  room: RoomState | null;
  locked: boolean;
  pinnedIdentity: string | null;
  selfIdentity: string;
}

/** What a facilitator needs to host: the waiting room, hands, people, and the room itself. */
export default function FacilitatorConsole({
  sessionId,
  call,
  room,
  locked,
  pinnedIdentity,
  selfIdentity,
}: ConsoleProps) {
  const api = useMemo(() => facilitatorApi(sessionId), [sessionId]);
  const actions = useActions();
  const now = useNow(15_000);
  const entries = room?.entries;
  const lists = useMemo(() => {
    if (!entries) return null;
    const named = withDistinctNames(entries);
    return { waiting: waitingList(named), hands: raisedHands(named), people: inCall(named) };
  }, [entries]);
  // A co-facilitator may have pinned themselves; nobody acts on them by name, but the pin can still be cleared.
  const pinnedPeer = lists?.people.find((e) => e.identity === pinnedIdentity && !offeredActions(e, selfIdentity).pin);
  const [confirmingEnd, setConfirmingEnd] = useState(false);
  const endButton = useRef<HTMLButtonElement>(null);

  return (
    <section aria-labelledby="console-heading" className="call-panel console">
      <h2 id="console-heading">Facilitator tools</h2>
      <p role="status" className="console-status">
        {actions.status}
      </p>
      {actions.error && (
        <p role="alert" className="error">
          {actions.error}
        </p>
      )}
      {!lists ? (
        <p role="status">Loading the room…</p>
      ) : (
        <>
          <WaitingList waiting={lists.waiting} now={now} locked={locked} api={api} actions={actions} />
          <NoticeForm
            send={(text) =>
              actions.run(
                'notice',
                () => api.notice(text),
                (r) => noticeWords(r.affected),
              )
            }
          />
          <section aria-labelledby="hands-heading" className="console-section">
            <h3 id="hands-heading">Raised hands ({lists.hands.length})</h3>
            {lists.hands.length === 0 ? (
              <p className="muted">No hands are up.</p>
            ) : (
              <ol className="hands">
                {lists.hands.map((e) => (
                  <li key={e.id}>
                    <strong>{e.displayName}</strong>
                    {e.handRaisedAt && <span className="muted"> for {durationWords(e.handRaisedAt, now)}</span>}
                  </li>
                ))}
              </ol>
            )}
          </section>
          <PeopleInCall
            call={call}
            people={lists.people}
            selfIdentity={selfIdentity}
            pinnedIdentity={pinnedIdentity}
            api={api}
            actions={actions}
          />
        </>
      )}
      <section aria-labelledby="room-heading" className="console-section">
        <h3 id="room-heading">The room</h3>
        <p>{lockWords(locked)}</p>
        <div className="row-actions">
          <button
            type="button"
            className="secondary"
            disabled={actions.busy === 'lock'}
            onClick={() =>
              void actions.run(
                'lock',
                () => api.lock(!locked),
                () => (locked ? 'The room is unlocked.' : `The room is locked. ${lockWords(true)}`),
              )
            }
          >
            {locked ? 'Unlock room' : 'Lock room'}
          </button>
          <button
            type="button"
            className="secondary"
            disabled={actions.busy === 'rules'}
            onClick={() =>
              void actions.run('rules', api.showRules, () => 'The ground rules are on everyone’s screen now.')
            }
          >
            Show ground rules
          </button>
          {pinnedPeer && (
            <button
              type="button"
              className="secondary"
              disabled={actions.busy === 'unpin'}
              onClick={() =>
                void actions.run(
                  'unpin',
                  () => api.pin(null),
                  () => 'Nobody is pinned now.',
                )
              }
            >
              Clear the pin
            </button>
          )}
          <button type="button" ref={endButton} className="danger" onClick={() => setConfirmingEnd(true)}>
            End session for all
          </button>
        </div>
      </section>
      {confirmingEnd && (
        <ConfirmDialog
          heading="End the session for everyone?"
          confirmLabel="End the session"
          busyLabel="Ending…"
          onConfirm={async () => {
            await api.end();
            setConfirmingEnd(false);
          }}
          onCancel={() => {
            setConfirmingEnd(false);
            endButton.current?.focus();
          }}
        >
          <p>
            Everyone in the call and in the waiting room will be told the session has ended. If you end it by mistake,
            you can reopen it until its scheduled end.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function noticeWords(affected: number): string {
  if (affected === 0) return 'Nobody is waiting just now, so nobody got the message.';
  return affected === 1 ? 'Sent to the 1 person waiting.' : `Sent to the ${affected} people waiting.`;
}

/** One message to everyone in the waiting room: "We'll start in five minutes". */
function NoticeForm({ send }: { send(text: string): Promise<boolean> }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy || !text.trim()) return;
    setBusy(true);
    if (await send(text.trim())) setText('');
    setBusy(false);
  }

  return (
    <form onSubmit={submit} className="console-section console-form">
      <label htmlFor="waiting-notice">Message everyone waiting</label>
      <textarea
        id="waiting-notice"
        rows={2}
        maxLength={500}
        value={text}
        onChange={(e) => setText(e.target.value)}
        required
      />
      <button type="submit" disabled={busy}>
        {busy ? 'Sending…' : 'Send to the waiting room'}
      </button>
    </form>
  );
}
