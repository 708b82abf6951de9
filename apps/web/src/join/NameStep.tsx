import type { JoinInfo } from '@peer-support/contracts/live';
import { type FormEvent, useRef, useState } from 'react';
import { Link } from 'wouter';
import { Field } from '../forms/Field.tsx';
import { checkDisplayName, DISPLAY_NAME_MAX } from './join-words.ts';
import { StepHeading } from './StepHeading.tsx';

interface NameStepProps {
  sessionId: string;
  viewer: JoinInfo['viewer'];
  name: string;
  /** The API's word on the name, after a refused entry. */
  serverError: string | undefined;
  focus: boolean;
  onNext(name: string): void;
}

/** Step 1: what the group will call you. Signing in is offered when it would help, never required of guests. */
export function NameStep({ sessionId, viewer, name: initialName, serverError, focus, onNext }: NameStepProps) {
  const [name, setName] = useState(initialName);
  const [error, setError] = useState<string | undefined>(serverError);
  const input = useRef<HTMLInputElement>(null);
  const signInHref = `/sign-in?next=${encodeURIComponent(`/sessions/${sessionId}`)}`;

  if (viewer.kind === null) {
    return (
      <section aria-labelledby="step-name" className="card">
        <StepHeading id="step-name" focus={focus}>
          You can't join this session
        </StepHeading>
        <p role="alert">{viewer.reason ?? 'You cannot join this session.'}</p>
        {viewer.signInWanted && (
          <p>
            <Link className="button" to={signInHref}>
              Sign in
            </Link>
          </p>
        )}
      </section>
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const problem = checkDisplayName(name);
    setError(problem ?? undefined);
    if (problem) {
      input.current?.focus();
      return;
    }
    onNext(name.trim());
  }

  const guest = viewer.kind === 'guest';
  return (
    <section aria-labelledby="step-name" className="card">
      <StepHeading id="step-name" count="Step 1 of 3" focus={focus}>
        Your name
      </StepHeading>
      {viewer.signInWanted && (
        <div className="sign-in-offer">
          <p>If you are a member of this group, sign in so the facilitator knows it's you. You'll come back here.</p>
          <p>
            <Link className="button" to={signInHref}>
              Sign in
            </Link>
          </p>
          {guest && <p>Or continue as a guest: you don't need an account to join.</p>}
        </div>
      )}
      {(!viewer.signInWanted || guest) && (
        <form onSubmit={submit} noValidate>
          <Field
            id="display-name"
            label="Your name in the session"
            hint="This is what others will see. A first name or a made-up name is fine; you don't have to use your real one."
            error={error}
          >
            {(p) => (
              <input
                {...p}
                ref={input}
                value={name}
                onChange={(e) => setName(e.target.value)}
                maxLength={DISPLAY_NAME_MAX}
                autoComplete="nickname"
                required
              />
            )}
          </Field>
          <div className="actions">
            <button type="submit">{guest && viewer.signInWanted ? 'Continue as a guest' : 'Continue'}</button>
          </div>
        </form>
      )}
    </section>
  );
}
