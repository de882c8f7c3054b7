import { queryOptions, useQuery } from '@tanstack/react-query';
import type { RunApprovers } from '@contract/runs';
import { api, unwrap } from '@/lib/api/client';
import { runKeys } from './run-keys';

export function getRunApprovers(runId: string, signal?: AbortSignal): Promise<RunApprovers> {
  return unwrap(api.GET('/api/runs/{id}/approvers', { params: { path: { id: runId } }, signal }));
}

export const runApproversQueryOptions = (runId: string) =>
  queryOptions({
    queryKey: runKeys.approvers(runId),
    queryFn: ({ signal }) => getRunApprovers(runId, signal),
  });

/**
 * Who may approve or deny a run waiting for approval, by name (at most `RUN_APPROVERS_MAX`), for
 * the people who may not: they learn whom to ask.
 *
 * @example
 * const { data } = useRunApprovers(run.id);
 * data?.items.map((person) => person.name).join(', ');
 */
export function useRunApprovers(runId: string) {
  return useQuery(runApproversQueryOptions(runId));
}
