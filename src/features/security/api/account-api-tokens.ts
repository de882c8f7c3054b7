import { keepPreviousData, queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import type { AccountApiTokenPage } from '@contract/api-tokens';
import type { paths } from '@contract/api-paths.gen';
import { API_TOKEN_CHANGES, apiTokenKeys } from '@/entities/api-tokens/api/api-token-keys';
import { api, unwrap } from '@/lib/api/client';

export type AccountApiTokenQuery = NonNullable<
  paths['/api/api-tokens']['get']['parameters']['query']
>;

export function getAccountApiTokens(
  query: AccountApiTokenQuery,
  signal?: AbortSignal,
): Promise<AccountApiTokenPage> {
  return unwrap(api.GET('/api/api-tokens', { params: { query }, signal }));
}

export const accountApiTokensQueryOptions = (query: AccountApiTokenQuery) =>
  queryOptions({
    queryKey: apiTokenKeys.list(query),
    queryFn: ({ signal }) => getAccountApiTokens(query, signal),
    // The page on screen stays while the next one (or a search) loads.
    placeholderData: keepPreviousData,
  });

/**
 * Every API token of the account, with its owner (administrators; never a value).
 *
 * @example
 * const tokens = useAccountApiTokens({ page: 1, pageSize: 20, q: 'grafana' });
 */
export function useAccountApiTokens(query: AccountApiTokenQuery) {
  return useQuery(accountApiTokensQueryOptions(query));
}

export async function revokeAccountApiToken(id: string): Promise<void> {
  await unwrap(api.DELETE('/api/api-tokens/{id}', { params: { path: { id } } }));
}

/**
 * Revokes any token of the account; whoever uses it is refused from then on.
 *
 * @example
 * const revoke = useRevokeAccountApiToken();
 * revoke.mutate(token.id, { onSuccess: () => toast.success(`Token ${token.name} revoked`) });
 */
export const useRevokeAccountApiToken = () =>
  useMutation({ mutationFn: revokeAccountApiToken, meta: { invalidates: API_TOKEN_CHANGES } });
