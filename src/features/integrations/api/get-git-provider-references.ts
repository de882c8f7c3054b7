import { queryOptions } from '@tanstack/react-query';
import type { IntegrationReferenceList } from '@contract/integrations';
import { api, unwrap } from '@/lib/api/client';
import { gitProviderKeys } from '@/entities/git-providers/api/git-provider-keys';

export function getGitProviderReferences(
  id: string,
  signal?: AbortSignal,
): Promise<IntegrationReferenceList> {
  return unwrap(
    api.GET('/api/git-providers/{id}/references', { params: { path: { id } }, signal }),
  );
}

/**
 * The pipelines that use a git provider, as a deletion lists them before it asks. Never served
 * from an old cache: the answer decides what the confirmation says.
 *
 * @example
 * const references = useQuery(gitProviderReferencesQueryOptions(provider.id));
 */
export const gitProviderReferencesQueryOptions = (id: string) =>
  queryOptions({
    queryKey: gitProviderKeys.references(id),
    queryFn: ({ signal }) => getGitProviderReferences(id, signal),
    staleTime: 0,
  });
