import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { RegistryPage } from '@contract/integrations';
import { allPages } from '@/lib/api/all-pages';
import { api, unwrap } from '@/lib/api/client';
import type { paths } from '@contract/api-paths.gen';
import { registryKeys } from './registry-keys';

export type RegistryListParams = NonNullable<
  paths['/api/registries']['get']['parameters']['query']
>;

export function getRegistries(
  query: RegistryListParams,
  signal?: AbortSignal,
): Promise<RegistryPage> {
  return unwrap(api.GET('/api/registries', { params: { query }, signal }));
}

export const registriesQueryOptions = (params: RegistryListParams) =>
  queryOptions({
    queryKey: registryKeys.list(params),
    queryFn: ({ signal }) => getRegistries(params, signal),
    // The current page stays on screen while the next one (or a new search) loads.
    placeholderData: keepPreviousData,
  });

/**
 * A page of the account's container registries, by name; credentials only as `credentialsSet`.
 *
 * @example
 * const { data } = useRegistries({ q: 'corp', page: 1, pageSize: 20 });
 * data?.items.map((registry) => registry.behindFirewall);
 */
export function useRegistries(params: RegistryListParams) {
  return useQuery(registriesQueryOptions(params));
}

/** The account's registries, every page of them (names; never credentials). */
export const allRegistriesQueryOptions = () =>
  queryOptions({
    queryKey: registryKeys.list({ all: true }),
    queryFn: ({ signal }) =>
      allPages((query) => unwrap(api.GET('/api/registries', { params: { query }, signal }))),
    // They change rarely; a minute is fresh enough for completions and markers.
    staleTime: 60_000,
  });
