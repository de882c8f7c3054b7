import { queryOptions, useQuery } from '@tanstack/react-query';
import { POLICY_SCHEMA_PATH } from '@contract/policy';
import { api, unwrap } from '@/lib/api/client';
import { policyKeys } from './policy-keys';

/** A JSON Schema, as editors read it. */
export type JsonSchema = Record<string, unknown>;

/** `GET /api/policy/schema.json`: the policy document's JSON Schema. */
export function getPolicySchema(signal?: AbortSignal): Promise<JsonSchema> {
  return unwrap(api.GET(POLICY_SCHEMA_PATH, { signal })) as Promise<JsonSchema>;
}

export const policySchemaQueryOptions = () =>
  queryOptions({
    queryKey: policyKeys.detail('schema'),
    queryFn: ({ signal }) => getPolicySchema(signal),
    // It changes with the console's version only.
    staleTime: Infinity,
  });

/** The policy document's JSON Schema, for the editor's completion and checks. */
export function usePolicySchema() {
  return useQuery(policySchemaQueryOptions());
}
