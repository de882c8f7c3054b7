import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateApiTokenRequest, CreatedApiToken } from '@contract/me';
import { api, unwrap } from '@/lib/api/client';
import { meKeys } from '@/entities/me/api/me-keys';

export function createApiToken(body: CreateApiTokenRequest): Promise<CreatedApiToken> {
  return unwrap(api.POST('/api/me/tokens', { body }));
}

/**
 * Creates a personal API token. The answer's `token` is the only time its value exists outside
 * the server: show it, and keep it no longer than it is shown.
 *
 * @example
 * const create = useCreateApiToken();
 * create.mutate({ name: 'deploy-script', expiresInDays: 90 }, {
 *   onSuccess: (created) => setShownOnce(created.token),
 * });
 */
export function useCreateApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createApiToken,
    // The mutation cache would otherwise keep the token's value for minutes after the dialog closes.
    gcTime: 0,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meKeys.tokens() }),
  });
}
