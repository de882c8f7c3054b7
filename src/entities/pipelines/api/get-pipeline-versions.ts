import { queryOptions, useQuery } from '@tanstack/react-query';
import type { PipelineVersion, PipelineVersionPage } from '@contract/pipelines';
import { api, unwrap } from '@/lib/api/client';
import { pipelineKeys } from './pipeline-keys';

/** The history screen lists this many versions, newest first (the API pages by up to 100). */
export const VERSIONS_SHOWN = 100;

/** Keys under the pipeline's own: a change to the pipeline refreshes its history too. */
const versionKeys = {
  list: (id: string) => [...pipelineKeys.detail(id), 'versions'] as const,
  one: (id: string, n: number) => [...pipelineKeys.detail(id), 'versions', n] as const,
};

export const pipelineVersionsQueryOptions = (id: string) =>
  queryOptions({
    queryKey: versionKeys.list(id),
    queryFn: ({ signal }): Promise<PipelineVersionPage> =>
      unwrap(
        api.GET('/api/pipelines/{id}/versions', {
          params: { path: { id }, query: { pageSize: VERSIONS_SHOWN } },
          signal,
        }),
      ),
  });

/** The saved versions of a pipeline's inline definition, newest first (issue 20). */
export function usePipelineVersions(id: string) {
  return useQuery(pipelineVersionsQueryOptions(id));
}

/** One version with its text; versions never change, so it is never stale. */
export function usePipelineVersion(id: string, n: number | undefined) {
  return useQuery({
    queryKey: versionKeys.one(id, n ?? 0),
    queryFn: ({ signal }): Promise<PipelineVersion> =>
      unwrap(
        api.GET('/api/pipelines/{id}/versions/{n}', {
          params: { path: { id, n: n! } },
          signal,
        }),
      ),
    enabled: n !== undefined,
    staleTime: Infinity,
  });
}
