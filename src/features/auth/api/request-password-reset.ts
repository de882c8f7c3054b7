import { useMutation } from '@tanstack/react-query';
import type { PasswordResetRequested, RequestPasswordReset } from '@contract/auth';
import { api, unwrap } from '@/lib/api/client';

export function requestPasswordReset(body: RequestPasswordReset): Promise<PasswordResetRequested> {
  return unwrap(api.POST('/api/auth/password-reset', { body }));
}

/**
 * "Forgot your password?": asks the server to mail a reset link. The answer is the same whether
 * or not the address has an account.
 *
 * @example
 * const request = useRequestPasswordReset();
 * request.mutate({ email }, { onSuccess: ({ detail }) => setSent(detail) });
 */
export function useRequestPasswordReset() {
  return useMutation({ mutationFn: requestPasswordReset });
}
