import { queryOptions, useQuery } from '@tanstack/react-query';
import type { GitProviderPage } from '@contract/integrations';
import { MAX_PAGE_SIZE } from '@contract/pagination';
import { api, unwrap } from '@/lib/api/client';
import { runnerKeys } from '@/entities/runners/api/runner-keys';

const params = { page: 1, pageSize: MAX_PAGE_SIZE };

export function getGitProviders(signal?: AbortSignal): Promise<GitProviderPage> {
  return unwrap(api.GET('/api/git-providers', { params: { query: params }, signal }));
}

/**
 * The account's git providers (names, kinds, the behind-the-firewall flag; never credentials),
 * for choosing a trigger's provider: the first 100 by name. Anyone signed in may read them.
 *
 * @example
 * const { data } = useGitProviderChoices();
 * data?.items.map((provider) => provider.name);
 */
export function useGitProviderChoices() {
  return useQuery(
    queryOptions({
      queryKey: runnerKeys.gitProviders(params),
      queryFn: ({ signal }) => getGitProviders(signal),
    }),
  );
}
