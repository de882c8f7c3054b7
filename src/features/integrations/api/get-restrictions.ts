import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Restrictions } from '@contract/restrictions';
import { api, unwrap } from '@/lib/api/client';
import { gitProviderKeys } from '@/entities/git-providers/api/git-provider-keys';

export function getRestrictions(
  gitProviderId: string,
  signal?: AbortSignal,
): Promise<Restrictions> {
  return unwrap(
    api.GET('/api/git-providers/{id}/restrictions', {
      params: { path: { id: gitProviderId } },
      signal,
    }),
  );
}

export const restrictionsQueryOptions = (gitProviderId: string) =>
  queryOptions({
    queryKey: gitProviderKeys.restrictions(gitProviderId),
    queryFn: ({ signal }) => getRestrictions(gitProviderId, signal),
  });

/**
 * What a git provider lets pipelines load their definitions from (P-4.3): repositories, branches
 * and paths (null: not restricted), with its version for `If-Match` and how many pipelines use
 * the provider and are refused now (administrators only).
 *
 * @example
 * const { data } = useRestrictions(gitProviderId);
 * data?.branches; // '/^((pipeline-definition)$).*\/g', or null for every branch
 * data?.pipelines.refused; // pipelines that cannot run under the saved restrictions
 */
export function useRestrictions(gitProviderId: string) {
  return useQuery(restrictionsQueryOptions(gitProviderId));
}
