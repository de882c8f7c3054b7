import { queryOptions, useQuery } from '@tanstack/react-query';
import type { RulePage } from '@contract/access';
import { api, unwrap } from '@/lib/api/client';
import { ruleKeys } from './rule-keys';

/** As many rules as one page holds: a team with more is told how many more there are. */
const RULES_SHOWN = 100;

export function getTeamRules(teamId: string, signal?: AbortSignal): Promise<RulePage> {
  return unwrap(
    api.GET('/api/rules', { params: { query: { teamId, pageSize: RULES_SHOWN } }, signal }),
  );
}

export const teamRulesQueryOptions = (teamId: string) =>
  queryOptions({
    queryKey: ruleKeys.list({ teamId, pageSize: RULES_SHOWN }),
    queryFn: ({ signal }) => getTeamRules(teamId, signal),
    // The confirmation lists what a delete takes with it: what the server holds now, even if
    // another administrator changed the rules a moment ago.
    staleTime: 0,
  });

/**
 * The access rules written for a team, as sentences (administrators only): deleting the team
 * deletes them, so its delete confirmation lists them.
 *
 * @example
 * const { data } = useTeamRules(team.id, { enabled: confirming });
 * data?.items.map((rule) => `Rule ${rule.number}: ${rule.sentence}`);
 */
export function useTeamRules(teamId: string, options: { enabled?: boolean } = {}) {
  return useQuery({ ...teamRulesQueryOptions(teamId), ...options });
}
