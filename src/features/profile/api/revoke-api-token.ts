import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { meKeys } from '@/entities/me/api/me-keys';

export async function revokeApiToken(id: string): Promise<void> {
  await unwrap(api.DELETE('/api/me/tokens/{id}', { params: { path: { id } } }));
}

/**
 * Revokes one of the signed-in person's API tokens; scripts using it stop working at once.
 *
 * @example
 * const revoke = useRevokeApiToken();
 * revoke.mutate(token.id, { onSuccess: () => toast.success(`Token ${token.name} revoked`) });
 */
export function useRevokeApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeApiToken,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meKeys.tokens() }),
  });
}
