import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { Privilege, ResourceType, RulePage, RuleSort } from '@contract/access';
import { api, unwrap } from '@/lib/api/client';
import { oneOf, readListParams, type ListParams } from '@/lib/use-list-params';
import type { paths } from '@contract/api-paths.gen';
import { ruleKeys } from './rule-keys';

export type RuleListParams = NonNullable<paths['/api/rules']['get']['parameters']['query']>;

/** The filters of the rules list, as they are named in the address. */
export const RULE_FILTERS = ['kind', 'teamId', 'tag', 'privilege'] as const;
export const RULE_LIST_SORT = 'number' satisfies RuleSort;

// The contract's RULE_SORTS would bring zod along before the list can be shown; the type below
// fails if the two differ.
const RULE_SORTS = [
  'number',
  '-number',
  'team',
  '-team',
  'kind',
  '-kind',
  'updatedAt',
  '-updatedAt',
] as const satisfies readonly RuleSort[];
type Exhaustive<T extends never> = T;
export type _EveryRuleSort = Exhaustive<Exclude<RuleSort, (typeof RULE_SORTS)[number]>>;

/**
 * The two requests of the rules list for the state in its address: the page of the kind shown
 * (clusters unless `kind=pipeline`), and the count of the other kind for its tab. The list and
 * the route's loader build them here, so both use the same query keys.
 */
export function ruleListQueries(params: ListParams<(typeof RULE_FILTERS)[number]>): {
  kind: ResourceType;
  list: RuleListParams;
  otherCount: RuleListParams;
} {
  const kind: ResourceType = params.kind === 'pipeline' ? 'pipeline' : 'cluster';
  const other: ResourceType = kind === 'cluster' ? 'pipeline' : 'cluster';
  const filters = {
    teamId: params.teamId,
    tag: params.tag,
    privilege: params.privilege as Privilege | undefined,
  };
  // The address is the person's to edit: a sort the server does not know is ignored.
  const sort = oneOf(RULE_SORTS, params.sort) ?? RULE_LIST_SORT;
  return {
    kind,
    list: {
      resourceType: kind,
      ...filters,
      page: params.page,
      pageSize: params.pageSize,
      ...(sort === RULE_LIST_SORT ? {} : { sort }),
    },
    otherCount: { resourceType: other, ...filters, pageSize: 1 },
  };
}

/** The requests the Permissions screen makes first at this address (its route's loader). */
export const ruleListQueriesAt = (searchParams: URLSearchParams) =>
  ruleListQueries(readListParams(searchParams, { sort: RULE_LIST_SORT, filters: RULE_FILTERS }));

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
