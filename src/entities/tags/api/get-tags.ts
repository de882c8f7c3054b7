import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { TagList } from '@contract/tags';
import { api, unwrap } from '@/lib/api/client';
import type { paths } from '@contract/api-paths.gen';
import { tagKeys } from './tag-keys';

export type TagListParams = NonNullable<paths['/api/tags']['get']['parameters']['query']>;

export function getTags(query: TagListParams, signal?: AbortSignal): Promise<TagList> {
  return unwrap(api.GET('/api/tags', { params: { query }, signal }));
}

export const tagsQueryOptions = (params: TagListParams) =>
  queryOptions({
    queryKey: tagKeys.list(params),
    queryFn: ({ signal }) => getTags(params, signal),
    // The suggestions of the previous letters stay while the next ones load.
    placeholderData: keepPreviousData,
  });

/**
 * The tags in use, most used first, with how many resources carry each: the suggestions of a
 * tag field. Administrators get every tag of the account; other people those they may see.
 *
 * @example
 * const { data } = useTags({ resourceType: 'cluster', q: 'prod', limit: 10 });
 * data?.items.map(({ tag, resources }) => `${tag} (${resources})`);
 */
export function useTags(params: TagListParams, options: { enabled?: boolean } = {}) {
  return useQuery({ ...tagsQueryOptions(params), ...options });
}
