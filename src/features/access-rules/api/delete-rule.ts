import { api, unwrap } from '@/lib/api/client';
import { useMutation } from '@tanstack/react-query';
import { ACCESS_RESOURCES } from '@/entities/access/api/access-keys';

export async function deleteRule(id: string): Promise<void> {
  await unwrap(api.DELETE('/api/rules/{id}', { params: { path: { id } } }));
}

/**
 * Deletes a rule; its number is never given to another. Preview it first
 * (`{ change: 'delete-rule', ruleId }`): the people who held privileges through it lose them.
 *
 * @example
 * const remove = useDeleteRule();
 * remove.mutate(rule.id, { onSuccess: () => toast.success(`Rule ${rule.number} deleted`) });
 */
export const useDeleteRule = () =>
  useMutation({ mutationFn: deleteRule, meta: { invalidates: ACCESS_RESOURCES } });
