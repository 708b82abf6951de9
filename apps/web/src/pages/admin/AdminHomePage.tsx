import { Link, Redirect } from 'wouter';
import { ConfirmEmailNotice } from '../../session/ConfirmEmailNotice.tsx';
import { useSignedInMe } from '../../session/use-me.ts';
import { usePageTitle } from '../../use-page-title.ts';
import { ROLE_NAMES } from './roles.ts';

/** Straight to the provider when there is one; a choice when there are several. */
export default function AdminHomePage() {
  usePageTitle('Admin');
  const { providers } = useSignedInMe();
  const only = providers.length === 1 ? providers[0] : undefined;
  if (only) return <Redirect to={`/admin/${only.id}`} replace />;

  if (providers.length === 0) {
    return (
      <section className="narrow">
        <h1>Admin</h1>
        <p>You are not an admin or facilitator of any provider yet.</p>
        <ConfirmEmailNotice why="Until you do, a staff invitation sent to this address cannot be accepted." />
        <ul>
          <li>
            If you run peer-support groups, <Link to="/providers/new">start a provider</Link>.
          </li>
          <li>
            If you facilitate for an organisation, ask one of its admins to invite you to its staff: the invitation
            comes by email.
          </li>
          <li>
            Looking for a group to join? <Link to="/">See what's on</Link>.
          </li>
        </ul>
      </section>
    );
  }

  return (
    <section className="narrow">
      <h1>Choose a provider</h1>
      <ul className="plain-list">
        {providers.map((p) => (
          <li key={p.id} className="card">
            <h2>
              <Link to={`/admin/${p.id}`}>{p.name}</Link>
            </h2>
            <p className="muted">{ROLE_NAMES[p.role]}</p>
          </li>
        ))}
      </ul>
      <p>
        <Link to="/providers/new">Start another provider</Link>
      </p>
    </section>
  );
}
