import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { FINISHED_RUN_STATES, type RunPage } from '@contract/runs';
import { api, unwrap } from '@/lib/api/client';
import { runKeys } from './run-keys';

export type RunListParams = { page: number; pageSize: number };

/** How often the runs are asked for while any is queued or running: states move quickly. */
export const ACTIVE_RUNS_REFRESH_MS = 2_000;
/** …and while all are finished: a webhook may queue a new one at any time. */
export const IDLE_RUNS_REFRESH_MS = 5_000;

export function getRuns(
  pipelineId: string,
  query: RunListParams,
  signal?: AbortSignal,
): Promise<RunPage> {
  return unwrap(
    api.GET('/api/pipelines/{id}/runs', {
      params: { path: { id: pipelineId }, query },
      signal,
    }),
  );
}

/** Whether any run of the page may still change. */
export function hasActiveRun(page: RunPage | undefined): boolean {
  return page?.items.some((run) => !FINISHED_RUN_STATES.includes(run.state)) ?? false;
}

export const runsQueryOptions = (pipelineId: string, params: RunListParams) =>
  queryOptions({
    queryKey: runKeys.list({ pipelineId, ...params }),
    queryFn: ({ signal }) => getRuns(pipelineId, params, signal),
    placeholderData: keepPreviousData,
    // Live while the page is visible: every 2 s while a run is queued or running, every 5 s
    // otherwise so that runs queued by a webhook appear. react-query pauses in hidden tabs.
    refetchInterval: (query) =>
      hasActiveRun(query.state.data) ? ACTIVE_RUNS_REFRESH_MS : IDLE_RUNS_REFRESH_MS,
  });

/**
 * A page of a pipeline's runs, newest first, each with its steps; refreshed while shown.
 *
 * @example
 * const { data } = useRuns(pipeline.id, { page: 1, pageSize: 20 });
 * data?.items.map((run) => `#${run.number} ${run.state}`);
 */
export function useRuns(pipelineId: string, params: RunListParams) {
  return useQuery(runsQueryOptions(pipelineId, params));
}
