import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { GitProviderPage } from '@contract/integrations';
import { MAX_PAGE_SIZE } from '@contract/pagination';
import { allPages } from '@/lib/api/all-pages';
import { api, unwrap } from '@/lib/api/client';
import type { paths } from '@contract/api-paths.gen';
import { gitProviderKeys } from './git-provider-keys';

export type GitProviderListParams = NonNullable<
  paths['/api/git-providers']['get']['parameters']['query']
>;

export function getGitProviders(
  query: GitProviderListParams,
  signal?: AbortSignal,
): Promise<GitProviderPage> {
  return unwrap(api.GET('/api/git-providers', { params: { query }, signal }));
}

export const gitProvidersQueryOptions = (params: GitProviderListParams) =>
  queryOptions({
    queryKey: gitProviderKeys.list(params),
    queryFn: ({ signal }) => getGitProviders(params, signal),
    // The current page stays on screen while the next one (or a new search) loads.
    placeholderData: keepPreviousData,
  });

/**
 * A page of the account's git providers, by name; credentials only as `credentialsSet`.
 *
 * @example
 * const { data } = useGitProviders({ q: 'gitlab', page: 1, pageSize: 20 });
 * data?.items.map((provider) => provider.behindFirewall);
 */
export function useGitProviders(params: GitProviderListParams) {
  return useQuery(gitProvidersQueryOptions(params));
}

/** What a picker offers: the first page of the most a page holds, by name. */
const CHOICES: GitProviderListParams = { page: 1, pageSize: MAX_PAGE_SIZE };

/**
 * The account's git providers to choose from (names, kinds, the behind-the-firewall flag; never
 * credentials): the first 100 by name. Anyone signed in may read them; the pipeline source form
 * and the trigger form share this one cache entry.
 *
 * @example
 * const { data } = useGitProviderChoices();
 * data?.items.map((provider) => provider.name);
 */
export function useGitProviderChoices() {
  return useQuery(gitProvidersQueryOptions(CHOICES));
}

/** The account's git providers, every page of them (names and kinds; never credentials). */
export const allGitProvidersQueryOptions = () =>
  queryOptions({
    queryKey: gitProviderKeys.list({ all: true }),
    queryFn: ({ signal }) =>
      allPages((query) => unwrap(api.GET('/api/git-providers', { params: { query }, signal }))),
    // They change rarely; a minute is fresh enough for completions and markers.
    staleTime: 60_000,
  });
