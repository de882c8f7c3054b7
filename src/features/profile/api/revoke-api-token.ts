import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { API_TOKEN_CHANGES } from '@/entities/api-tokens/api/api-token-keys';

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
  return useMutation({
    mutationFn: revokeApiToken,
    meta: { invalidates: API_TOKEN_CHANGES },
  });
}
