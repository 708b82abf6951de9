import type { Entry, JoinInfo } from '@peer-support/contracts/live';
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { ApiRequestError } from '../api.ts';
import { FormAlert } from '../forms/Field.tsx';
import { loadCallPage } from '../live/call-chunk.ts';
import { fetchEntry, leaveEntry } from '../live/entry-api.ts';
import { forgetStoredEntry } from '../live/entry-store.ts';
import { useLiveSession } from '../live/LiveSession.tsx';
import { SupportLines } from '../SupportLines.tsx';
import { GroundRulesList, NotRecorded } from './GroundRules.tsx';
import { connectionWords, LOCKED_WORDS, outcomeWords, waitingStatus } from './join-words.ts';
import { StepHeading } from './StepHeading.tsx';

/** While the live connection is down, how often to ask for the entry instead, so an admission is never missed. */
export const POLL_MS = 15_000;

interface WaitingRoomProps {
  sessionId: string;
  info: JoinInfo;
  auth: { entryId: string; key: string };
  entry: Entry;
  focus: boolean;
  onLeft(): void;
}

/** Waiting to be let in: a calm status, the rules, help lines, and the facilitator's messages, live. */
export function WaitingRoom({ sessionId, info, auth, entry: initialEntry, focus, onLeft }: WaitingRoomProps) {
  const [, navigate] = useLocation();
  const { live, connect, disconnect } = useLiveSession();
  // The visit's one connection: it stays open into the call, where the token it brings is
  // used; leaving the waiting room any other way closes it.
  useEffect(() => connect(auth), [connect, auth]);
  const intoCall = useRef(false);
  useEffect(
    () => () => {
      if (!intoCall.current) disconnect();
    },
    [disconnect],
  );
  const [entry, setEntry] = useState(initialEntry);
  const [leaving, setLeaving] = useState(false);
  const [leaveError, setLeaveError] = useState<string>();
  const groupHref = `/groups/${info.group.id}`;
  const support = info.group.supportLines.length > 0 && <SupportLines lines={info.group.supportLines} />;

  // Whichever came last, a live message or a poll, is the freshest word on the entry.
  useEffect(() => {
    if (live.entry) setEntry(live.entry);
  }, [live.entry]);

  useEffect(() => {
    if (live.connection === 'open' || live.ended) return;
    const timer = setInterval(() => {
      fetchEntry(sessionId, auth)
        .then(setEntry)
        .catch(() => {
          // The live connection's own retries are the main path; a failed poll just waits for the next.
        });
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [live.connection, live.ended, sessionId, auth]);

  const admitted = entry.status === 'admitted' && !live.ended;
  const outcome = outcomeWords(entry);
  const over = live.ended || outcome !== null;

  useEffect(() => {
    if (!admitted) return;
    intoCall.current = true;
    // The call's code first (usually here already): the waiting room stays on screen meanwhile
    // rather than a loading message, and the call page then renders without suspending.
    let moved = false;
    const go = () => {
      if (moved) return;
      moved = true;
      navigate(`/sessions/${sessionId}/call`, { replace: true });
    };
    loadCallPage().then(go, go);
  }, [admitted, navigate, sessionId]);

  useEffect(() => {
    if (over) forgetStoredEntry(sessionId);
  }, [over, sessionId]);

  async function leave() {
    setLeaving(true);
    setLeaveError(undefined);
    try {
      await leaveEntry(sessionId, auth);
    } catch (error) {
      if (!(error instanceof ApiRequestError)) {
        setLeaveError((error as Error).message);
        setLeaving(false);
        return;
      }
      // 4xx: the server no longer has them waiting (ended, removed, gone), which is what leaving wanted.
    }
    forgetStoredEntry(sessionId);
    disconnect();
    onLeft();
  }

  if (live.ended) {
    return (
      <section aria-labelledby="step-waiting" className="card">
        <StepHeading id="step-waiting" focus>
          This session has ended
        </StepHeading>
        <p role="status">The facilitator has ended this session. Thank you for coming.</p>
        <p>
          <Link to={groupHref}>Back to {info.group.name}</Link>
        </p>
        {support}
      </section>
    );
  }

  if (outcome) {
    return (
      <section aria-labelledby="step-waiting" className="card">
        <StepHeading id="step-waiting" focus>
          {outcome.title}
        </StepHeading>
        <p role="status">{outcome.text}</p>
        <p>
          <Link to={groupHref}>Back to {info.group.name}</Link>
        </p>
        {support}
      </section>
    );
  }

  const connection = connectionWords(live.connection, live.ended);
  return (
    <div className="waiting-room">
      <section aria-labelledby="step-waiting" className="card">
        <StepHeading id="step-waiting" focus={focus}>
          Waiting room
        </StepHeading>
        <p role="status" className="waiting-status">
          {admitted ? 'You have been let in. Opening the call…' : waitingStatus(entry.position)}
        </p>
        {entry.message && (
          <p className="facilitator-message">
            <strong>From the facilitator:</strong> {entry.message}
          </p>
        )}
        {live.locked && <p className="locked-notice">{LOCKED_WORDS}</p>}
        <p className="muted">
          You're here as <strong>{entry.displayName}</strong>. You can leave this page open; it updates by itself.
        </p>
        <p role="status" className="connection-status">
          {connection}
        </p>
        <div role="status" aria-live="polite" className="notices">
          {live.notices.length > 0 && (
            <>
              <h3>Messages from the facilitator</h3>
              <ul className="plain-list">
                {live.notices.map((n) => (
                  <li key={`${n.at} ${n.text}`} className="notice-item">
                    <time dateTime={n.at} className="notice-time">
                      {clock(n.at)}
                    </time>{' '}
                    {n.text}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
        <FormAlert message={leaveError} />
        <div className="actions">
          <button type="button" className="secondary" onClick={leave} disabled={leaving}>
            {leaving ? 'Leaving…' : 'Leave'}
          </button>
        </div>
      </section>

      {live.rules ? (
        <section aria-labelledby="rules-again" className="card rules-again">
          <h3 id="rules-again">The facilitator has asked everyone to read the ground rules again</h3>
          <GroundRulesList rules={live.rules} />
          <NotRecorded />
          <button type="button" className="secondary" onClick={live.clearRules}>
            I've read them
          </button>
        </section>
      ) : (
        <section aria-labelledby="rules-heading" className="card">
          <h3 id="rules-heading">Ground rules</h3>
          <GroundRulesList rules={info.groundRules.rules} />
          <NotRecorded />
        </section>
      )}

      {support}
    </div>
  );
}

const clock = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
