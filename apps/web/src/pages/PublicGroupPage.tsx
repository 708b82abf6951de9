import type { PublicGroup } from '@peer-support/contracts/groups';
import { Link, useParams } from 'react-router';
import { useMe } from '../session/use-me.ts';
import { useApi } from '../use-api.ts';
import { usePageTitle } from '../use-page-title.ts';
import { isUuid, LoadFailure, NotFoundPage } from './admin/LoadFailure.tsx';

/** What anyone can read about a listed group before asking to join it. */
export default function PublicGroupPage() {
  const { groupId } = useParams();
  const group = useApi<PublicGroup>(isUuid(groupId) ? `/api/public/groups/${groupId}` : null);
  usePageTitle(group.data?.name ?? 'Group');

  if (!isUuid(groupId)) return <NotFoundPage admin={false} />;
  if (group.error) return <LoadFailure error={group.error} retry={group.reload} admin={false} />;
  if (!group.data) return <p role="status">Loading the group…</p>;
  const g = group.data;

  return (
    <article className="public-group">
      <h1>{g.name}</h1>
      <p className="muted">Run by {g.provider.name}</p>
      {g.description && <p className="description">{g.description}</p>}
      {g.topics.length > 0 && (
        <ul className="tags" aria-label="Topics">
          {g.topics.map((t) => (
            <li key={t}>{t}</li>
          ))}
        </ul>
      )}

      <section aria-labelledby="rules-heading" className="card">
        <h2 id="rules-heading">Ground rules</h2>
        <p className="muted">Everyone in the group agrees to these, so that each person feels safe to speak.</p>
        <ol className="ground-rules">
          {g.groundRules.rules.map((rule) => (
            <li key={rule}>{rule}</li>
          ))}
        </ol>
      </section>

      <JoinSection groupId={g.id} />

      <section aria-labelledby="support-heading" className="card">
        <h2 id="support-heading">If you need support between sessions</h2>
        <p className="muted">Peer support is not a crisis service. These lines are there for you, free to call.</p>
        <ul className="plain-list support-lines">
          {g.supportLines.map((line) => (
            <li key={line.phone}>
              <h3>{line.name}</h3>
              <p>
                <a href={`tel:${line.phone.replace(/[^+\d]/g, '')}`}>
                  Call {line.name} on {line.phone}
                </a>
              </p>
              <p className="muted">{line.hours}</p>
              {line.description && <p>{line.description}</p>}
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}

/**
 * Rosters (asking to join, approval, waitlist) arrive with a later issue. Until then the page
 * says so plainly rather than offering a button that would pretend to send a request.
 */
function JoinSection({ groupId }: { groupId: string }) {
  const { session } = useMe();
  const here = `/groups/${groupId}`;
  return (
    <section aria-labelledby="join-heading" className="card">
      <h2 id="join-heading">Ask to join</h2>
      <p>Asking to join from this page opens soon.</p>
      {session.status === 'signed_in' ? (
        <p>You are signed in, so you will be ready when it does.</p>
      ) : (
        <p>
          Until then, you can create an account so you are ready when it does.{' '}
          <Link className="button" to={`/sign-up?next=${encodeURIComponent(here)}`}>
            Create an account
          </Link>{' '}
          or <Link to={`/sign-in?next=${encodeURIComponent(here)}`}>sign in</Link>.
        </p>
      )}
    </section>
  );
}
