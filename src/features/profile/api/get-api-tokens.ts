import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ApiToken } from '@contract/me';
import { api, unwrap } from '@/lib/api/client';
import { meKeys } from '@/entities/me/api/me-keys';

export type ApiTokenList = { items: ApiToken[]; total: number };

export function getApiTokens(signal?: AbortSignal): Promise<ApiTokenList> {
  return unwrap(api.GET('/api/me/tokens', { signal }));
}

export const apiTokensQueryOptions = () =>
  queryOptions({
    queryKey: meKeys.tokens(),
    queryFn: ({ signal }) => getApiTokens(signal),
  });

/**
 * The signed-in person's personal API tokens (names and prefixes, never values).
 *
 * @example
 * const { data } = useApiTokens();
 * data?.items.map((token) => token.name);
 */
export function useApiTokens() {
  return useQuery(apiTokensQueryOptions());
}
