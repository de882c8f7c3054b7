import { useMutation } from '@tanstack/react-query';
import type { CreateRunnerRequest, CreatedRunner } from '@contract/runners';
import { api, unwrap } from '@/lib/api/client';
import { runnerKeys } from '@/entities/runners/api/runner-keys';

export function createRunner(body: CreateRunnerRequest): Promise<CreatedRunner> {
  return unwrap(api.POST('/api/runners', { body }));
}

/**
 * Registers a runner (administrators only). The answer's `registrationToken` is the only time
 * the token exists outside the server: show it, and keep it no longer than it is shown.
 *
 * @example
 * const register = useCreateRunner();
 * register.mutate({ name: 'dc-eu-1' }, { onSuccess: (created) => setShownOnce(created) });
 */
export function useCreateRunner() {
  return useMutation({
    mutationFn: createRunner,
    // The mutation cache would otherwise keep the token for minutes after the dialog closes.
    gcTime: 0,
    meta: { invalidates: [runnerKeys.all] },
  });
}
