import { useMutation } from '@tanstack/react-query';
import type { RestrictionImpact, UpdateRestrictionsRequest } from '@contract/restrictions';
import { api, unwrap } from '@/lib/api/client';

export type RestrictionsImpactVariables = {
  gitProviderId: string;
  restrictions: UpdateRestrictionsRequest;
};

export function getRestrictionsImpact({
  gitProviderId,
  restrictions,
}: RestrictionsImpactVariables): Promise<RestrictionImpact> {
  return unwrap(
    api.POST('/api/git-providers/{id}/restrictions/impact', {
      params: { path: { id: gitProviderId } },
      body: restrictions,
    }),
  );
}

/**
 * Asks what saving unsaved restrictions would do to the pipelines defined in the provider
 * (administrators only), judged by the server over all of them: how many they refuse, how many of
 * those would stop running, and the first ten. Saves nothing, so nothing is cached: the answer is
 * what a confirmation shows a moment before the save.
 *
 * @example
 * const impact = useRestrictionsImpact();
 * impact.mutate({ gitProviderId, restrictions: { repositories: null, branches: '^release$',
 *   paths: null } }, { onSuccess: ({ refused }) => refused > 0 ? ask() : save() });
 */
export function useRestrictionsImpact() {
  return useMutation({ mutationFn: getRestrictionsImpact, gcTime: 0 });
}
