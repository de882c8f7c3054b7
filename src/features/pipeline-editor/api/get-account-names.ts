import { queryOptions, useQuery } from '@tanstack/react-query';
import { MAX_PAGE_SIZE } from '@contract/pagination';
import type { AccountNames } from '@domain/pipeline-references';
import { api, unwrap } from '@/lib/api/client';

/** More than this many of one kind is not a list a definition picks from by heart. */
const MAX_PAGES = 20;

/** Every item of a paged list, one full page after another. */
async function allItems<T>(
  getPage: (query: { page: number; pageSize: number }) => Promise<{ items: T[]; total: number }>,
): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const answer = await getPage({ page, pageSize: MAX_PAGE_SIZE });
    items.push(...answer.items);
    if (items.length >= answer.total || answer.items.length === 0) break;
  }
  return items;
}

export async function getAccountNames(signal?: AbortSignal): Promise<AccountNames> {
  const [gitProviders, registries, clusters] = await Promise.all([
    allItems((query) => unwrap(api.GET('/api/git-providers', { params: { query }, signal }))),
    allItems((query) => unwrap(api.GET('/api/registries', { params: { query }, signal }))),
    // Only the clusters the person may read: the server filters by the rules.
    allItems((query) => unwrap(api.GET('/api/clusters', { params: { query }, signal }))),
  ]);
  return {
    gitProviders: gitProviders.map(({ name, behindFirewall }) => ({ name, behindFirewall })),
    registries: registries.map(({ name }) => name),
    clusters: clusters.map(({ name }) => name),
  };
}

export const accountNamesQueryOptions = () =>
  queryOptions({
    queryKey: ['pipeline-editor', 'account-names'] as const,
    queryFn: ({ signal }) => getAccountNames(signal),
    // Integrations change rarely; a minute is fresh enough for completions and markers.
    staleTime: 60_000,
  });

/**
 * The names a pipeline definition may refer to, as the signed-in person may see them: the
 * account's git providers (with whether each is behind the firewall) and registries, and the
 * clusters the person may read.
 */
export function useAccountNames() {
  return useQuery(accountNamesQueryOptions());
}
