import type { ConnectionTestResult } from '@contract/integrations';
import { api, unwrap } from '@/lib/api/client';
import { useIntegrationMutation } from '@/entities/git-providers/api/git-provider-keys';

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
export const useTestGitProvider = () => useIntegrationMutation('git-providers', testGitProvider);
