import { type FormEvent, useRef, useState } from 'react';
import { FieldError } from '../forms/Field.tsx';
import { GroundRulesList, NotRecorded } from './GroundRules.tsx';
import { StepHeading } from './StepHeading.tsx';

interface RulesStepProps {
  rules: readonly string[];
  version: number;
  /** Whether this person already accepted this very version (coming back from the device check). */
  accepted: boolean;
  /** Set when the rules changed while they were reading: they are asked to read the new ones. */
  changedNotice: boolean;
  focus: boolean;
  onBack(): void;
  onNext(version: number): void;
}

/** Step 2: the group's ground rules, accepted version by version. */
export function RulesStep({
  rules,
  version,
  accepted: wasAccepted,
  changedNotice,
  focus,
  onBack,
  onNext,
}: RulesStepProps) {
  const [accepted, setAccepted] = useState(wasAccepted);
  const [missing, setMissing] = useState(false);
  const box = useRef<HTMLInputElement>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!accepted) {
      setMissing(true);
      box.current?.focus();
      return;
    }
    onNext(version);
  }

  return (
    <section aria-labelledby="step-rules" className="card">
      <StepHeading id="step-rules" count="Step 2 of 3" focus={focus}>
        Ground rules
      </StepHeading>
      {changedNotice && (
        <p role="alert" className="banner">
          The ground rules changed while you were reading them. Please read the new rules below and accept them again.
        </p>
      )}
      <p className="muted">Everyone in the group agrees to these, so that each person feels safe to speak.</p>
      <GroundRulesList rules={rules} />
      <NotRecorded />
      <form onSubmit={submit} noValidate>
        <div className="choice accept">
          <input
            ref={box}
            type="checkbox"
            id="accept-rules"
            checked={accepted}
            onChange={(e) => {
              setAccepted(e.target.checked);
              if (e.target.checked) setMissing(false);
            }}
            required
            {...(missing && { 'aria-invalid': true, 'aria-describedby': 'accept-rules-error' })}
          />
          <label htmlFor="accept-rules">I accept these ground rules</label>
        </div>
        {missing && (
          <FieldError id="accept-rules-error">To join, tick the box to say you accept the ground rules.</FieldError>
        )}
        <div className="actions">
          <button type="button" className="secondary" onClick={onBack}>
            Back
          </button>
          <button type="submit">Continue</button>
        </div>
      </form>
    </section>
  );
}
