import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { REGISTRY_CHANGES, type DeleteIntegrationVariables } from './integration-changes';

export async function deleteRegistry({ id, force }: DeleteIntegrationVariables): Promise<void> {
  await unwrap(
    api.DELETE('/api/registries/{id}', {
      params: { path: { id }, query: force ? { force: 'true' } : {} },
    }),
  );
}

/**
 * Deletes a registry. Without `force`, one that pipelines use is refused (409 `in-use`,
 * with the `references`).
 *
 * @example
 * const remove = useDeleteRegistry();
 * remove.mutate({ id: registry.id, force: references.length > 0 });
 */
export const useDeleteRegistry = () =>
  useMutation({ mutationFn: deleteRegistry, meta: { invalidates: REGISTRY_CHANGES } });
