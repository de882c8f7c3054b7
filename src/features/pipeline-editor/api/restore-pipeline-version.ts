import { useMutation } from '@tanstack/react-query';
import type { Pipeline } from '@contract/pipelines';
import { etagOf } from '@contract/versions';
import { ACCESS_RESOURCES } from '@/entities/access/api/access-keys';
import { gitProviderKeys } from '@/entities/git-providers/api/git-provider-keys';
import { registryKeys } from '@/entities/registries/api/registry-keys';
import { api, unwrap } from '@/lib/api/client';

export type RestoreVersionVariables = {
  id: string;
  n: number;
  /** The pipeline's version shown: a newer one on the server answers 412. */
  version: number;
};

export function restorePipelineVersion({
  id,
  n,
  version,
}: RestoreVersionVariables): Promise<Pipeline> {
  return unwrap(
    api.POST('/api/pipelines/{id}/versions/{n}/restore', {
      params: { path: { id, n }, header: { 'if-match': etagOf(version) } },
    }),
  );
}

/**
 * Saves an earlier version's text as the definition, a new version (needs update). Based on the
 * version shown: when someone saved in between, it fails with a 412 `ApiError` and saves nothing.
 */
export const useRestorePipelineVersion = () =>
  useMutation({
    mutationFn: restorePipelineVersion,
    // What any save of a definition refreshes (update-pipeline.ts): the pipeline, its history
    // and the integrations whose references list the pipelines whose definitions name them.
    meta: { invalidates: [...ACCESS_RESOURCES, gitProviderKeys.all, registryKeys.all] },
  });
