import { type FormEvent, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { api } from '../../api.ts';
import { Field, FormAlert } from '../../forms/Field.tsx';
import { safeNext } from '../../session/safe-next.ts';
import { useMe } from '../../session/use-me.ts';
import { usePageTitle } from '../../use-page-title.ts';
import { useSearchParam } from '../../use-search-param.ts';

/** better-auth sends people back here with ?error=… when an emailed link did not work. */
const LINK_ERRORS: Record<string, string> = {
  INVALID_TOKEN: 'That sign-in link has expired or was already used. Ask for a new one below.',
  EXPIRED_TOKEN: 'That sign-in link has expired. Ask for a new one below.',
  new_user_signup_disabled: 'No account uses that email address yet. Create an account first.',
};

export default function SignInPage() {
  usePageTitle('Sign in');
  const nextParam = useSearchParam('next');
  const next = safeNext(nextParam);
  const linkError = useSearchParam('error');
  const { session, reload } = useMe();
  const [, navigate] = useLocation();

  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const [linkEmail, setLinkEmail] = useState('');
  const [linkState, setLinkState] = useState<'idle' | 'sending' | 'sent'>('idle');
  const [linkSendError, setLinkSendError] = useState<string>();

  async function signIn(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api('/api/auth/sign-in/email', { method: 'POST', body: { email, password } });
      await reload();
      navigate(next, { replace: true });
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  }

  async function emailLink(event: FormEvent) {
    event.preventDefault();
    setLinkState('sending');
    setLinkSendError(undefined);
    try {
      await api('/api/auth/sign-in/magic-link', {
        method: 'POST',
        body: { email: linkEmail, callbackURL: next, errorCallbackURL: '/sign-in' },
      });
      setLinkState('sent');
    } catch (e) {
      setLinkSendError((e as Error).message);
      setLinkState('idle');
    }
  }

  const signUpHref = `/sign-up${nextParam !== null ? `?next=${encodeURIComponent(next)}` : ''}`;

  return (
    <section className="narrow">
      <h1>Sign in</h1>
      {session.status === 'signed_in' && (
        <p className="banner">
          You are already signed in as {session.me.user.name}. <Link to={next}>Carry on</Link>, or sign in below as
          someone else.
        </p>
      )}
      {linkError && (
        <p role="alert" className="error">
          {LINK_ERRORS[linkError] ?? 'That sign-in link did not work. Ask for a new one below.'}
        </p>
      )}
      <form onSubmit={signIn} className="card">
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
        <Field id="password" label="Password">
          {(p) => (
            <input
              {...p}
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
              autoComplete="current-password"
            />
          )}
        </Field>
        <FormAlert message={error} />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p>
          <Link to="/forgot-password">Forgotten your password?</Link>
        </p>
      </form>

      <h2>Sign in without a password</h2>
      <form onSubmit={emailLink} className="card">
        <p>We can email you a link that signs you in. It works once, for 15 minutes.</p>
        <Field id="link-email" label="Email address for the link">
          {(p) => (
            <input
              {...p}
              type="email"
              value={linkEmail}
              onChange={(e) => setLinkEmail(e.target.value)}
              required
              autoComplete="email"
            />
          )}
        </Field>
        <FormAlert message={linkSendError} />
        <p role="status">
          {linkState === 'sent' &&
            `If an account uses ${linkEmail}, a sign-in link is on its way. Check your inbox, and your spam folder too.`}
        </p>
        <button type="submit" className="secondary" disabled={linkState === 'sending'}>
          {linkState === 'sending' ? 'Sending…' : 'Email me a sign-in link'}
        </button>
      </form>

      <p>
        New here? <Link to={signUpHref}>Create an account</Link>.
      </p>
    </section>
  );
}
