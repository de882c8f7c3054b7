import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { RulePage } from '@contract/access';
import { api, unwrap } from '@/lib/api/client';
import type { paths } from '@contract/api-paths.gen';
import { ruleKeys } from './rule-keys';

export type RuleListParams = NonNullable<paths['/api/rules']['get']['parameters']['query']>;

export function getRules(query: RuleListParams, signal?: AbortSignal): Promise<RulePage> {
  return unwrap(api.GET('/api/rules', { params: { query }, signal }));
}

export const rulesQueryOptions = (params: RuleListParams) =>
  queryOptions({
    queryKey: ruleKeys.list(params),
    queryFn: ({ signal }) => getRules(params, signal),
    placeholderData: keepPreviousData,
  });

/**
 * A page of the access rules in number order, each with its sentence, implied privileges and
 * warnings; filtered by kind, team, tag (`untagged` and `*` too) and privilege (named or
 * implied).
 *
 * @example
 * const { data } = useRules({ resourceType: 'pipeline', privilege: 'run', tag: 'staging' });
 * data?.items.map((rule) => `Rule ${rule.number}: ${rule.sentence}`);
 */
export function useRules(params: RuleListParams, options: { enabled?: boolean } = {}) {
  return useQuery({ ...rulesQueryOptions(params), ...options });
}
