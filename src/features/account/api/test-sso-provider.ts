import { useMutation } from '@tanstack/react-query';
import type { SsoTestRequest, SsoTestResult } from '@contract/sso-providers';
import { api, unwrap } from '@/lib/api/client';

export type TestSsoProviderVariables = { id: string; request: SsoTestRequest };

export function testSsoProvider({ id, request }: TestSsoProviderVariables): Promise<SsoTestResult> {
  return unwrap(
    api.POST('/api/sso-providers/{id}/test', { params: { path: { id } }, body: request }),
  );
}

/**
 * Checks a saved provider from the server: OIDC reads the issuer's discovery document; LDAP
 * binds with the bind account and, given a user name, finds that person with their email and
 * groups. The answer says in a sentence whether it worked (`ok`); nothing is stored.
 *
 * @example
 * const test = useTestSsoProvider();
 * test.mutate({ id: provider.id, request: { username: 'ada' } });
 */
export const useTestSsoProvider = () => useMutation({ mutationFn: testSsoProvider });
