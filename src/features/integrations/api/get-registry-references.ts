import { queryOptions } from '@tanstack/react-query';
import type { IntegrationReferenceList } from '@contract/integrations';
import { api, unwrap } from '@/lib/api/client';
import { registryKeys } from '@/entities/registries/api/registry-keys';

export function getRegistryReferences(
  id: string,
  signal?: AbortSignal,
): Promise<IntegrationReferenceList> {
  return unwrap(api.GET('/api/registries/{id}/references', { params: { path: { id } }, signal }));
}

/**
 * The pipelines that use a registry, as a deletion lists them before it asks. Never served
 * from an old cache: the answer decides what the confirmation says.
 *
 * @example
 * const references = useQuery(registryReferencesQueryOptions(registry.id));
 */
export const registryReferencesQueryOptions = (id: string) =>
  queryOptions({
    queryKey: registryKeys.references(id),
    queryFn: ({ signal }) => getRegistryReferences(id, signal),
    staleTime: 0,
  });
