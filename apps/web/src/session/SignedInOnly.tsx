import type { ReactNode } from 'react';
import { Redirect, useLocation, useSearch } from 'wouter';
import { useMe } from './use-me.ts';

/** Wraps each account and admin page: signed-out visitors go to sign-in and come back after. */
export function SignedInOnly({ children }: { children: ReactNode }) {
  const { session, reload } = useMe();
  const [pathname] = useLocation();
  const search = useSearch();
  switch (session.status) {
    case 'loading':
      return <p role="status">Checking you are signed in…</p>;
    case 'signed_out': {
      const next = encodeURIComponent(search ? `${pathname}?${search}` : pathname);
      return <Redirect to={`/sign-in?next=${next}`} replace />;
    }
    case 'unavailable':
      return (
        <section>
          <h1>We could not check your account</h1>
          <p role="alert">{session.message}</p>
          <button type="button" onClick={() => void reload()}>
            Try again
          </button>
        </section>
      );
    case 'signed_in':
      return children;
  }
}
