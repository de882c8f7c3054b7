import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { GIT_PROVIDER_CHANGES, type DeleteIntegrationVariables } from './integration-changes';

export async function deleteGitProvider({ id, force }: DeleteIntegrationVariables): Promise<void> {
  await unwrap(
    api.DELETE('/api/git-providers/{id}', {
      params: { path: { id }, query: force ? { force: 'true' } : {} },
    }),
  );
}

/**
 * Deletes a git provider. Without `force`, one that pipelines use is refused (409 `in-use`,
 * with the `references`).
 *
 * @example
 * const remove = useDeleteGitProvider();
 * remove.mutate({ id: provider.id, force: references.length > 0 });
 */
export const useDeleteGitProvider = () =>
  useMutation({ mutationFn: deleteGitProvider, meta: { invalidates: GIT_PROVIDER_CHANGES } });
