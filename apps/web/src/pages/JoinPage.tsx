import type { Entry, JoinInfo } from '@peer-support/contracts/live';
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { Link, useLocation, useParams } from 'wouter';
import { ApiRequestError } from '../api.ts';
import { formErrors } from '../forms/form-errors.ts';
import { DeviceStep } from '../join/DeviceStep.tsx';
import { earlyWords, sessionClosedReason, sessionWhen } from '../join/join-words.ts';
import { NameStep } from '../join/NameStep.tsx';
import { RulesStep } from '../join/RulesStep.tsx';
import { StepHeading } from '../join/StepHeading.tsx';
import { useBefore } from '../join/use-before.ts';
import { WaitingRoom } from '../join/WaitingRoom.tsx';
import { createEntry, errorCode, fetchEntry, joinInfoPath } from '../live/entry-api.ts';
import {
  type DeviceChoice,
  forgetStoredEntry,
  readStoredEntry,
  type StoredEntry,
  writeStoredEntry,
} from '../live/entry-store.ts';
import { viewerTimeZone } from '../schedule/schedule-words.ts';
import { useMe } from '../session/use-me.ts';
import { useApi } from '../use-api.ts';
import { usePageTitle } from '../use-page-title.ts';
import { isUuid, LoadFailure, NotFoundPage } from './admin/LoadFailure.tsx';

/** The session link: name → ground rules → device check → waiting room → the call. */
export default function JoinPage() {
  const { sessionId } = useParams();
  const valid = isUuid(sessionId);
  const info = useApi<JoinInfo>(valid ? joinInfoPath(sessionId) : null);
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

type Step = 'name' | 'rules' | 'devices' | 'waiting' | 'left';
type Auth = { entryId: string; key: string };

interface JoinFlowProps {
  sessionId: string;
  info: JoinInfo;
  reloadInfo(): void;
}

function JoinFlow({ sessionId, info, reloadInfo }: JoinFlowProps) {
  const [, navigate] = useLocation();
  const callHref = `/sessions/${sessionId}/call`;
  const [resume, setResume] = useState<{ stored: StoredEntry; failed?: string } | null>(() => {
    const stored = readStoredEntry(sessionId);
    return stored ? { stored } : null;
  });
  const [step, setStep] = useState<Step>('name');
  // Focus moves to a step's heading only after someone moved between steps, not on arrival.
  const [moved, setMoved] = useState(false);
  const [name, setName] = useState(info.viewer.displayName ?? '');
  const [acceptedVersion, setAcceptedVersion] = useState<number | null>(null);
  const [devices, setDevices] = useState<DeviceChoice | null>(null);
  const [rulesChanged, setRulesChanged] = useState(false);
  const [nameError, setNameError] = useState<string>();
  const [joinError, setJoinError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [waiting, setWaiting] = useState<{ auth: Auth; entry: Entry } | null>(null);

  const go = useCallback((next: Step) => {
    setStep(next);
    setMoved(true);
  }, []);

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
        if (entry.status === 'left') {
          forgetStoredEntry(sessionId);
        } else {
          setName(entry.displayName);
          setWaiting({ auth, entry });
          setStep('waiting');
        }
        setResume(null);
      })
      .catch((error: Error) => {
        if (error.name === 'AbortError') return;
        if (error instanceof ApiRequestError) {
          // The server does not know that entry (any more): start again.
          forgetStoredEntry(sessionId);
          setResume(null);
        } else {
          setResume({ stored: resume.stored, failed: error.message });
        }
      });
    return () => controller.abort();
  }, [resume, sessionId, navigate, callHref]);

  async function join(chosen: DeviceChoice) {
    if (acceptedVersion === null) return go('rules');
    setDevices(chosen);
    setBusy(true);
    setJoinError(undefined);
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
      setWaiting({ auth, entry: created.entry });
      setBusy(false);
      go('waiting');
    } catch (error) {
      setBusy(false);
      const code = errorCode(error);
      if (code === 'rules_changed') {
        setAcceptedVersion(null);
        setRulesChanged(true);
        reloadInfo();
        go('rules');
        return;
      }
      const nameProblem = formErrors(error).fields.displayName;
      if (nameProblem) {
        setNameError(nameProblem);
        go('name');
        return;
      }
      if (code === 'session_ended' || code === 'session_cancelled' || code === 'not_online') reloadInfo();
      setJoinError((error as Error).message);
    }
  }

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
          <button type="button" onClick={() => setResume({ stored: resume.stored })}>
            Try again
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              forgetStoredEntry(sessionId);
              setResume(null);
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
        onLeft={() => {
          setWaiting(null);
          go('left');
        }}
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
          <button type="button" onClick={() => go('name')}>
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
        changedNotice={rulesChanged}
        focus={moved}
        onBack={() => go('name')}
        onNext={(version) => {
          setAcceptedVersion(version);
          setRulesChanged(false);
          go('devices');
        }}
      />
    );
  } else if (step === 'devices') {
    body = (
      <DeviceStep
        initial={devices}
        facilitator={facilitator}
        busy={busy}
        error={joinError}
        notYet={earlyNotice}
        focus={moved}
        onBack={() => go('rules')}
        onJoin={join}
      />
    );
  } else {
    body = (
      <NameStep
        sessionId={sessionId}
        viewer={info.viewer}
        name={name}
        serverError={nameError}
        focus={moved}
        onNext={(chosen) => {
          setName(chosen);
          setNameError(undefined);
          go('rules');
        }}
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
