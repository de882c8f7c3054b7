import type { RuleInput, RuleWithWarnings } from '@contract/access';
import { api, unwrap } from '@/lib/api/client';
import { useMutation } from '@tanstack/react-query';
import { ACCESS_RESOURCES } from '@/entities/access/api/access-keys';

export function replaceRule({
  id,
  rule,
}: {
  id: string;
  rule: RuleInput;
}): Promise<RuleWithWarnings> {
  return unwrap(api.PUT('/api/rules/{id}', { params: { path: { id } }, body: rule }));
}

/**
 * Changes a rule; it keeps its number and its kind (the API refuses another kind with 422).
 *
 * @example
 * const replace = useReplaceRule();
 * replace.mutate({ id: rule.id, rule: { ...input, tags: ['staging', 'qa'] } });
 */
export const useReplaceRule = () =>
  useMutation({ mutationFn: replaceRule, meta: { invalidates: ACCESS_RESOURCES } });
