import { useMutation } from '@tanstack/react-query';
import type { ConnectionTestResult } from '@contract/integrations';
import { api, unwrap } from '@/lib/api/client';
import { GIT_PROVIDER_CHANGES } from './integration-changes';

export function testGitProvider(id: string): Promise<ConnectionTestResult> {
  return unwrap(api.POST('/api/git-providers/{id}/test', { params: { path: { id } } }));
}

/**
 * Checks the provider's address and credentials from the platform; the result is also kept as
 * its `lastTest`. A provider behind the firewall answers 409: the platform cannot reach it.
 *
 * @example
 * const test = useTestGitProvider();
 * test.mutate(provider.id, { onSuccess: (result) => announce(result.detail) });
 */
export const useTestGitProvider = () =>
  useMutation({ mutationFn: testGitProvider, meta: { invalidates: GIT_PROVIDER_CHANGES } });
