import type { ProviderRole } from '@peer-support/contracts/providers';

export const ROLE_NAMES: Record<ProviderRole, string> = {
  provider_admin: 'Provider admin',
  facilitator: 'Facilitator',
};
