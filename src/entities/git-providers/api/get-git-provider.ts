import { queryOptions, useQuery } from '@tanstack/react-query';
import type { GitProvider } from '@contract/integrations';
import { api, unwrap } from '@/lib/api/client';
import { gitProviderKeys } from './git-provider-keys';

export function getGitProvider(id: string, signal?: AbortSignal): Promise<GitProvider> {
  return unwrap(api.GET('/api/git-providers/{id}', { params: { path: { id } }, signal }));
}

export const gitProviderQueryOptions = (id: string) =>
  queryOptions({
    queryKey: gitProviderKeys.detail(id),
    queryFn: ({ signal }) => getGitProvider(id, signal),
  });

/**
 * One git provider, credentials only as `credentialsSet`; a 404 `ApiError` when there is none.
 *
 * @example
 * const { data: provider } = useGitProvider(gitProviderId);
 * provider?.name; // 'corp-gitlab'
 */
export function useGitProvider(id: string) {
  return useQuery(gitProviderQueryOptions(id));
}
