import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ResourceType } from '@contract/access';
import type { ClusterPage } from '@contract/clusters';
import type { PipelinePage } from '@contract/pipelines';
import { api, unwrap } from '@/lib/api/client';
import { clusterKeys } from '@/entities/clusters/api/cluster-keys';
import { pipelineKeys } from '@/entities/pipelines/api/pipeline-keys';

/** A cluster or a pipeline as the pickers of the Permissions screen show it. */
export type ResourceChoice = { type: ResourceType; id: string; name: string; tags: string[] };

const SUGGESTIONS = 10;

function clusterChoices(page: ClusterPage): ResourceChoice[] {
  return page.items.map(({ id, name, tags }) => ({ type: 'cluster', id, name, tags }));
}

function pipelineChoices(page: PipelinePage): ResourceChoice[] {
  return page.items.map(({ id, name, project, tags }) => ({
    type: 'pipeline',
    id,
    name: `${project}/${name}`,
    tags,
  }));
}

/** Clusters or pipelines whose name contains `q`, a page of suggestions. */
export async function searchResources(
  type: ResourceType,
  q: string,
  signal?: AbortSignal,
): Promise<ResourceChoice[]> {
  const query = { q: q || undefined, pageSize: SUGGESTIONS };
  return type === 'cluster'
    ? clusterChoices(await unwrap(api.GET('/api/clusters', { params: { query }, signal })))
    : pipelineChoices(await unwrap(api.GET('/api/pipelines', { params: { query }, signal })));
}

/**
 * Suggestions for a resource picker: the clusters or pipelines whose name contains `q`.
 *
 * @example
 * const { data: choices = [] } = useResourceSearch('cluster', 'prod', { enabled: open });
 */
export function useResourceSearch(
  type: ResourceType,
  q: string,
  options: { enabled?: boolean } = {},
) {
  return useQuery({
    // Under the resource's list keys, so that a change to clusters or pipelines refreshes it;
    // `as` keeps these choices apart from a page of the same query.
    queryKey: (type === 'cluster' ? clusterKeys : pipelineKeys).list({ q, as: 'choices' }),
    queryFn: ({ signal }) => searchResources(type, q, signal),
    placeholderData: keepPreviousData,
    ...options,
  });
}

/**
 * One cluster or pipeline by id, as a choice (e.g. when a resource page links to the
 * explainer with its id).
 *
 * @example
 * const { data: resource } = useResourceChoice('cluster', clusterId);
 */
export function useResourceChoice(type: ResourceType, id: string | undefined) {
  return useQuery({
    queryKey: (type === 'cluster' ? clusterKeys : pipelineKeys).detail(id ?? ''),
    queryFn: async ({ signal }) => {
      const path = { id: id ?? '' };
      return type === 'cluster'
        ? unwrap(api.GET('/api/clusters/{id}', { params: { path }, signal }))
        : unwrap(api.GET('/api/pipelines/{id}', { params: { path }, signal }));
    },
    select: (resource): ResourceChoice => ({
      type,
      id: resource.id,
      name: 'project' in resource ? `${resource.project}/${resource.name}` : resource.name,
      tags: resource.tags,
    }),
    enabled: id !== undefined && id !== '',
  });
}
