import type { RuleInput, RuleWithWarnings } from '@contract/access';
import { api, unwrap } from '@/lib/api/client';
import { useMutation } from '@tanstack/react-query';
import { ACCESS_RESOURCES } from '@/entities/access/api/access-keys';

export function createRule(rule: RuleInput): Promise<RuleWithWarnings> {
  return unwrap(api.POST('/api/rules', { body: rule }));
}

/**
 * Writes a new rule; the answer carries its number, sentence and warnings. Run the impact
 * preview first (`useImpactConfirmation`).
 *
 * @example
 * const create = useCreateRule();
 * create.mutate(
 *   { teamId, resourceType: 'cluster', privileges: ['read'], tags: ['staging'], tagMatch: 'any' },
 *   { onSuccess: (rule) => toast.success(`Rule ${rule.number} saved`) },
 * );
 */
export const useCreateRule = () =>
  useMutation({ mutationFn: createRule, meta: { invalidates: ACCESS_RESOURCES } });
