import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { api } from '../../api.ts';
import { Field, FormAlert } from '../../forms/Field.tsx';
import { useFormSubmit } from '../../forms/use-form-submit.ts';
import { safeNext } from '../../session/safe-next.ts';
import { useMe } from '../../session/use-me.ts';
import { usePageTitle } from '../../use-page-title.ts';
import { useSearchParam } from '../../use-search-param.ts';

export default function SignUpPage() {
  usePageTitle('Create an account');
  const nextParam = useSearchParam('next');
  // Someone arriving from a group page goes back there; anyone else goes on to set up.
  const next = safeNext(nextParam, '/admin');
  const { reload } = useMe();
  const [, navigate] = useLocation();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { form, errors, busy, submit } = useFormSubmit(
    async () => {
      await api('/api/auth/sign-up/email', { method: 'POST', body: { name: name.trim(), email, password } });
      await reload();
      navigate(next, { replace: true });
    },
    { doneStaysBusy: true },
  );

  return (
    <section className="narrow">
      <h1>Create an account</h1>
      <p>
        An account lets you run groups, or ask to join one. Already have one?{' '}
        <Link to={`/sign-in${nextParam !== null ? `?next=${encodeURIComponent(next)}` : ''}`}>Sign in</Link>.
      </p>
      <form ref={form} onSubmit={submit} className="card">
        <Field
          id="name"
          label="Your name"
          hint="A first name, or the name you would like others to see. It does not have to be your legal name."
          error={errors?.fields.name}
        >
          {(p) => (
            <input
              {...p}
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              maxLength={80}
              autoComplete="nickname"
            />
          )}
        </Field>
        <Field id="email" label="Email address" error={errors?.fields.email}>
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
        <Field
          id="password"
          label="Password"
          hint="At least 10 characters. A few unrelated words make a strong password that is easy to remember."
          error={errors?.fields.password}
        >
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
        <FormAlert message={errors?.message} />
        <button type="submit" disabled={busy}>
          {busy ? 'Creating your account…' : 'Create account'}
        </button>
      </form>
    </section>
  );
}
