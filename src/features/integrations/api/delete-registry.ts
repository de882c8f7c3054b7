import { api, unwrap } from '@/lib/api/client';
import {
  useIntegrationMutation,
  type DeleteIntegrationVariables,
} from '@/entities/git-providers/api/git-provider-keys';

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
export const useDeleteRegistry = () => useIntegrationMutation('registries', deleteRegistry);
