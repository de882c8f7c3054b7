import { queryOptions, useQuery } from '@tanstack/react-query';
import type { RuleWithWarnings } from '@contract/access';
import { api, unwrap } from '@/lib/api/client';
import { ruleKeys } from './rule-keys';

export function getRule(id: string, signal?: AbortSignal): Promise<RuleWithWarnings> {
  return unwrap(api.GET('/api/rules/{id}', { params: { path: { id } }, signal }));
}

export const ruleQueryOptions = (id: string) =>
  queryOptions({
    queryKey: ruleKeys.detail(id),
    queryFn: ({ signal }) => getRule(id, signal),
  });

/**
 * One rule with its sentence and warnings, e.g. for a link that opens it in the builder.
 *
 * @example
 * const { data: rule } = useRule(searchParams.get('rule') ?? '', { enabled: open });
 */
export function useRule(id: string, options: { enabled?: boolean } = {}) {
  return useQuery({ ...ruleQueryOptions(id), ...options });
}
