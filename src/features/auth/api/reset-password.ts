import { useMutation } from '@tanstack/react-query';
import type { ResetPasswordRequest } from '@contract/auth';
import { api, unwrap } from '@/lib/api/client';

export type ResetPasswordVariables = { token: string; body: ResetPasswordRequest };

export async function resetPassword({ token, body }: ResetPasswordVariables): Promise<void> {
  await unwrap(api.POST('/api/auth/password-reset/{token}', { params: { path: { token } }, body }));
}

/**
 * Sets a new password with a reset link; the person then signs in with it.
 *
 * @example
 * const reset = useResetPassword();
 * reset.mutate({ token, body: { password } }, { onSuccess: () => setDone(true) });
 */
export function useResetPassword() {
  return useMutation({ mutationFn: resetPassword });
}
