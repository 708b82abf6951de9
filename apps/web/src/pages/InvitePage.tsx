import type { InvitePreview, JoinRequest, Membership } from '@peer-support/contracts/roster';
import { type ReactNode, useState } from 'react';
import { flushSync } from 'react-dom';
import { Link, useParams } from 'wouter';
import { ApiRequestError, api } from '../api.ts';
import { JoinGroupForm } from '../membership/JoinGroupForm.tsx';
import { ConfirmEmailNotice } from '../session/ConfirmEmailNotice.tsx';
import { useMe } from '../session/use-me.ts';
import { useApi } from '../use-api.ts';
import { usePageTitle } from '../use-page-title.ts';

const until = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short' });

/** Where an invitation link lands: the group, its ground rules, and a way in. */
export default function InvitePage() {
  const { token = '' } = useParams();
  const path = `/api/invites/${encodeURIComponent(token)}`;
  const invite = useApi<InvitePreview>(path);
  usePageTitle(invite.data ? `Invitation to ${invite.data.group.name}` : 'Invitation');

  if (invite.error) return <InviteProblem error={invite.error} retry={invite.reload} />;
  if (!invite.data) return <p role="status">Opening your invitation…</p>;
  const { group, groundRules, expiresAt } = invite.data;

  return (
    <article className="public-group">
      <p className="muted">You are invited to join</p>
      <h1>{group.name}</h1>
      <p className="muted">Run by {group.providerName}</p>
      {group.description && <p className="description">{group.description}</p>}
      <p>
        This invitation works until <time dateTime={expiresAt}>{until.format(new Date(expiresAt))}</time>.
      </p>

      <section aria-labelledby="rules-heading" className="card">
        <h2 id="rules-heading">Ground rules</h2>
        <p className="muted">Everyone in the group agrees to these, so that each person feels safe to speak.</p>
        <ol className="ground-rules">
          {groundRules.rules.map((rule) => (
            <li key={rule}>{rule}</li>
          ))}
        </ol>
      </section>

      <AcceptSection
        token={token}
        path={path}
        groupName={group.name}
        rulesVersion={groundRules.version}
        onRulesChanged={invite.reload}
      />
    </article>
  );
}

interface AcceptSectionProps {
  token: string;
  path: string;
  groupName: string;
  rulesVersion: number;
  onRulesChanged(): void;
}

function AcceptSection({ token, path, groupName, rulesVersion, onRulesChanged }: AcceptSectionProps) {
  const { session } = useMe();
  const [joined, setJoined] = useState<Membership>();
  const here = `/invite/${token}`;

  function done(membership: Membership) {
    flushSync(() => setJoined(membership));
    document.getElementById('joined')?.focus();
  }

  let body: ReactNode;
  if (joined) {
    body = (
      <div id="joined" role="status" tabIndex={-1} className="banner">
        {joined.status === 'active' ? (
          <p>
            <strong>You're in.</strong> Welcome to {groupName}, {joined.displayName}.
          </p>
        ) : (
          <p>
            <strong>The group is full; you're on the waiting list.</strong> You will get the next free place, and we
            will email you when you do.
          </p>
        )}
        <p>
          <Link to="/me/groups">Go to My groups</Link>
        </p>
      </div>
    );
  } else if (session.status === 'signed_in') {
    body = (
      <>
        <p>
          Signed in as {session.me.user.name} ({session.me.user.email}).
        </p>
        <ConfirmEmailNotice
          why="An invitation emailed to you can be accepted once your address is confirmed."
          returnTo={here}
        />
        <JoinGroupForm
          rulesVersion={rulesVersion}
          defaultName={session.me.user.name}
          submitLabel="Join the group"
          busyLabel="Joining…"
          join={(request: JoinRequest) => api<Membership>(`${path}/accept`, { method: 'POST', body: request })}
          onJoined={done}
          onRulesChanged={onRulesChanged}
        />
      </>
    );
  } else if (session.status === 'loading') {
    body = <p role="status">Checking whether you are signed in…</p>;
  } else {
    const next = encodeURIComponent(here);
    body = (
      <p>
        To join, you need an account, so the group knows it is you next time. You will come back to this page
        afterwards.{' '}
        <Link className="button" to={`/sign-up?next=${next}`}>
          Create an account
        </Link>{' '}
        or <Link to={`/sign-in?next=${next}`}>sign in</Link>.
      </p>
    );
  }

  return (
    <section aria-labelledby="join-heading" className="card">
      <h2 id="join-heading">Join {groupName}</h2>
      {body}
    </section>
  );
}

/**
 * 404: the link is wrong or forged; 410: it was real but is revoked, expired or used; 400: it
 * was cut short (the API's validation message would talk about parameters, so we say it plainly).
 */
function InviteProblem({ error, retry }: { error: Error; retry(): void }) {
  const status = error instanceof ApiRequestError ? error.status : 0;
  const known = status === 400 || status === 404 || status === 410;
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
