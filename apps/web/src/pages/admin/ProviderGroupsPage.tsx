import type { Group, GroupList } from '@peer-support/contracts/groups';
import { Link, useParams } from 'wouter';
import { useSignedInMe } from '../../session/use-me.ts';
import { isUuid, LoadFailure, NotFoundPage } from '../../ui/LoadFailure.tsx';
import { useApi } from '../../use-api.ts';
import { usePageTitle } from '../../use-page-title.ts';
import { ProviderHeader } from './ProviderHeader.tsx';

export default function ProviderGroupsPage() {
  const { providerId } = useParams();
  const me = useSignedInMe();
  const provider = me.providers.find((p) => p.id === providerId);
  usePageTitle(provider ? `Groups of ${provider.name}` : 'Groups');
  const groups = useApi<GroupList>(isUuid(providerId) ? `/api/providers/${providerId}/groups` : null);

  if (!isUuid(providerId)) return <NotFoundPage />;
  if (groups.error) return <LoadFailure error={groups.error} retry={groups.reload} />;
  const isAdmin = provider?.role === 'provider_admin';

  return (
    <section>
      <ProviderHeader provider={provider} providerId={providerId} />
      <div className="section-header">
        <h2>Groups</h2>
        {isAdmin && (
          <Link className="button" to={`/admin/${providerId}/groups/new`}>
            New group
          </Link>
        )}
      </div>
      {!groups.data && <p role="status">Loading groups…</p>}
      {groups.data?.groups.length === 0 && (
        <p>{isAdmin ? 'No groups yet. Start with "New group".' : 'You do not facilitate any groups here yet.'}</p>
      )}
      <ul className="plain-list">
        {groups.data?.groups.map((g) => (
          <GroupCard key={g.id} group={g} />
        ))}
      </ul>
    </section>
  );
}

function GroupCard({ group }: { group: Group }) {
  const facts = [
    group.visibility === 'listed' ? 'Listed publicly' : 'Invitation only',
    group.admission === 'waiting_room' ? 'Waiting room' : 'Open door',
    group.capacity === null ? 'No member limit' : `Up to ${group.capacity} members`,
    `Ground rules version ${group.groundRules.version}`,
  ];
  return (
    <li className="card">
      <h3>{group.name}</h3>
      <p className="muted">{facts.join(' · ')}</p>
      <p className="muted">
        Facilitators: {group.facilitators.length ? group.facilitators.map((f) => f.name).join(', ') : 'none yet'}
      </p>
      <p className="actions">
        <Link to={`/admin/groups/${group.id}`}>
          Settings<span className="visually-hidden"> for {group.name}</span>
        </Link>
        <Link to={`/admin/groups/${group.id}/ground-rules`}>
          Ground rules<span className="visually-hidden"> for {group.name}</span>
        </Link>
        <Link to={`/admin/groups/${group.id}/schedule`}>
          Schedule<span className="visually-hidden"> of {group.name}</span>
        </Link>
        <Link to={`/admin/groups/${group.id}/roster`}>
          Roster<span className="visually-hidden"> of {group.name}</span>
        </Link>
        {group.visibility === 'listed' && (
          <Link to={`/groups/${group.id}`}>
            Public page<span className="visually-hidden"> of {group.name}</span>
          </Link>
        )}
      </p>
    </li>
  );
}
