import type { RsvpBody, RsvpState, RsvpStatus } from '@peer-support/contracts/schedule';
import { useState } from 'react';
import { api } from '../api.ts';
import { useApi } from '../use-api.ts';
import { answerWords, placesWords } from './rsvp-words.ts';

interface RsvpControlProps {
  groupId: string;
  seriesId: string;
  occurrenceKey: string;
  /** Finishes the question for screen readers, e.g. "to Tea Circle on Thursday 5 March, 18:30": every session has the same two buttons. */
  about: string;
  /** The answer already known from a list, shown while the counts load. */
  initial?: RsvpStatus | null;
}

/** Going / Not going for one session (active members only; the API answers 404 to anyone else). */
export function RsvpControl({ groupId, seriesId, occurrenceKey, about, initial = null }: RsvpControlProps) {
  const path = `/api/groups/${groupId}/series/${seriesId}/occurrences/${encodeURIComponent(occurrenceKey)}/rsvp`;
  const state = useApi<RsvpState>(path);
  const [busy, setBusy] = useState(false);
  // What the last press changed, announced; until then the standing answer is plain text, so a
  // page of sessions loading its counts does not read each one out.
  const [said, setSaid] = useState('');
  const [error, setError] = useState<string>();

  const status = state.data ? state.data.status : initial;
  const words = (s: RsvpState) => [answerWords(s.status), placesWords(s)].filter(Boolean).join(' ');

  async function answer(next: RsvpBody['status']) {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      const body: RsvpBody = { status: next };
      const result = await api<RsvpState>(path, { method: 'PUT', body });
      state.setData(result);
      setSaid(words(result));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const going = status === 'going' || status === 'waitlisted';
  return (
    <div className="rsvp">
      {/* Buttons stay enabled while saving (a press is ignored instead), so focus never drops to the page. */}
      <fieldset className="rsvp-question">
        <legend>
          Are you going<span className="visually-hidden"> {about}</span>?
        </legend>
        <div className="rsvp-buttons">
          <button type="button" className="secondary" aria-pressed={going} onClick={() => void answer('going')}>
            {going && <span aria-hidden="true">✓ </span>}Going
          </button>
          <button
            type="button"
            className="secondary"
            aria-pressed={status === 'not_going'}
            onClick={() => void answer('not_going')}
          >
            {status === 'not_going' && <span aria-hidden="true">✓ </span>}Not going
          </button>
        </div>
      </fieldset>
      {!said && <p>{state.data ? words(state.data) : answerWords(initial)}</p>}
      <p role="status">{busy ? 'Saving…' : said}</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {state.error && !error && <p className="error">{state.error.message}</p>}
    </div>
  );
}
