import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Explanation, ExplainQuery } from '@contract/access';
import { api, unwrap } from '@/lib/api/client';
import { accessKeys } from '@/entities/access/api/access-keys';

export function explainAccess(query: ExplainQuery, signal?: AbortSignal): Promise<Explanation> {
  return unwrap(api.GET('/api/access/explain', { params: { query }, signal }));
}

export const explanationQueryOptions = (query: ExplainQuery) =>
  queryOptions({
    queryKey: accessKeys.explanation(query),
    queryFn: ({ signal }) => explainAccess(query, signal),
  });

/**
 * Whether a person may take a privilege on a resource, with the summary and every reason: the
 * rules (team, tag) that grant it, or those that would if the person were in their team or the
 * tags matched. Pass `undefined` until all four are chosen.
 *
 * @example
 * const { data } = useExplanation({ userId, resourceType: 'cluster', resourceId, privilege: 'read' });
 * data?.allowed; data?.summary; data?.reasons.map((reason) => reason.message);
 */
export function useExplanation(query: ExplainQuery | undefined) {
  return useQuery({
    ...explanationQueryOptions(
      query ?? { userId: '', resourceType: 'cluster', resourceId: '', privilege: 'read' },
    ),
    enabled: query !== undefined,
  });
}
