import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { ResourceType } from '@contract/access';
import type { ClusterPage } from '@contract/clusters';
import type { PipelinePage } from '@contract/pipelines';
import type { TeamPage, Team } from '@contract/teams';
import type { UserPage } from '@contract/users';
import { api, unwrap } from '@/lib/api/client';
import { accessKeys } from '@/entities/access/api/access-keys';

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
    queryKey: accessKeys.resourceSearch(type, q),
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
    queryKey: type === 'cluster' ? accessKeys.cluster(id ?? '') : accessKeys.pipeline(id ?? ''),
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

/**
 * People of the account whose name or email contains `q`, a page of suggestions.
 *
 * @example
 * const { data } = usePeopleSearch('ada', { enabled: open });
 */
export function usePeopleSearch(q: string, options: { enabled?: boolean } = {}) {
  const params = { q: q || undefined, pageSize: SUGGESTIONS, sort: 'name' as const };
  return useQuery({
    queryKey: accessKeys.people(params),
    queryFn: ({ signal }): Promise<UserPage> =>
      unwrap(api.GET('/api/users', { params: { query: params }, signal })),
    placeholderData: keepPreviousData,
    ...options,
  });
}

export const teamsSearchOptions = (q: string) => {
  const params = { q: q || undefined, pageSize: 20, sort: 'name' as const };
  return queryOptions({
    queryKey: accessKeys.teams(params),
    queryFn: ({ signal }): Promise<TeamPage> =>
      unwrap(api.GET('/api/teams', { params: { query: params }, signal })),
    placeholderData: keepPreviousData,
  });
};

/**
 * Teams whose name contains `q`, for the rule builder and the team filter.
 *
 * @example
 * const { data } = useTeamSearch('pay');
 */
export function useTeamSearch(q: string, options: { enabled?: boolean } = {}) {
  return useQuery({ ...teamsSearchOptions(q), ...options });
}

/**
 * One team by id (the team filter in the address names it by id).
 *
 * @example
 * const { data: team } = useTeamById(params.teamId);
 */
export function useTeamById(id: string | undefined) {
  return useQuery({
    queryKey: accessKeys.team(id ?? ''),
    queryFn: ({ signal }): Promise<Team> =>
      unwrap(api.GET('/api/teams/{id}', { params: { path: { id: id ?? '' } }, signal })),
    enabled: id !== undefined && id !== '',
  });
}
