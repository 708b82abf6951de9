import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useMe } from './session/use-me.ts';

export function SiteHeader() {
  const { session, signOut } = useMe();
  const [, navigate] = useLocation();
  const [error, setError] = useState<string>();

  async function onSignOut() {
    setError(undefined);
    try {
      await signOut();
      navigate('/');
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <header className="site-header">
      <a href="#main" className="skip-link">
        Skip to main content
      </a>
      <Link to="/" className="brand">
        Peer support
      </Link>
      <nav aria-label="Account" className="account-nav">
        {session.status === 'signed_in' ? (
          <>
            <Link to="/me/sessions">My sessions</Link>
            <Link to="/me/groups">My groups</Link>
            {session.me.providers.length > 0 && <Link to="/admin">Admin</Link>}
            <span className="muted">Signed in as {session.me.user.name}</span>
            <button type="button" className="secondary" onClick={onSignOut}>
              Sign out
            </button>
          </>
        ) : (
          session.status !== 'loading' && <Link to="/sign-in">Sign in</Link>
        )}
      </nav>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </header>
  );
}
