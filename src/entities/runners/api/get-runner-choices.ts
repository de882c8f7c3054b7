import { queryOptions, useQuery } from '@tanstack/react-query';
import type { RunnerChoiceList } from '@contract/runners';
import { api, unwrap } from '@/lib/api/client';
import { runnerKeys } from './runner-keys';

export function getRunnerChoices(
  pipelineId: string,
  signal?: AbortSignal,
): Promise<RunnerChoiceList> {
  return unwrap(
    api.GET('/api/pipelines/{id}/runner-choices', { params: { path: { id: pipelineId } }, signal }),
  );
}

export const runnerChoicesQueryOptions = (pipelineId: string) =>
  queryOptions({
    queryKey: runnerKeys.choices(pipelineId),
    queryFn: ({ signal }) => getRunnerChoices(pipelineId, signal),
  });

/**
 * The runners a trigger of the pipeline may use (not revoked, by name), for whoever may update
 * the pipeline: the trigger form's choices, administrators included.
 *
 * @example
 * const { data } = useRunnerChoices(pipeline.id);
 * data?.items.filter((runner) => runner.appProxy);
 */
export function useRunnerChoices(pipelineId: string) {
  return useQuery(runnerChoicesQueryOptions(pipelineId));
}
