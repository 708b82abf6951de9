import type { Provider } from '@peer-support/contracts/providers';
import { Link, useLocation } from 'wouter';
import { ROLE_NAMES } from './roles.ts';

/** The provider's name and the links between its admin pages. */
export function ProviderHeader({ provider, providerId }: { provider: Provider | undefined; providerId: string }) {
  const [pathname] = useLocation();
  const tab = (to: string, label: string) => (
    <Link to={to} aria-current={pathname === to ? 'page' : undefined}>
      {label}
    </Link>
  );
  return (
    <div className="page-header">
      <h1>{provider?.name ?? 'Provider'}</h1>
      {provider && <p className="muted">Your role: {ROLE_NAMES[provider.role]}</p>}
      <nav aria-label="Provider admin" className="tabs">
        {tab(`/admin/${providerId}`, 'Groups')}
        {tab(`/admin/${providerId}/staff`, 'Staff')}
      </nav>
    </div>
  );
}
