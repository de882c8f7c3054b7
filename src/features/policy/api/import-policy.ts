import { useMutation, type QueryKey } from '@tanstack/react-query';
import { POLICY_JSON_TYPE, POLICY_YAML_TYPE } from '@contract/policy';
import type { PolicyApplyResult, PolicyPlan } from '@/entities/policy/api/policy-types';
import { api } from '@/lib/api/client';
import { ApiError } from '@/lib/api/api-error';

/** A document that starts with `{` is JSON; anything else is sent as YAML (JSON is YAML too). */
export function mediaTypeOf(text: string): string {
  return text.trimStart().startsWith('{') ? POLICY_JSON_TYPE : POLICY_YAML_TYPE;
}

async function postImport<T>(
  text: string,
  { dryRun, ifMatch }: { dryRun: boolean; ifMatch?: string },
) {
  const { data, error, response } = await api.POST('/api/policy/import', {
    params: { query: dryRun ? { dryRun: 'true' } : {} },
    // The document as typed: the server reports problems by its lines and columns.
    body: text as never,
    bodySerializer: (body: unknown) => body as string,
    headers: {
      'Content-Type': mediaTypeOf(text),
      ...(ifMatch ? { 'If-Match': ifMatch } : {}),
    },
  });
  if (!response.ok || data === undefined) throw ApiError.from(response, error);
  return { data: data as T, response };
}

/**
 * `POST /api/policy/import?dryRun=true`: what applying `text` would do, against the policy's
 * current version. Nothing is applied, so nothing is invalidated.
 */
export async function planPolicy(text: string): Promise<PolicyPlan> {
  const { data, response } = await postImport<PolicyPlan>(text, { dryRun: true });
  return { ...data, version: response.headers.get('ETag') ?? data.version };
}

export function usePlanPolicy() {
  return useMutation({ mutationFn: ({ text }: { text: string }) => planPolicy(text) });
}

/**
 * Every query: an import may change teams and their members, rules, tags, the account's
 * settings, pipeline sources, restrictions, SSO mappings and the signed-in person's own account,
 * and it writes an audit entry; the settings' keys belong to their own screens (features), which
 * this one may not import.
 */
const EVERYTHING: QueryKey = [];

/**
 * `POST /api/policy/import` with `If-Match: version`: applies `text` in one transaction, or
 * answers 412 (the policy changed since `version`) or 422 with the document's problems
 * (`error.problem.problems`); nothing is applied then.
 */
export function useApplyPolicy() {
  return useMutation({
    mutationFn: async ({ text, version }: { text: string; version: string }) =>
      (await postImport<PolicyApplyResult>(text, { dryRun: false, ifMatch: version })).data,
    meta: { invalidates: [EVERYTHING] },
  });
}
