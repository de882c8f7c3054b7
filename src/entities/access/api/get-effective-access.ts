import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { EffectivePage } from '@contract/access';
import type { paths } from '@contract/api-paths.gen';
import { api, unwrap } from '@/lib/api/client';
import { accessKeys } from './access-keys';

export type EffectiveParams = NonNullable<
  paths['/api/access/effective']['get']['parameters']['query']
>;

export function getEffectiveAccess(
  query: EffectiveParams,
  signal?: AbortSignal,
): Promise<EffectivePage> {
  return unwrap(api.GET('/api/access/effective', { params: { query }, signal }));
}

export const effectiveAccessQueryOptions = (params: EffectiveParams) =>
  queryOptions({
    queryKey: accessKeys.effective(params),
    queryFn: ({ signal }) => getEffectiveAccess(params, signal),
    // The current page stays on screen while the next one (or a new search) loads.
    placeholderData: keepPreviousData,
  });

/**
 * A page of what a person (`userId`), or one team's own rules (`teamId`), grant on the clusters
 * or the pipelines: each privilege held or not, with the first rule that grants it
 * (administrators only).
 *
 * @example
 * const { data } = useEffectiveAccess({ userId, resourceType: 'pipeline', show: 'held' });
 * data?.items.map(({ resource, cells }) => `${resource.name}: ${cells.filter((c) => c.held).length}`);
 */
export function useEffectiveAccess(params: EffectiveParams) {
  return useQuery(effectiveAccessQueryOptions(params));
}
