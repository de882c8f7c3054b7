import { useMutation, useQueryClient } from '@tanstack/react-query';

/**
 * Query keys of the access area: clusters, pipelines, tags, rules, the explainer, the
 * holders of a resource, and the pickers' searches. The only place they are spelled. Parameters are plain objects, so each
 * api module passes its own typed query.
 */
export const accessKeys = {
  all: ['access'] as const,
  clusters: () => [...accessKeys.all, 'clusters'] as const,
  clusterList: (params: object) => [...accessKeys.clusters(), 'list', params] as const,
  cluster: (id: string) => [...accessKeys.clusters(), 'detail', id] as const,
  pipelines: () => [...accessKeys.all, 'pipelines'] as const,
  pipelineList: (params: object) => [...accessKeys.pipelines(), 'list', params] as const,
  pipeline: (id: string) => [...accessKeys.pipelines(), 'detail', id] as const,
  tags: (params: object) => [...accessKeys.all, 'tags', params] as const,
  rules: () => [...accessKeys.all, 'rules'] as const,
  ruleList: (params: object) => [...accessKeys.rules(), 'list', params] as const,
  rule: (id: string) => [...accessKeys.rules(), 'detail', id] as const,
  /** The pickers of the rule builder and the explainer: teams, people and resources. */
  teams: (params: object) => [...accessKeys.all, 'teams', 'list', params] as const,
  team: (id: string) => [...accessKeys.all, 'teams', 'detail', id] as const,
  people: (params: object) => [...accessKeys.all, 'people', 'list', params] as const,
  resourceSearch: (type: string, q: string) =>
    [...accessKeys.all, 'resource-search', type, q] as const,
  explanation: (params: object) => [...accessKeys.all, 'explain', params] as const,
  holders: (params: object) => [...accessKeys.all, 'holders', params] as const,
  /** A dry run of a tag change to one resource: what it would do, or why it is refused. */
  tagCheck: (id: string, change: string) => [...accessKeys.all, 'tag-check', id, change] as const,
  /** The git providers a pipeline's definition may come from (the source form). */
  gitProviders: (params: object) => [...accessKeys.all, 'git-providers', params] as const,
};

/**
 * A change in the access area. A rule changes what everyone may do on clusters and pipelines,
 * and a tag change changes which rules apply, so any change refreshes the whole area: the
 * narrowest prefix that is always right.
 *
 * @example
 * export const useDeleteRule = () => useAccessMutation(deleteRule);
 */
export function useAccessMutation<TVariables, TData>(
  mutationFn: (variables: TVariables) => Promise<TData>,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accessKeys.all }),
  });
}
