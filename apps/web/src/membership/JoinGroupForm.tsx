import type { JoinRequest, Membership } from '@peer-support/contracts/roster';
import { useState } from 'react';
import { ApiRequestError } from '../api.ts';
import { Field, FormAlert } from '../forms/Field.tsx';
import { useFormSubmit } from '../forms/use-form-submit.ts';

interface JoinGroupFormProps {
  /** The version of the ground rules shown on the page: the one the person accepts. */
  rulesVersion: number;
  defaultName: string;
  submitLabel: string;
  busyLabel: string;
  join(body: JoinRequest): Promise<Membership>;
  onJoined(membership: Membership): void;
  /** The rules changed while the person read them: the page should load the new ones. */
  onRulesChanged(): void;
}

/** A display name and the ground rules' acceptance: what asking to join and accepting an invitation both need. */
export function JoinGroupForm(props: JoinGroupFormProps) {
  const { rulesVersion, defaultName, submitLabel, busyLabel, join, onJoined, onRulesChanged } = props;
  const [displayName, setDisplayName] = useState(defaultName);
  // Acceptance is of one version: when new rules arrive, the box is unticked again.
  const [acceptedVersion, setAcceptedVersion] = useState<number | null>(null);
  const { form, errors, busy, submit } = useFormSubmit(
    async () => {
      if (acceptedVersion !== rulesVersion) return;
      onJoined(await join({ displayName: displayName.trim(), acceptGroundRulesVersion: rulesVersion }));
    },
    {
      onError: (e) => {
        if (e instanceof ApiRequestError && e.body?.code === 'ground_rules_changed') onRulesChanged();
      },
    },
  );

  return (
    <form ref={form} onSubmit={submit}>
      <Field
        id="display-name"
        label="Your name in the group"
        hint="What others in the group will call you: a first name or a pseudonym is fine."
        error={errors?.fields.displayName}
      >
        {(p) => (
          <input
            {...p}
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
            required
            maxLength={60}
            autoComplete="nickname"
          />
        )}
      </Field>
      <div className="choice accept">
        <input
          type="checkbox"
          id="accept-rules"
          checked={acceptedVersion === rulesVersion}
          onChange={(e) => setAcceptedVersion(e.target.checked ? rulesVersion : null)}
          required
        />
        <label htmlFor="accept-rules">I have read and accept these ground rules</label>
      </div>
      <FormAlert message={errors?.message} />
      <button type="submit" disabled={busy}>
        {busy ? busyLabel : submitLabel}
      </button>
    </form>
  );
}
