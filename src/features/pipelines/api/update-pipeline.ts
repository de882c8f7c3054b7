import type { Pipeline, UpdatePipelineRequest } from '@contract/pipelines';
import { etagOf } from '@contract/versions';
import { api, unwrap } from '@/lib/api/client';
import { useMutation } from '@tanstack/react-query';
import { ACCESS_RESOURCES } from '@/entities/access/api/access-keys';
import { gitProviderKeys } from '@/entities/git-providers/api/git-provider-keys';
import { registryKeys } from '@/entities/registries/api/registry-keys';

export type UpdatePipelineVariables = {
  id: string;
  /** The version the change is based on: a newer one on the server answers 412. */
  version: number;
  change: UpdatePipelineRequest;
};

export function updatePipeline({
  id,
  version,
  change,
  dryRun = false,
}: UpdatePipelineVariables & { dryRun?: boolean }): Promise<Pipeline> {
  return unwrap(
    api.PATCH('/api/pipelines/{id}', {
      params: {
        path: { id },
        header: { 'if-match': etagOf(version) },
        ...(dryRun ? { query: { dryRun: 'true' } } : {}),
      },
      body: change,
    }),
  );
}

/**
 * Asks the server what a change would do without saving it (`?dryRun=true`): the pipeline as it
 * would be, the caller's `privileges` on it included, or the `ApiError` the change would get —
 * for a tag change by a person who is not an administrator, a 403 `tag-escalation` that says why.
 */
export function checkPipelineChange(variables: UpdatePipelineVariables): Promise<Pipeline> {
  return updatePipeline({ ...variables, dryRun: true });
}

/**
 * Renames a pipeline, moves it to another project or changes its tags (needs update). The change
 * is based on `version`: when someone else saved first it fails with a 412 `ApiError`
 * (`code: 'stale-version'`) and nothing is overwritten.
 *
 * @example
 * const update = useUpdatePipeline();
 * update.mutate({ id: pipeline.id, version: pipeline.version, change: { project: 'billing' } });
 */
/**
 * What a change to a pipeline refreshes: what its tags grant (the access resources), and the
 * integrations, whose references list the pipelines whose definitions name them.
 */
export const PIPELINE_CHANGE_RESOURCES = [
  ...ACCESS_RESOURCES,
  gitProviderKeys.all,
  registryKeys.all,
] as const;

export const useUpdatePipeline = () =>
  useMutation({ mutationFn: updatePipeline, meta: { invalidates: PIPELINE_CHANGE_RESOURCES } });

export type TagPipelinesVariables = {
  pipelines: Pick<Pipeline, 'id' | 'name' | 'project' | 'version'>[];
  addTags: string[];
  removeTags: string[];
};

/** What a bulk change did: the pipelines changed, and the ones refused with the reason. */
export type TagPipelinesResult = {
  changed: Pipeline[];
  failed: { pipeline: Pick<Pipeline, 'id' | 'name' | 'project'>; error: unknown }[];
};

/**
 * One `PATCH` per pipeline, each based on the version shown; one refusal (a 412 because someone
 * changed that pipeline meanwhile, a 403) does not stop the others, and each is reported.
 */
export async function tagPipelines({
  pipelines,
  addTags,
  removeTags,
}: TagPipelinesVariables): Promise<TagPipelinesResult> {
  const change = {
    ...(addTags.length > 0 ? { addTags } : {}),
    ...(removeTags.length > 0 ? { removeTags } : {}),
  };
  const outcomes = await Promise.allSettled(
    pipelines.map((pipeline) =>
      updatePipeline({ id: pipeline.id, version: pipeline.version, change }),
    ),
  );
  const result: TagPipelinesResult = { changed: [], failed: [] };
  outcomes.forEach((outcome, index) => {
    if (outcome.status === 'fulfilled') result.changed.push(outcome.value);
    else result.failed.push({ pipeline: pipelines[index]!, error: outcome.reason });
  });
  return result;
}

/**
 * Adds and removes the same tags on several pipelines at once.
 *
 * @example
 * const tag = useTagPipelines();
 * tag.mutate({ pipelines: selected, addTags: ['qa'], removeTags: ['staging'] });
 */
export const useTagPipelines = () =>
  useMutation({ mutationFn: tagPipelines, meta: { invalidates: ACCESS_RESOURCES } });
