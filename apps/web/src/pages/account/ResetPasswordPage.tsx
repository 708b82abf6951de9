import { type FormEvent, useState } from 'react';
import { Link } from 'wouter';
import { api } from '../../api.ts';
import { Field, FormAlert } from '../../forms/Field.tsx';
import { usePageTitle } from '../../use-page-title.ts';
import { useSearchParam } from '../../use-search-param.ts';

export default function ResetPasswordPage() {
  usePageTitle('Choose a new password');
  const token = useSearchParam('token');
  const failed = useSearchParam('error') !== null;
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [error, setError] = useState<string>();
  const [state, setState] = useState<'idle' | 'saving' | 'done'>('idle');

  if (!token || failed) {
    return (
      <section className="narrow">
        <h1>Choose a new password</h1>
        <p role="alert" className="error">
          This reset link has expired or was already used.
        </p>
        <p>
          <Link to="/forgot-password">Ask for a new link</Link>; it works for an hour.
        </p>
      </section>
    );
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (password !== repeat) {
      setMismatch(true);
      document.getElementById('repeat-password')?.focus();
      return;
    }
    setMismatch(false);
    setState('saving');
    setError(undefined);
    try {
      await api('/api/auth/reset-password', { method: 'POST', body: { token, newPassword: password } });
      setState('done');
    } catch (e) {
      setError((e as Error).message);
      setState('idle');
    }
  }

  if (state === 'done') {
    return (
      <section className="narrow">
        <h1>Your password is changed</h1>
        <p role="status">
          For your safety, we signed you out everywhere. <Link to="/sign-in">Sign in</Link> with your new password.
        </p>
      </section>
    );
  }

  return (
    <section className="narrow">
      <h1>Choose a new password</h1>
      <form onSubmit={submit} className="card">
        <Field id="new-password" label="New password" hint="At least 10 characters.">
          {(p) => (
            <input
              {...p}
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
              minLength={10}
              maxLength={200}
              autoComplete="new-password"
            />
          )}
        </Field>
        <Field
          id="repeat-password"
          label="New password again"
          error={mismatch ? 'The two passwords are different. Type the same password twice.' : undefined}
        >
          {(p) => (
            <input
              {...p}
              type="password"
              value={repeat}
              onChange={(e) => setRepeat(e.target.value)}
              required
              autoComplete="new-password"
            />
          )}
        </Field>
        <FormAlert message={error} />
        <button type="submit" disabled={state === 'saving'}>
          {state === 'saving' ? 'Saving…' : 'Save new password'}
        </button>
      </form>
    </section>
  );
}
