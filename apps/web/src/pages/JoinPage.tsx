import type { JoinInfo } from '@peer-support/contracts/live';
import { type ReactNode, useEffect, useReducer } from 'react';
import { Link, useLocation } from 'wouter';
import { ApiRequestError } from '../api.ts';
import { formErrors } from '../forms/form-errors.ts';
import { DeviceStep } from '../join/DeviceStep.tsx';
import { forgetsStoredPlace, joinStep, REFRESHES_JOIN_INFO, startJoin } from '../join/join-steps.ts';
import { earlyWords, sessionClosedReason, sessionWhen } from '../join/join-words.ts';
import { NameStep } from '../join/NameStep.tsx';
import { RulesStep } from '../join/RulesStep.tsx';
import { StepHeading } from '../join/StepHeading.tsx';
import { useBefore } from '../join/use-before.ts';
import { WaitingRoom } from '../join/WaitingRoom.tsx';
import { prepareCall } from '../live/call-chunk.ts';
import { createEntry, errorCode, fetchEntry } from '../live/entry-api.ts';
import { type DeviceChoice, forgetStoredEntry, readStoredEntry, writeStoredEntry } from '../live/entry-store.ts';
import { useLiveSession } from '../live/LiveSession.tsx';
import { viewerTimeZone } from '../schedule/schedule-words.ts';
import { useMe } from '../session/use-me.ts';
import { LoadFailure, NotFoundPage } from '../ui/LoadFailure.tsx';
import { usePageTitle } from '../use-page-title.ts';

/** The session link: name → ground rules → device check → waiting room → the call. */
export default function JoinPage() {
  const { sessionId, valid, info } = useLiveSession();
  const { session } = useMe();
  usePageTitle(info.data ? `Join ${info.data.session.title}` : 'Join a session');

  if (!valid) return <NotFoundPage admin={false} message="That session link is not complete. Check the link." />;
  if (info.error instanceof ApiRequestError && info.error.status === 404 && session.status === 'signed_out') {
    // An invite-only group's session reads as missing to strangers; a member just signs in.
    return (
      <section aria-labelledby="sign-in-heading" className="card">
        <h1 id="sign-in-heading">Sign in to join</h1>
        <p>{info.error.message}</p>
        <p>
          <Link className="button" to={`/sign-in?next=${encodeURIComponent(`/sessions/${sessionId}`)}`}>
            Sign in
          </Link>
        </p>
      </section>
    );
  }
  if (info.error) return <LoadFailure error={info.error} retry={info.reload} admin={false} />;
  if (!info.data) return <p role="status">Loading the session…</p>;
  return <JoinFlow key={sessionId} sessionId={sessionId} info={info.data} reloadInfo={info.reload} />;
}

interface JoinFlowProps {
  sessionId: string;
  info: JoinInfo;
  reloadInfo(): void;
}

