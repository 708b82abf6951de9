import type { MyGroups } from '@peer-support/contracts/roster';
import { Link } from 'wouter';
import { MY_STATUS } from '../membership/my-status.ts';
import { LoadFailure } from '../ui/LoadFailure.tsx';
import { useApi } from '../use-api.ts';
import { usePageTitle } from '../use-page-title.ts';

/** The groups a person is in, has asked to join or waits for, in plain words. */
export default function MyGroupsPage() {
  usePageTitle('My groups');
  const mine = useApi<MyGroups>('/api/me/groups');

  if (mine.error) return <LoadFailure error={mine.error} retry={mine.reload} admin={false} />;

  return (
    <section className="narrow">
      <h1>My groups</h1>
      <p>
        <Link to="/me/sessions">My sessions</Link>: the upcoming sessions of all your groups, and whether you are going.
      </p>
      {!mine.data && <p role="status">Loading your groups…</p>}
      {mine.data?.groups.length === 0 && (
        <p>
          You are not in any groups yet. <Link to="/">See what's on</Link>, or use the invitation link a group sent you.
        </p>
      )}
      <ul className="plain-list">
        {mine.data?.groups.map((m) => {
          const words = MY_STATUS[m.status];
          return (
            <li key={m.membershipId} className="card">
              <h2>
                {/* Requests are only for listed groups, whose page anyone may open; an invite-only group's
                    page is open to its active members only. */}
                {m.status === 'active' || m.status === 'requested' ? (
                  <Link to={`/groups/${m.group.id}`}>{m.group.name}</Link>
                ) : (
                  m.group.name
                )}
              </h2>
              <p className="muted">Run by {m.group.providerName}</p>
              <p>
                <strong>{words.label}.</strong> {words.detail}
              </p>
              <p className="muted">Your name in this group: {m.displayName}</p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
