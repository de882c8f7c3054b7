import { queryOptions, useQuery } from '@tanstack/react-query';
import type { TriggerList } from '@contract/triggers';
import { api, unwrap } from '@/lib/api/client';
import { triggerKeys } from './trigger-keys';

export function getTriggers(pipelineId: string, signal?: AbortSignal): Promise<TriggerList> {
  return unwrap(
    api.GET('/api/pipelines/{id}/triggers', { params: { path: { id: pipelineId } }, signal }),
  );
}

export const triggersQueryOptions = (pipelineId: string) =>
  queryOptions({
    queryKey: triggerKeys.list({ pipelineId }),
    queryFn: ({ signal }) => getTriggers(pipelineId, signal),
  });

/**
 * The git triggers of a pipeline (never their secrets).
 *
 * @example
 * const { data } = useTriggers(pipeline.id);
 * data?.items.map((trigger) => trigger.webhookUrl);
 */
export function useTriggers(pipelineId: string) {
  return useQuery(triggersQueryOptions(pipelineId));
}
