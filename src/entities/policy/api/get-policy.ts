import { queryOptions, useQuery } from '@tanstack/react-query';
import { POLICY_YAML_TYPE } from '@contract/policy';
import { api } from '@/lib/api/client';
import { ApiError } from '@/lib/api/api-error';
import { policyKeys } from './policy-keys';

/** The account's policy as YAML, with its version (the `ETag`, quotes included). */
export type PolicyExport = { text: string; version: string };

/** `GET /api/policy`: the canonical YAML document and its version (administrators only). */
export async function getPolicy(signal?: AbortSignal): Promise<PolicyExport> {
  const { data, error, response } = await api.GET('/api/policy', {
    headers: { Accept: POLICY_YAML_TYPE },
    parseAs: 'text',
    signal,
  });
  if (!response.ok || data === undefined) throw ApiError.from(response, error);
  return { text: data, version: response.headers.get('ETag') ?? '' };
}

export const policyQueryOptions = () =>
  queryOptions({
    queryKey: policyKeys.detail('document'),
    queryFn: ({ signal }) => getPolicy(signal),
  });

/**
 * The account's policy document as exported, and its version.
 *
 * @example
 * const { data: policy } = usePolicy(); // policy.text, policy.version
 */
export function usePolicy() {
  return useQuery(policyQueryOptions());
}
