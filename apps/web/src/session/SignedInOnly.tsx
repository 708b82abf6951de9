import { Navigate, Outlet, useLocation } from 'react-router';
import { useMe } from './use-me.ts';

/** Wraps the account and admin routes: signed-out visitors go to sign-in and come back after. */
export function SignedInOnly() {
  const { session, reload } = useMe();
  const location = useLocation();
  switch (session.status) {
    case 'loading':
      return <p role="status">Checking you are signed in…</p>;
    case 'signed_out': {
      const next = encodeURIComponent(location.pathname + location.search);
      return <Navigate to={`/sign-in?next=${next}`} replace />;
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
      return <Outlet />;
  }
}
