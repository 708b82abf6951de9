import type { EntrySummary } from '@peer-support/contracts/live';
import { useEffect, useRef, useState } from 'react';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import type { FacilitatorApi } from './call-api.ts';
import { MessageForm } from './MessageForm.tsx';
import { arrivalWords, KIND_LABEL } from './room-lists.ts';
import { durationWords } from './time-words.ts';
import type { Actions } from './use-actions.ts';

interface WaitingListProps {
  waiting: EntrySummary[];
  now: number;
  /** Locked: letting anyone in needs the facilitator to confirm it (decision 0015). */
  locked: boolean;
  api: FacilitatorApi;
  actions: Actions;
}

/** Everyone in the waiting room, longest-waiting first, with admit and deny. */
export function WaitingList({ waiting, now, locked, api, actions }: WaitingListProps) {
  const [denying, setDenying] = useState<string | null>(null);
  // Who a facilitator is letting in while the room is locked, until they confirm: one person, or everyone.
  const [confirming, setConfirming] = useState<EntrySummary | 'everyone' | null>(null);
  const connected = waiting.filter((e) => e.connected);
  const heading = useRef<HTMLHeadingElement>(null);
  const arrivals = useArrivals(waiting);

  // The row (and the button that had the focus) goes once they are in or turned away: keep the focus nearby.
  const afterward = () => heading.current?.focus();

  async function admit(e: EntrySummary, whileLocked = false) {
    if (locked && !whileLocked) return setConfirming(e);
    if (
      await actions.run(
        `admit-${e.id}`,
        () => api.admit(e.id, whileLocked),
        () => `${e.displayName} was let in.`,
      )
    )
      afterward();
  }

  async function admitEveryone(whileLocked = false) {
    if (locked && !whileLocked) return setConfirming('everyone');
    await actions.run(
      'admit-all',
      () => api.admitAll(whileLocked),
      (r) => (r.affected === 1 ? '1 person was let in.' : `${r.affected} people were let in.`),
    );
  }

  async function deny(e: EntrySummary, message: string) {
    const ok = await actions.run(
      `deny-${e.id}`,
      () => api.deny(e.id, message),
      () => `${e.displayName} was not let in.`,
    );
    if (ok) {
      setDenying(null);
      afterward();
    }
  }

  return (
    <section aria-labelledby="waiting-heading" className="console-section">
      <h3 id="waiting-heading" ref={heading} tabIndex={-1}>
        Waiting room ({waiting.length})
      </h3>
      <p role="status" className="visually-hidden">
        {arrivals}
      </p>
      {waiting.length === 0 ? (
        <p className="muted">Nobody is waiting.</p>
      ) : (
        <>
          <ul className="plain-list console-list">
            {waiting.map((e) => (
              <li key={e.id}>
                <p className="console-person">
                  <strong>{e.displayName}</strong> <span className="badge kind">{KIND_LABEL[e.kind]}</span>
                  <br />
                  <span className="muted">
                    {e.waitingSince ? `Waiting ${durationWords(e.waitingSince, now)}` : 'Waiting'}
                    {e.connected ? '' : ' · connection dropped, place kept for now'}
                  </span>
                </p>
                {denying === e.id ? (
                  <MessageForm
                    id={`deny-${e.id}`}
                    name={e.displayName}
                    verb="Deny"
                    busy={actions.busy === `deny-${e.id}`}
                    onSubmit={(message) => void deny(e, message)}
                    onCancel={() => {
                      setDenying(null);
                      requestAnimationFrame(() => document.getElementById(`deny-open-${e.id}`)?.focus());
                    }}
                  />
                ) : (
                  <div className="row-actions">
                    <button type="button" onClick={() => void admit(e)} disabled={actions.busy === `admit-${e.id}`}>
                      Admit<span className="visually-hidden"> {e.displayName}</span>
                    </button>
                    <button
                      type="button"
                      id={`deny-open-${e.id}`}
                      className="secondary danger"
                      onClick={() => setDenying(e.id)}
                    >
                      Deny<span className="visually-hidden"> {e.displayName}</span>
                    </button>
                  </div>
                )}
              </li>
            ))}
          </ul>
          <button
            type="button"
            onClick={() => void admitEveryone()}
            disabled={actions.busy === 'admit-all' || connected.length === 0}
          >
            Admit everyone connected ({connected.length})
          </button>
        </>
      )}
      {confirming && (
        <ConfirmDialog
          heading={
            confirming === 'everyone'
              ? `The room is locked. Let the ${connected.length} people waiting in?`
              : `The room is locked. Let ${confirming.displayName} in?`
          }
          confirmLabel="Let them in"
          busyLabel="Letting in…"
          onConfirm={async () => {
            const target = confirming;
            setConfirming(null);
            if (target === 'everyone') await admitEveryone(true);
            else await admit(target, true);
          }}
          onCancel={() => {
            setConfirming(null);
            afterward();
          }}
        >
          <p>
            Nobody new comes in while the room is locked unless you say so. The room stays locked for everyone else.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/** "Sam is waiting to come in", said once per arrival, so a facilitator watching the videos hears it. */
function useArrivals(waiting: EntrySummary[]): string {
  const seen = useRef<Set<string> | null>(null);
  const [text, setText] = useState('');
  useEffect(() => {
    const ids = new Set(waiting.map((e) => e.id));
    // The first list is the room as it was when the console opened: nobody "arrived".
    if (seen.current) {
      const words = arrivalWords(seen.current, waiting);
      if (words) setText(words);
    }
    seen.current = ids;
  }, [waiting]);
  return text;
}