function JoinFlow({ sessionId, info, reloadInfo }: JoinFlowProps) {
  const [, navigate] = useLocation();
  const callHref = `/sessions/${sessionId}/call`;
  const [state, dispatch] = useReducer(joinStep, null, () =>
    startJoin(readStoredEntry(sessionId), info.viewer.displayName),
  );
  const { step, moved, resume, name, acceptedVersion, waiting } = state;

  // A reload on the waiting screen (or coming back from the call) picks up the same place.
  useEffect(() => {
    if (!resume || resume.failed) return;
    const controller = new AbortController();
    const auth = { entryId: resume.stored.entryId, key: resume.stored.key };
    fetchEntry(sessionId, auth, controller.signal)
      .then((entry) => {
        if (entry.status === 'admitted') {
          navigate(callHref, { replace: true });
          return;
        }
        if (forgetsStoredPlace(entry.status)) forgetStoredEntry(sessionId);
        dispatch({ type: 'resumed', auth, entry });
      })
      .catch((error: Error) => {
        if (error.name === 'AbortError') return;
        if (error instanceof ApiRequestError) {
          forgetStoredEntry(sessionId);
          dispatch({ type: 'resume_unknown' });
        } else {
          dispatch({ type: 'resume_failed', message: error.message });
        }
      });
    return () => controller.abort();
  }, [resume, sessionId, navigate, callHref]);

  async function join(chosen: DeviceChoice) {
    dispatch({ type: 'joining', devices: chosen });
    if (acceptedVersion === null) return;
    try {
      const created = await createEntry(sessionId, { displayName: name, groundRulesVersion: acceptedVersion });
      const auth = { entryId: created.entry.id, key: created.key };
      writeStoredEntry(sessionId, {
        ...auth,
        displayName: created.entry.displayName,
        devices: chosen,
        until: info.session.endsAt,
      });
      if (created.entry.status === 'admitted') {
        // Replace: Back from the call should not land here and be sent straight back in.
        navigate(callHref, { replace: true });
        return;
      }
      dispatch({ type: 'joined', auth, entry: created.entry });
    } catch (error) {
      const code = errorCode(error);
      if (code !== undefined && REFRESHES_JOIN_INFO.has(code)) reloadInfo();
      dispatch({
        type: 'join_failed',
        code,
        nameProblem: formErrors(error).fields.displayName,
        message: (error as Error).message,
      });
    }
  }

  // From the device check on, the call's code loads and the media server's connection warms
  // up, so that once a facilitator lets them in only the join itself remains.
  const nearCall = step === 'devices' || step === 'waiting';
  useEffect(() => {
    if (nearCall) void prepareCall(info.callUrl);
  }, [nearCall, info.callUrl]);

  const closed = sessionClosedReason(info.session);
  const facilitator = info.viewer.kind === 'facilitator';
  // Early: they may get ready (name, rules, devices) while the join button waits for the doors.
  const early = useBefore(info.viewer.opensAt);
  const earlyNotice =
    early && info.viewer.opensAt
      ? earlyWords(info.viewer.opensAt, facilitator, viewerTimeZone(), new Date())
      : undefined;

  let body: ReactNode;
  if (resume) {
    body = resume.failed ? (
      <section aria-labelledby="resume-heading" className="card">
        <StepHeading id="resume-heading" focus={false}>
          We couldn't check your place
        </StepHeading>
        <p role="alert">{resume.failed}</p>
        <div className="actions">
          <button type="button" onClick={() => dispatch({ type: 'resume_retry' })}>
            Try again
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              forgetStoredEntry(sessionId);
              dispatch({ type: 'start_again' });
            }}
          >
            Start again
          </button>
        </div>
      </section>
    ) : (
      <p role="status">Finding your place in the waiting room…</p>
    );
  } else if (step === 'waiting' && waiting) {
    body = (
      <WaitingRoom
        sessionId={sessionId}
        info={info}
        auth={waiting.auth}
        entry={waiting.entry}
        focus={moved}
        onLeft={() => dispatch({ type: 'left_waiting' })}
      />
    );
  } else if (closed) {
    body = (
      <section aria-labelledby="closed-heading" className="card">
        <h2 id="closed-heading">{closed}</h2>
        <p>
          <Link to={`/groups/${info.group.id}`}>See what else {info.group.name} has on</Link>.
        </p>
      </section>
    );
  } else if (step === 'left') {
    body = (
      <section aria-labelledby="step-left" className="card">
        <StepHeading id="step-left" focus={moved}>
          You left the waiting room
        </StepHeading>
        <p>Nobody else was told why. You are welcome back at any time.</p>
        <div className="actions">
          <button type="button" onClick={() => dispatch({ type: 'back', to: 'name' })}>
            Join again
          </button>
          <Link className="button secondary" to={`/groups/${info.group.id}`}>
            Back to {info.group.name}
          </Link>
        </div>
      </section>
    );
  } else if (step === 'rules') {
    body = (
      <RulesStep
        key={info.groundRules.version}
        rules={info.groundRules.rules}
        version={info.groundRules.version}
        accepted={acceptedVersion === info.groundRules.version}
        changedNotice={state.rulesChanged}
        focus={moved}
        onBack={() => dispatch({ type: 'back', to: 'name' })}
        onNext={(version) => dispatch({ type: 'rules_accepted', version })}
      />
    );
  } else if (step === 'devices') {
    body = (
      <DeviceStep
        initial={state.devices}
        facilitator={facilitator}
        busy={state.busy}
        error={state.joinError}
        notYet={earlyNotice}
        focus={moved}
        onBack={() => dispatch({ type: 'back', to: 'rules' })}
        onJoin={join}
      />
    );
  } else {
    body = (
      <NameStep
        sessionId={sessionId}
        viewer={info.viewer}
        name={name}
        serverError={state.nameError}
        focus={moved}
        onNext={(chosen) => dispatch({ type: 'named', name: chosen })}
      />
    );
  }

  return (
    <article className="join-page">
      <header className="join-header">
        <h1>{info.session.title}</h1>
        <p>
          <Link to={`/groups/${info.group.id}`}>{info.group.name}</Link>
        </p>
        <p>
          <time dateTime={info.session.startsAt}>
            {sessionWhen(info.session.startsAt, info.session.endsAt, viewerTimeZone())}
          </time>
          {info.session.cancelled && <span className="badge cancelled">Cancelled</span>}
          {info.session.ended && <span className="badge">Ended</span>}
        </p>
      </header>
      {earlyNotice && (step === 'name' || step === 'rules') && !resume && !closed && (
        <p className="notice" role="status">
          {earlyNotice}
        </p>
      )}
      {body}
    </article>
  );
}
