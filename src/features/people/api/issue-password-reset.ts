import { useMutation } from '@tanstack/react-query';
import type { PasswordResetLink } from '@contract/users';
import { api, unwrap } from '@/lib/api/client';

export function issuePasswordReset(id: string): Promise<PasswordResetLink> {
  return unwrap(api.POST('/api/users/{id}/password-reset', { params: { path: { id } } }));
}

/**
 * Issues a one-time password-reset link for an active person (mailed when the deployment can);
 * any earlier link of theirs stops working.
 *
 * @example
 * const issue = useIssuePasswordReset();
 * issue.mutate(person.id, { onSuccess: (link) => show(link.resetUrl) });
 */
export const useIssuePasswordReset = () =>
  useMutation({ mutationFn: issuePasswordReset, gcTime: 0 });
