import { type FormEvent, useState } from 'react';
import { Link } from 'wouter';
import { api } from '../../api.ts';
import { Field, FormAlert } from '../../forms/Field.tsx';
import { usePageTitle } from '../../use-page-title.ts';

export default function ForgotPasswordPage() {
  usePageTitle('Reset your password');
  const [email, setEmail] = useState('');
  const [state, setState] = useState<'idle' | 'sending' | 'sent'>('idle');
  const [error, setError] = useState<string>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setState('sending');
    setError(undefined);
    try {
      await api('/api/auth/request-password-reset', {
        method: 'POST',
        body: { email, redirectTo: '/reset-password' },
      });
      setState('sent');
    } catch (e) {
      setError((e as Error).message);
      setState('idle');
    }
  }

  return (
    <section className="narrow">
      <h1>Reset your password</h1>
      <form onSubmit={submit} className="card">
        <p>Tell us the email address you signed up with, and we will email you a link to choose a new password.</p>
        <Field id="email" label="Email address">
          {(p) => (
            <input
              {...p}
              type="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              required
              autoComplete="email"
            />
          )}
        </Field>
        <FormAlert message={error} />
        <p role="status">
          {state === 'sent' &&
            `If an account uses ${email}, we have emailed it a link. The link works for an hour. Check your spam folder if it has not arrived in a few minutes.`}
        </p>
        <button type="submit" disabled={state === 'sending'}>
          {state === 'sending' ? 'Sending…' : 'Email me a reset link'}
        </button>
      </form>
      <p>
        Remembered it? <Link to="/sign-in">Sign in</Link>.
      </p>
    </section>
  );
}
