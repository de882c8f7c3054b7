import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { GitProviderPage } from '@contract/integrations';
import { api, unwrap } from '@/lib/api/client';
import type { paths } from '@contract/api-paths.gen';
import { integrationsKeys } from './git-provider-keys';

export type GitProviderListParams = NonNullable<
  paths['/api/git-providers']['get']['parameters']['query']
>;

export function getGitProviders(
  query: GitProviderListParams,
  signal?: AbortSignal,
): Promise<GitProviderPage> {
  return unwrap(api.GET('/api/git-providers', { params: { query }, signal }));
}

export const gitProvidersQueryOptions = (params: GitProviderListParams) =>
  queryOptions({
    queryKey: integrationsKeys.list('git-providers', params),
    queryFn: ({ signal }) => getGitProviders(params, signal),
    // The current page stays on screen while the next one (or a new search) loads.
    placeholderData: keepPreviousData,
  });

/**
 * A page of the account's git providers, by name; credentials only as `credentialsSet`.
 *
 * @example
 * const { data } = useGitProviders({ q: 'gitlab', page: 1, pageSize: 20 });
 * data?.items.map((provider) => provider.behindFirewall);
 */
export function useGitProviders(params: GitProviderListParams) {
  return useQuery(gitProvidersQueryOptions(params));
}
