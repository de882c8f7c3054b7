import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { LoginRequest } from '@contract/auth';
import { api, unwrap } from '@/lib/api/client';

export async function login(body: LoginRequest): Promise<void> {
  await unwrap(api.POST('/api/auth/login', { body }));
}

/**
 * Signs in with email and password. A wrong pair fails with a 401 `ApiError`, too many
 * attempts with a 429 whose `retryAfterSeconds` says when to try again.
 *
 * @example
 * const signIn = useLogin();
 * signIn.mutate({ email, password }, { onSuccess: () => navigate(returnTo) });
 */
export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    // Whatever is cached belongs to no one or to the previous session: never show it to this one.
    onSuccess: () => queryClient.removeQueries(),
  });
}
