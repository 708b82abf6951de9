import { useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { api } from '../../api.ts';
import { ConfirmEmailNotice, RETURN_AFTER_CONFIRMING } from '../../session/ConfirmEmailNotice.tsx';
import { safeNext } from '../../session/safe-next.ts';
import { useMe } from '../../session/use-me.ts';
import { usePageTitle } from '../../use-page-title.ts';
import { useSearchParam } from '../../use-search-param.ts';

type Outcome = { kind: 'working' } | { kind: 'confirmed' } | { kind: 'failed'; message: string };

/**
 * Where the link in the confirmation email lands. The API confirms only for the account
 * signed in here (decision 0014), so a signed-out visitor is asked to sign in first and comes
 * back to this page afterwards.
 */
export default function VerifyEmailPage() {
  const token = useSearchParam('token') ?? '';
  const { session, reload } = useMe();
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'working' });
  const asked = useRef(false);
  const signedIn = session.status === 'signed_in';
  const alreadyConfirmed = signedIn && session.me.user.emailVerified && outcome.kind === 'working';
  usePageTitle(outcome.kind === 'confirmed' || alreadyConfirmed ? 'Email address confirmed' : 'Confirm your email');

  useEffect(() => {
    if (!signedIn || alreadyConfirmed || asked.current) return;
    asked.current = true;
    api(`/api/auth/verify-email?token=${encodeURIComponent(token)}`)
      .then(async () => {
        await reload();
        setOutcome({ kind: 'confirmed' });
      })
      .catch((e: Error) => setOutcome({ kind: 'failed', message: e.message }));
  }, [signedIn, alreadyConfirmed, token, reload]);

  if (session.status === 'loading') return <p role="status">Checking you are signed in…</p>;

  if (!signedIn) {
    const next = encodeURIComponent(`/verify-email?token=${encodeURIComponent(token)}`);
    return (
      <section className="narrow">
        <h1>Confirm your email address</h1>
        <p>
          To confirm it, sign in to your account in this browser; you will come back here and it is done. A sign-in link
          sent by email confirms your address too.
        </p>
        <p>
          <Link className="button" to={`/sign-in?next=${next}`}>
            Sign in to confirm
          </Link>
        </p>
        <p className="muted">If you did not make an account, close this page: nothing happens unless you confirm.</p>
      </section>
    );
  }

  if (outcome.kind === 'confirmed' || alreadyConfirmed) return <Confirmed email={session.me.user.email} />;
  if (outcome.kind === 'failed') {
    return (
      <section className="narrow">
        <h1>Your email address is not confirmed yet</h1>
        <p role="alert" className="error">
          {outcome.message}
        </p>
        <ConfirmEmailNotice why="Ask for a new link here if this one has expired." />
      </section>
    );
  }
  return <p role="status">Confirming your email address…</p>;
}

function Confirmed({ email }: { email: string }) {
  const [back] = useState(() => {
    try {
      const stored = localStorage.getItem(RETURN_AFTER_CONFIRMING);
      localStorage.removeItem(RETURN_AFTER_CONFIRMING);
      return stored ? safeNext(stored, '') : '';
    } catch {
      return '';
    }
  });
  return (
    <section className="narrow">
      <h1>Email address confirmed</h1>
      <p role="status">
        Thank you: <strong>{email}</strong> is confirmed. Invitations sent to it can now be accepted, and any staff role
        you were given works.
      </p>
      <p>
        {back ? (
          <Link className="button" to={back}>
            Go back to your invitation
          </Link>
        ) : (
          <>
            <Link to="/me/groups">My groups</Link> · <Link to="/admin">Admin</Link>
          </>
        )}
      </p>
    </section>
  );
}
