import type { CreatePipelineRequest, Pipeline } from '@contract/pipelines';
import { api, unwrap } from '@/lib/api/client';
import { useMutation } from '@tanstack/react-query';
import { PIPELINE_CHANGE_RESOURCES } from './update-pipeline';

export function createPipeline(body: CreatePipelineRequest): Promise<Pipeline> {
  return unwrap(api.POST('/api/pipelines', { body }));
}

/**
 * Creates a pipeline. Needs create through a rule whose tags allow the new pipeline's tags: a 403
 * `ApiError` with `code: 'missing-privilege'` says which, in words to show the person.
 *
 * @example
 * const create = useCreatePipeline();
 * create.mutate({ name: 'deploy', project: 'payments', tags: ['staging'] });
 */
export const useCreatePipeline = () =>
  useMutation({ mutationFn: createPipeline, meta: { invalidates: PIPELINE_CHANGE_RESOURCES } });
