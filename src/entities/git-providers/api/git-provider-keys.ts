import { useMutation, useQueryClient } from '@tanstack/react-query';

/** The two kinds of integration: each has its own list, references and cache. */
export type IntegrationKind = 'git-providers' | 'registries';

/**
 * Query keys of the integrations area: git providers and container registries. The only place
 * they are spelled. Parameters are plain objects, so each api module passes its own typed query.
 */
export const integrationsKeys = {
  all: ['integrations'] as const,
  kind: (kind: IntegrationKind) => [...integrationsKeys.all, kind] as const,
  list: (kind: IntegrationKind, params: object) =>
    [...integrationsKeys.kind(kind), 'list', params] as const,
  references: (kind: IntegrationKind, id: string) =>
    [...integrationsKeys.kind(kind), 'references', id] as const,
  gitProvider: (id: string) => [...integrationsKeys.kind('git-providers'), 'detail', id] as const,
  /** A git provider's restrictions (P-4.3). */
  restrictions: (id: string) =>
    [...integrationsKeys.kind('git-providers'), 'restrictions', id] as const,
};

export type DeleteIntegrationVariables = {
  id: string;
  /** Also when pipelines use it: the triggers that use it are deleted with it. */
  force: boolean;
};

/**
 * A change to one kind of integration. Git providers and registries never show each other, so
 * a change refreshes its own kind only: its lists, and what references it.
 *
 * @example
 * export const useDeleteRegistry = () => useIntegrationMutation('registries', deleteRegistry);
 */
export function useIntegrationMutation<TVariables, TData>(
  kind: IntegrationKind,
  mutationFn: (variables: TVariables) => Promise<TData>,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: integrationsKeys.kind(kind) }),
  });
}
