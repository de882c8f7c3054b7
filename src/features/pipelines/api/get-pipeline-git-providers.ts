import { queryOptions, useQuery } from '@tanstack/react-query';
import type { GitProviderPage } from '@contract/integrations';
import { MAX_PAGE_SIZE } from '@contract/pagination';
import { api, unwrap } from '@/lib/api/client';
import { accessKeys } from '@/entities/access/api/access-keys';

const params = { page: 1, pageSize: MAX_PAGE_SIZE };

export function getPipelineGitProviders(signal?: AbortSignal): Promise<GitProviderPage> {
  return unwrap(api.GET('/api/git-providers', { params: { query: params }, signal }));
}

/**
 * The account's git providers a pipeline's definition may come from (names and kinds, never
 * credentials): the first 100 by name. Anyone signed in may read them.
 *
 * @example
 * const { data } = usePipelineGitProviders();
 * data?.items.map((provider) => provider.name);
 */
export function usePipelineGitProviders() {
  return useQuery(
    queryOptions({
      queryKey: accessKeys.gitProviders(params),
      queryFn: ({ signal }) => getPipelineGitProviders(signal),
    }),
  );
}
