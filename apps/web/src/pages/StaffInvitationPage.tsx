import type { Provider, StaffInvitationPreview } from '@peer-support/contracts/providers';
import { type ReactNode, useState } from 'react';
import { flushSync } from 'react-dom';
import { Link, useParams } from 'wouter';
import { ApiRequestError, api } from '../api.ts';
import { FormAlert } from '../forms/Field.tsx';
import { ConfirmEmailNotice } from '../session/ConfirmEmailNotice.tsx';
import { useMe } from '../session/use-me.ts';
import { useApi } from '../use-api.ts';
import { usePageTitle } from '../use-page-title.ts';
import { ROLE_NAMES } from './admin/roles.ts';

const until = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short' });

const ROLE_MEANS = {
  facilitator: 'Facilitators host sessions and edit the ground rules of the groups they facilitate.',
  provider_admin: 'Provider admins manage groups, staff and rosters, and can host any of its sessions.',
} as const;

/** Where a staff invitation link lands: what it is for, and a way to accept it. */
export default function StaffInvitationPage() {
  const { token = '' } = useParams();
  const path = `/api/staff-invitations/${encodeURIComponent(token)}`;
  const invitation = useApi<StaffInvitationPreview>(path);
  usePageTitle(invitation.data ? `Join the staff of ${invitation.data.providerName}` : 'Staff invitation');

  if (invitation.error) return <InvitationProblem error={invitation.error} retry={invitation.reload} />;
  if (!invitation.data) return <p role="status">Opening your invitation…</p>;
  const { providerName, role, email, expiresAt } = invitation.data;

  return (
    <section className="narrow">
      <p className="muted">You are invited to join the staff of</p>
      <h1>{providerName}</h1>
      <p>
        As <strong>{ROLE_NAMES[role].toLowerCase()}</strong>. {ROLE_MEANS[role]}
      </p>
      <p>
        The invitation was sent to <strong>{email}</strong> and works until{' '}
        <time dateTime={expiresAt}>{until.format(new Date(expiresAt))}</time>.
      </p>
      <AcceptSection token={token} path={path} invitation={invitation.data} />
    </section>
  );
}

function AcceptSection({
  token,
  path,
  invitation,
}: {
  token: string;
  path: string;
  invitation: StaffInvitationPreview;
}) {
  const { session, reload } = useMe();
  const [joined, setJoined] = useState<Provider>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const here = `/staff-invitation/${token}`;

  async function accept() {
    setBusy(true);
    setError(undefined);
    try {
      const provider = await api<Provider>(`${path}/accept`, { method: 'POST', body: {} });
      await reload();
      flushSync(() => setJoined(provider));
      document.getElementById('joined')?.focus();
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  }

  let body: ReactNode;
  if (joined) {
    body = (
      <div id="joined" role="status" tabIndex={-1} className="banner">
        <p>
          <strong>You are on the staff.</strong> You are now {ROLE_NAMES[joined.role].toLowerCase()} at {joined.name}.
        </p>
        <p>
          <Link to={`/admin/${joined.id}`}>Go to {joined.name}</Link>
        </p>
      </div>
    );
  } else if (session.status === 'loading') {
    body = <p role="status">Checking whether you are signed in…</p>;
  } else if (session.status !== 'signed_in') {
    const next = encodeURIComponent(here);
    body = (
      <p>
        Sign in, or create an account, with <strong>{invitation.email}</strong>. You will come back to this page
        afterwards.{' '}
        <Link className="button" to={`/sign-up?next=${next}`}>
          Create an account
        </Link>{' '}
        or <Link to={`/sign-in?next=${next}`}>sign in</Link>.
      </p>
    );
  } else if (session.me.user.email.toLowerCase() !== invitation.email) {
    body = (
      <p>
        You are signed in as {session.me.user.email}, but this invitation is for {invitation.email}. Sign out, then sign
        in (or create an account) with {invitation.email} to accept it.
      </p>
    );
  } else if (!session.me.user.emailVerified) {
    body = (
      <ConfirmEmailNotice
        why="Once it is confirmed, come back to this page to accept the invitation."
        returnTo={here}
      />
    );
  } else {
    body = (
      <>
        <p>Signed in as {session.me.user.email}.</p>
        <FormAlert message={error} />
        <button type="button" disabled={busy} onClick={() => void accept()}>
          {busy ? 'Accepting…' : 'Accept the invitation'}
        </button>
      </>
    );
  }

  return (
    <section aria-labelledby="accept-heading" className="card">
      <h2 id="accept-heading">Accept</h2>
      {body}
    </section>
  );
}

/** 404: the link is wrong or forged; 409 or 410: it was real but is used, withdrawn or expired. */
function InvitationProblem({ error, retry }: { error: Error; retry(): void }) {
  const status = error instanceof ApiRequestError ? error.status : 0;
  const known = [400, 404, 409, 410].includes(status);
  return (
    <section className="narrow">
      <h1>{known ? 'This invitation cannot be used' : 'Something went wrong'}</h1>
      <p role="alert" className="error">
        {status === 400
          ? 'This invitation link is not complete. Check you copied all of it, or ask for a new one.'
          : error.message}
      </p>
      {!known && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
      <p>
        <Link to="/">See what's on</Link>.
      </p>
    </section>
  );
}
