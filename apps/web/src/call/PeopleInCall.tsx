import type { EntrySummary, RemoveEntry } from '@peer-support/contracts/live';
import type { Room } from 'livekit-client';
import { useRef, useState } from 'react';
import type { FacilitatorApi } from './call-api.ts';
import { MessageForm } from './MessageForm.tsx';
import { KIND_LABEL, offeredActions } from './room-lists.ts';
import type { Actions } from './use-actions.ts';

interface PeopleInCallProps {
  /** Read afresh on each render: the call re-renders on the room's events. */
  call: Room;
  people: EntrySummary[];
  selfIdentity: string;
  pinnedIdentity: string | null;
  api: FacilitatorApi;
  actions: Actions;
}

/** Everyone admitted, with what a facilitator may do to each: never anything to another facilitator. */
export function PeopleInCall({ call, people, selfIdentity, pinnedIdentity, api, actions }: PeopleInCallProps) {
  const [removing, setRemoving] = useState<string | null>(null);
  const [to, setTo] = useState<RemoveEntry['to']>('waiting_room');
  const heading = useRef<HTMLHeadingElement>(null);

  async function remove(e: EntrySummary, message: string) {
    const ok = await actions.run(
      `remove-${e.id}`,
      () => api.remove(e.id, to, message),
      () =>
        to === 'waiting_room'
          ? `${e.displayName} is back in the waiting room.`
          : `${e.displayName} was removed from the session.`,
    );
    if (ok) {
      setRemoving(null);
      heading.current?.focus();
    }
  }

  return (
    <section aria-labelledby="people-heading" className="console-section">
      <h3 id="people-heading" ref={heading} tabIndex={-1}>
        In the call ({people.length})
      </h3>
      <ul className="plain-list console-list">
        {people.map((e) => {
          const offered = offeredActions(e, selfIdentity);
          const self = e.identity === selfIdentity;
          const lk = self ? call.localParticipant : call.getParticipantByIdentity(e.identity);
          const pinned = pinnedIdentity === e.identity;
          const micOn = lk?.isMicrophoneEnabled ?? false;
          const cameraOn = lk?.isCameraEnabled ?? false;
          return (
            <li key={e.id}>
              <p className="console-person">
                <strong>{e.displayName}</strong>
                {self ? ' (you)' : ''} <span className="badge kind">{KIND_LABEL[e.kind]}</span>
                {pinned && <span className="badge pinned">Pinned</span>}
                <br />
                <span className="muted">
                  {lk ? `Mic ${micOn ? 'on' : 'off'} · camera ${cameraOn ? 'on' : 'off'}` : 'Not connected to the call'}
                </span>
              </p>
              {removing === e.id ? (
                <MessageForm
                  id={`remove-${e.id}`}
                  name={e.displayName}
                  verb="Remove"
                  busy={actions.busy === `remove-${e.id}`}
                  onSubmit={(message) => void remove(e, message)}
                  onCancel={() => {
                    setRemoving(null);
                    requestAnimationFrame(() => document.getElementById(`remove-open-${e.id}`)?.focus());
                  }}
                >
                  <fieldset>
                    <legend>Where to</legend>
                    <div className="choice">
                      <input
                        type="radio"
                        id={`remove-${e.id}-waiting`}
                        name={`remove-${e.id}-to`}
                        checked={to === 'waiting_room'}
                        onChange={() => setTo('waiting_room')}
                      />
                      <label htmlFor={`remove-${e.id}-waiting`}>Back to the waiting room</label>
                    </div>
                    <div className="choice">
                      <input
                        type="radio"
                        id={`remove-${e.id}-out`}
                        name={`remove-${e.id}-to`}
                        checked={to === 'out'}
                        onChange={() => setTo('out')}
                      />
                      <label htmlFor={`remove-${e.id}-out`}>Out of this session</label>
                    </div>
                  </fieldset>
                </MessageForm>
              ) : (
                <div className="row-actions">
                  {offered.mute && (
                    <>
                      <button
                        type="button"
                        className="secondary"
                        disabled={!micOn || actions.busy === `mute-${e.id}`}
                        onClick={() =>
                          void actions.run(
                            `mute-${e.id}`,
                            () => api.mute(e.id, 'audio'),
                            () => `${e.displayName} is muted.`,
                          )
                        }
                      >
                        Mute<span className="visually-hidden"> {e.displayName}</span>
                      </button>
                      <button
                        type="button"
                        className="secondary"
                        disabled={!cameraOn || actions.busy === `camera-${e.id}`}
                        onClick={() =>
                          void actions.run(
                            `camera-${e.id}`,
                            () => api.mute(e.id, 'video'),
                            () => `${e.displayName}’s camera is off.`,
                          )
                        }
                      >
                        Stop camera<span className="visually-hidden"> of {e.displayName}</span>
                      </button>
                    </>
                  )}
                  {offered.pin && (
                    <button
                      type="button"
                      className="secondary"
                      disabled={actions.busy === `pin-${e.id}`}
                      onClick={() =>
                        void actions.run(
                          `pin-${e.id}`,
                          () => api.pin(pinned ? null : e.identity),
                          () =>
                            pinned
                              ? `${e.displayName} is no longer pinned.`
                              : `${e.displayName} is pinned for everyone.`,
                        )
                      }
                    >
                      {pinned ? 'Unpin' : 'Pin'}
                      <span className="visually-hidden"> {e.displayName}</span>
                    </button>
                  )}
                  {offered.remove && (
                    <button
                      type="button"
                      id={`remove-open-${e.id}`}
                      className="secondary danger"
                      onClick={() => {
                        setTo('waiting_room');
                        setRemoving(e.id);
                      }}
                    >
                      Remove<span className="visually-hidden"> {e.displayName}</span>
                    </button>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
