import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Restrictions, UpdateRestrictionsRequest } from '@contract/restrictions';
import { etagOf } from '@contract/versions';
import { api, unwrap } from '@/lib/api/client';
import { gitProviderKeys } from '@/entities/git-providers/api/git-provider-keys';
import { pipelineKeys } from '@/entities/pipelines/api/pipeline-keys';

export type UpdateRestrictionsVariables = {
  gitProviderId: string;
  /** The version the change is based on, sent as `If-Match`: a newer one answers 412. */
  version: number;
  restrictions: UpdateRestrictionsRequest;
};

export function updateRestrictions({
  gitProviderId,
  version,
  restrictions,
}: UpdateRestrictionsVariables): Promise<Restrictions> {
  return unwrap(
    api.PUT('/api/git-providers/{id}/restrictions', {
      params: { path: { id: gitProviderId } },
      headers: { 'If-Match': etagOf(version) },
      body: restrictions,
    }),
  );
}

/**
 * Replaces a git provider's restrictions (administrators only); null allows everything. A change
 * based on an older version fails with a 412 `ApiError` and overwrites nothing. The hook keeps
 * the restrictions' cache; the caller refreshes whatever shows whether pipelines may run.
 *
 * @example
 * const update = useUpdateRestrictions();
 * update.mutate({ gitProviderId, version: 3, restrictions: {
 *   repositories: null, branches: '^release-.*$', paths: null } });
 */
export function useUpdateRestrictions() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateRestrictions,
    // A pipeline's Run button reads whether its definition passes the restrictions.
    meta: { invalidates: [pipelineKeys.all] },
    onSuccess: (saved) =>
      queryClient.setQueryData(gitProviderKeys.restrictions(saved.gitProviderId), saved),
  });
}
