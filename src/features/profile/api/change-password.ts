import { useMutation } from '@tanstack/react-query';
import type { ChangePasswordRequest } from '@contract/me';
import { api, unwrap } from '@/lib/api/client';

export async function changePassword(body: ChangePasswordRequest): Promise<void> {
  await unwrap(api.POST('/api/me/password', { body }));
}

/**
 * Changes the signed-in person's password; the server signs out every other session of theirs.
 *
 * @example
 * const change = useChangePassword();
 * change.mutate({ currentPassword, newPassword }, { onSuccess: () => setDone(true) });
 */
export function useChangePassword() {
  return useMutation({ mutationFn: changePassword });
}
