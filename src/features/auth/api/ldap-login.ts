import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { LdapLoginRequest } from '@contract/sso';
import { api, unwrap } from '@/lib/api/client';

export type LdapLoginVariables = { providerId: string; credentials: LdapLoginRequest };

export async function ldapLogin({ providerId, credentials }: LdapLoginVariables): Promise<void> {
  await unwrap(
    api.POST('/api/auth/ldap/{providerId}/login', {
      params: { path: { providerId } },
      body: credentials,
    }),
  );
}

/**
 * Signs in with a directory user name and password through an LDAP provider. A refusal fails
 * with an `ApiError` whose problem `detail` is the sentence to show (401: not accepted, 403: the
 * person may not come in, 429: too many attempts).
 *
 * @example
 * const signIn = useLdapLogin();
 * signIn.mutate({ providerId, credentials: { username, password } }, { onSuccess: onSignedIn });
 */
export function useLdapLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ldapLogin,
    // As after a password sign-in: nothing cached before belongs to this session.
    onSuccess: () => queryClient.removeQueries(),
  });
}
