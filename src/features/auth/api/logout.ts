import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';

export async function logout(): Promise<void> {
  await unwrap(api.POST('/api/auth/logout'));
}

/**
 * Ends the session on the server and forgets everything cached for it.
 *
 * @example
 * const signOut = useLogout();
 * signOut.mutate(undefined, { onSuccess: () => navigate(paths.signIn) });
 */
export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    onSuccess: () => queryClient.removeQueries(),
  });
}
