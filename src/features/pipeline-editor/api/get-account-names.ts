import { useQueries, type UseQueryResult } from '@tanstack/react-query';
import type { Cluster } from '@contract/clusters';
import type { GitProvider, Registry } from '@contract/integrations';
import type { AccountNames } from '@domain/pipeline-references';
import { allClustersQueryOptions } from '@/entities/clusters/api/get-clusters';
import { allGitProvidersQueryOptions } from '@/entities/git-providers/api/get-git-providers';
import { allRegistriesQueryOptions } from '@/entities/registries/api/get-registries';

type Lists = [UseQueryResult<GitProvider[]>, UseQueryResult<Registry[]>, UseQueryResult<Cluster[]>];

/** The three lists as one answer: names once all three are in, the first failure otherwise. */
function combine([gitProviders, registries, clusters]: Lists) {
  const failed = [gitProviders, registries, clusters].find((list) => list.isError);
  const data: AccountNames | undefined =
    gitProviders.data && registries.data && clusters.data
      ? {
          gitProviders: gitProviders.data.map(({ name, behindFirewall }) => ({
            name,
            behindFirewall,
          })),
          registries: registries.data.map(({ name }) => name),
          clusters: clusters.data.map(({ name }) => name),
        }
      : undefined;
  return { data, isError: failed !== undefined, error: failed?.error ?? null };
}

/**
 * The names a pipeline definition may refer to, as the signed-in person may see them: the
 * account's git providers (with whether each is behind the firewall) and registries, and the
 * clusters the person may read. Each list is its resource's own query, so a change to any of
 * them refreshes the editor's completions and markers.
 */
export function useAccountNames() {
  return useQueries({
    queries: [
      allGitProvidersQueryOptions(),
      allRegistriesQueryOptions(),
      allClustersQueryOptions(),
    ],
    combine,
  });
}
