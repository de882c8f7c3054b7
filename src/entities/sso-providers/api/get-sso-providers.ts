import { queryOptions, useQuery } from '@tanstack/react-query';
import type { SsoProviderList } from '@contract/sso-providers';
import { api, unwrap } from '@/lib/api/client';
import { ssoProviderKeys } from './sso-provider-keys';

export function getSsoProviders(signal?: AbortSignal): Promise<SsoProviderList> {
  return unwrap(api.GET('/api/sso-providers', { signal }));
}

export const ssoProvidersQueryOptions = () =>
  queryOptions({
    queryKey: ssoProviderKeys.lists(),
    queryFn: ({ signal }) => getSsoProviders(signal),
  });

/**
 * The account's SSO providers (connection details; secrets only as "set"), with how many
 * people each has.
 *
 * @example
 * const { data } = useSsoProviders();
 * data?.items.map((provider) => provider.name);
 */
export function useSsoProviders() {
  return useQuery(ssoProvidersQueryOptions());
}
