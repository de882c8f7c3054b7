import { useMutation } from '@tanstack/react-query';
import type { CreateApiTokenRequest, CreatedApiToken } from '@contract/me';
import { api, unwrap } from '@/lib/api/client';
import { API_TOKEN_CHANGES } from '@/entities/api-tokens/api/api-token-keys';

export function createApiToken(body: CreateApiTokenRequest): Promise<CreatedApiToken> {
  return unwrap(api.POST('/api/me/tokens', { body }));
}

/**
 * Creates a personal API token. The answer's `token` is the only time its value exists outside
 * the server: show it, and keep it no longer than it is shown.
 *
 * @example
 * const create = useCreateApiToken();
 * create.mutate({ name: 'deploy-script', scope: 'read', expiresInDays: 90 }, {
 *   onSuccess: (created) => setShownOnce(created.token),
 * });
 */
export function useCreateApiToken() {
  return useMutation({
    mutationFn: createApiToken,
    // The mutation cache would otherwise keep the token's value for minutes after the dialog closes.
    gcTime: 0,
    meta: { invalidates: API_TOKEN_CHANGES },
  });
}
