import { queryOptions, useQuery } from '@tanstack/react-query';
import type { PublicSsoProviderList } from '@contract/sso';
import { api, unwrap } from '@/lib/api/client';
import { authKeys } from './auth-keys';

export function getSignInProviders(signal?: AbortSignal): Promise<PublicSsoProviderList> {
  return unwrap(api.GET('/api/auth/sso-providers', { signal }));
}

export const signInProvidersQueryOptions = () =>
  queryOptions({
    queryKey: authKeys.ssoProviders(),
    queryFn: ({ signal }) => getSignInProviders(signal),
    // The sign-in page works without them (the password form): one try is enough.
    retry: false,
  });

/**
 * The SSO providers the sign-in page offers (anonymous: id, name and type).
 *
 * @example
 * const { data } = useSignInProviders();
 * data?.items.map((provider) => `Sign in with ${provider.name}`);
 */
export function useSignInProviders() {
  return useQuery(signInProvidersQueryOptions());
}
