import type { JoinInfo } from '@peer-support/contracts/live';
import type { CallToken } from '@peer-support/contracts/sessions';
import { Room as LivekitRoom, type Room } from 'livekit-client';
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, Redirect, useLocation } from 'wouter';
import { ApiRequestError } from '../api.ts';
import { CallView } from '../call/CallView.tsx';
import { facilitatorApi } from '../call/call-api.ts';
import { type CallScreen, callScreen, refusalLink } from '../call/call-outcome.ts';
import { outcomeWords } from '../join/join-words.ts';
import { errorCode, leaveEntry, requestCallToken } from '../live/entry-api.ts';
import { forgetStoredEntry, readStoredEntry, type StoredEntry } from '../live/entry-store.ts';
import { useLiveSession } from '../live/LiveSession.tsx';
import { pushedTokenFor } from '../live/pushed-token.ts';
import { SupportLineList } from '../SupportLines.tsx';
import { usePageTitle } from '../use-page-title.ts';

/**
 * The call for someone a facilitator has let in. The join page (name, ground rules, devices,
 * waiting room) leaves the entry in this tab's storage; without it there is nothing to join
 * with, so the person goes back there.
 */
export default function CallPage() {
  const { sessionId } = useLiveSession();
  const [stored] = useState(() => readStoredEntry(sessionId));
  if (!stored) return <Redirect to={`/sessions/${sessionId}`} replace />;
  return <Call key={sessionId} sessionId={sessionId} stored={stored} />;
}

type TokenState =
  | { status: 'loading' }
  | { status: 'ready'; token: CallToken }
  | { status: 'refused'; code: string | undefined; message: string }
  | { status: 'failed'; message: string };

/** Warms the connection to the media server (DNS, TLS) before there is a token; see call-chunk.ts. */
export async function prepareConnection(url: string): Promise<void> {
  await new LivekitRoom().prepareConnection(url);
}

