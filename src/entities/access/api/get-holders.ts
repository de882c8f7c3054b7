import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Holders, ResourceType } from '@contract/access';
import { api, unwrap } from '@/lib/api/client';
import { accessKeys } from './access-keys';

export type HoldersParams = { resourceType: ResourceType; resourceId: string };

export function getHolders(query: HoldersParams, signal?: AbortSignal): Promise<Holders> {
  return unwrap(api.GET('/api/access/holders', { params: { query }, signal }));
}

export const holdersQueryOptions = (params: HoldersParams) =>
  queryOptions({
    queryKey: accessKeys.holders(params),
    queryFn: ({ signal }) => getHolders(params, signal),
  });

/**
 * Who can do what on one cluster or pipeline, and through which rules (administrators only: the
 * API answers 403 to anyone else).
 *
 * @example
 * const { data } = useHolders({ resourceType: 'cluster', resourceId: cluster.id });
 * data?.grants.map(({ rule, team, privileges }) => `${rule.number}: ${team.name} ${privileges}`);
 */
export function useHolders(params: HoldersParams, options: { enabled?: boolean } = {}) {
  return useQuery({ ...holdersQueryOptions(params), ...options });
}
