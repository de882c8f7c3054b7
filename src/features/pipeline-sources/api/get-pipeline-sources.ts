import { queryOptions, useQuery } from '@tanstack/react-query';
import type { PipelineSources } from '@contract/pipeline-sources';
import { api, unwrap } from '@/lib/api/client';
import { pipelineSourcesKeys } from './pipeline-sources-keys';

export function getPipelineSources(signal?: AbortSignal): Promise<PipelineSources> {
  return unwrap(api.GET('/api/settings/pipeline-sources', { signal }));
}

export const pipelineSourcesQueryOptions = () =>
  queryOptions({
    queryKey: pipelineSourcesKeys.settings(),
    queryFn: ({ signal }) => getPipelineSources(signal),
  });

/**
 * The account's three source switches (P-4.2), how many pipelines use each source, and who
 * changed the switches last (administrators only).
 *
 * @example
 * const { data: sources } = usePipelineSources();
 * sources?.inline; // true while inline definitions are allowed
 * sources?.usage.inline; // how many pipelines turning them off would stop
 */
export function usePipelineSources() {
  return useQuery(pipelineSourcesQueryOptions());
}