function Call({ sessionId, stored }: { sessionId: string; stored: StoredEntry }) {
  const auth = useMemo(() => ({ entryId: stored.entryId, key: stored.key }), [stored]);
  // The visit's connection and join-info, from the waiting room if the person came from there.
  const { live, info, connect } = useLiveSession();
  useEffect(() => connect(auth), [connect, auth]);
  const [token, setToken] = useState<TokenState>({ status: 'loading' });
  // Pushed tokens already joined with: a rejoin or a dropped call asks the token route afresh.
  const spent = useRef(new Set<string>());
  const [round, setRound] = useState(0);
  const [leaving, setLeaving] = useState(false);
  const [leftHere, setLeftHere] = useState(false);
  const screen = callScreen({ leftHere, ended: live.ended, entry: live.entry });
  const inCall = screen.kind === 'call';
  usePageTitle(inCall ? 'In the call' : 'Call');

  // The room the call is in now: a new one (someone was taken out) needs a new token.
  const entryRoom = live.entry?.status === 'admitted' ? live.entry.room : null;
  // The token the live connection brought: it arrives just before the entry naming its room,
  // so it is read when the room changes rather than being a reason to ask again.
  const pushedRef = useRef(live.token);
  pushedRef.current = live.token;
  const held = useRef<{ room: string; round: number } | null>(null);

  useEffect(() => {
    if (!inCall) return;
    if (held.current && held.current.round === round && held.current.room === entryRoom) return;
    const ready = (issued: CallToken) => {
      held.current = { room: issued.room, round };
      // Marks when the token arrived, so benchmarks can time token → first remote frame.
      performance.mark('token-issued');
      setToken({ status: 'ready', token: issued });
    };
    const pushed = pushedTokenFor(pushedRef.current, entryRoom, spent.current, new Date());
    if (pushed) {
      spent.current.add(pushed.token);
      ready(pushed);
      return;
    }
    let cancelled = false;
    setToken({ status: 'loading' });
    requestCallToken(sessionId, auth).then(
      (issued) => {
        if (!cancelled) ready(issued);
      },
      (error: Error) => {
        if (cancelled) return;
        if (error instanceof ApiRequestError && error.status === 403) {
          setToken({ status: 'refused', code: errorCode(error), message: error.message });
        } else setToken({ status: 'failed', message: error.message });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [sessionId, auth, inCall, round, entryRoom]);

  // Let in after a refusal (they opened the call page a moment before a facilitator admitted
  // them): ask again rather than leave them looking at "you cannot join".
  // Once only: a server that keeps refusing must not be asked in a loop.
  const admitted = live.entry?.status === 'admitted';
  const notYet = token.status === 'refused' && token.code === 'not_admitted';
  const askedAgain = useRef(false);
  useEffect(() => {
    if (!admitted || !notYet || askedAgain.current) return;
    askedAgain.current = true;
    setRound((r) => r + 1);
  }, [admitted, notYet]);

  const rejoin = useCallback(() => setRound((r) => r + 1), []);
  async function leave(room: Room | null) {
    setLeaving(true);
    // Out of the room at once; telling the API can take a moment on a slow line.
    void room?.disconnect();
    try {
      await leaveEntry(sessionId, auth);
    } catch {
      // The API hears from LiveKit that they left anyway; what matters here is that they are out.
    }
    setLeftHere(true);
  }

  if (!inCall)
    return (
      <Outcome screen={screen} sessionId={sessionId} info={info.data} hosting={live.entry?.kind === 'facilitator'} />
    );
  switch (token.status) {
    case 'loading':
      return <p role="status">Joining the call…</p>;
    case 'refused': {
      const link = refusalLink(token.code, sessionId);
      return (
        <Message title="You cannot join the call just now">
          <p role="alert">{token.message}</p>
          <p>
            <Link to={link.to}>{link.label}</Link>
          </p>
        </Message>
      );
    }
    case 'failed':
      return (
        <Message title="We could not join you to the call">
          <p role="alert">{token.message}</p>
          <div className="actions">
            <button type="button" onClick={() => setRound((r) => r + 1)}>
              Try again
            </button>
            <Link to={`/sessions/${sessionId}`}>Back to the session page</Link>
          </div>
        </Message>
      );
    case 'ready':
      return (
        <CallView
          sessionId={sessionId}
          auth={auth}
          token={token.token}
          devices={stored.devices}
          live={live}
          joinInfo={info.data}
          leaving={leaving}
          onLeave={(room) => void leave(room)}
          onRejoin={rejoin}
        />
      );
  }
}

function Outcome({
  screen,
  sessionId,
  info,
  hosting,
}: {
  screen: CallScreen;
  sessionId: string;
  info: JoinInfo | undefined;
  hosting: boolean;
}) {
  const back = <Link to={`/sessions/${sessionId}`}>Back to the session page</Link>;
  switch (screen.kind) {
    case 'to-waiting-room':
      // The join page picks the waiting room back up from the stored entry.
      return <Redirect to={`/sessions/${sessionId}`} replace />;
    case 'left':
      return screen.message ? (
        <Message title="You are not in the call" info={info}>
          <p role="alert">{screen.message}</p>
          <p>{back}</p>
        </Message>
      ) : (
        <Message title="You left" info={info}>
          <p>You left the call. Thank you for coming.</p>
          <p>{back}</p>
        </Message>
      );
    case 'ended':
      return (
        <Message title="This session has ended" info={info}>
          <p>The facilitator has ended the session for everyone. Thank you for being part of it.</p>
          {hosting && info && Date.parse(info.session.endsAt) > Date.now() && <Reopen sessionId={sessionId} />}
          <p>
            <Link to="/">See what’s on</Link>
          </p>
        </Message>
      );
    case 'removed':
    case 'denied': {
      const words = outcomeWords({ status: screen.kind, message: screen.message });
      return (
        <Message title={words?.title ?? 'You are not in the call'} info={info}>
          <p role="alert">{words?.text}</p>
          <p>{back}</p>
        </Message>
      );
    }
    case 'call':
      return null;
  }
}

/** A whole-page message with its heading focused, so a screen reader says what just happened. */
function Message({ title, info, children }: { title: string; info?: JoinInfo | undefined; children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const lines = info?.group.supportLines ?? [];
  return (
    <section className="call-message">
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {children}
      {lines.length > 0 && (
        <section aria-labelledby="after-support-heading" className="card">
          <h2 id="after-support-heading">If you need support</h2>
          <p className="muted">Sessions can stir things up. These lines are there for you, free to call.</p>
          <SupportLineList lines={lines} />
        </section>
      )}
    </section>
  );
}

/** Ended by mistake: a facilitator can open it again while its time lasts, and comes back through the link. */
function Reopen({ sessionId }: { sessionId: string }) {
  const [, navigate] = useLocation();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function reopen() {
    setBusy(true);
    setError(undefined);
    try {
      await facilitatorApi(sessionId).reopen();
      forgetStoredEntry(sessionId);
      navigate(`/sessions/${sessionId}`, { replace: true });
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  }
  return (
    <div className="actions">
      <p className="muted">
        Ended it by mistake? You can reopen it until its scheduled end; everyone comes back through the link.
      </p>
      <button type="button" onClick={() => void reopen()} disabled={busy}>
        {busy ? 'Reopening…' : 'Reopen the session'}
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
