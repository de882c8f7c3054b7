import { useMutation } from '@tanstack/react-query';
import type { RestrictionTestRequest, RestrictionTestResult } from '@contract/restrictions';
import { api, unwrap } from '@/lib/api/client';

export function testRestrictions(body: RestrictionTestRequest): Promise<RestrictionTestResult> {
  return unwrap(api.POST('/api/restrictions/test', { body }));
}

/**
 * Asks what a git provider's restrictions say of one definition (P-4.5): per restriction
 * allowed, refused or not set, and the verdict. With `restrictions`, those are tried instead of
 * the saved ones, so a pattern can be tried before it is saved. Changes nothing.
 *
 * @example
 * const test = useTestRestrictions();
 * test.mutate({ gitProviderId, repository: 'acme/api', branch: 'main', path: 'codefresh.yml',
 *   restrictions: { repositories: null, branches: '^main$', paths: null } });
 */
export function useTestRestrictions() {
  return useMutation({ mutationFn: testRestrictions });
}
