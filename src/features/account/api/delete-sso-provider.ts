import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { SSO_PROVIDER_CHANGES } from './sso-provider-changes';

export async function deleteSsoProvider(id: string): Promise<void> {
  await unwrap(api.DELETE('/api/sso-providers/{id}', { params: { path: { id } } }));
}

/**
 * Deletes an SSO provider; the people assigned to it are assigned to none.
 *
 * @example
 * const remove = useDeleteSsoProvider();
 * remove.mutate(provider.id);
 */
export const useDeleteSsoProvider = () =>
  useMutation({ mutationFn: deleteSsoProvider, meta: { invalidates: SSO_PROVIDER_CHANGES } });
