import { useMutation } from '@tanstack/react-query';
import type { ConnectionTestResult } from '@contract/integrations';
import { api, unwrap } from '@/lib/api/client';
import { REGISTRY_CHANGES } from './integration-changes';

export function testRegistry(id: string): Promise<ConnectionTestResult> {
  return unwrap(api.POST('/api/registries/{id}/test', { params: { path: { id } } }));
}

/**
 * Checks the registry's domain and credentials from the platform (`GET https://<domain>/v2/`); the result is also kept as
 * its `lastTest`. A registry behind the firewall answers 409: the platform cannot reach it.
 *
 * @example
 * const test = useTestRegistry();
 * test.mutate(registry.id, { onSuccess: (result) => announce(result.detail) });
 */
export const useTestRegistry = () =>
  useMutation({ mutationFn: testRegistry, meta: { invalidates: REGISTRY_CHANGES } });
