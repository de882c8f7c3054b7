import { resourceKeys } from '@/lib/query-keys';

/** Query keys of SSO providers (`/api/sso-providers`); the only place they are spelled. */
export const ssoProviderKeys = resourceKeys('sso-providers');
