import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SetupRequest } from '@contract/auth';
import type { Me } from '@contract/me';
import { api, unwrap } from '@/lib/api/client';

export function createFirstAdministrator(body: SetupRequest): Promise<Me> {
  return unwrap(api.POST('/api/auth/setup', { body }));
}

/**
 * Creates the first administrator, who is signed in by the answer.
 *
 * @example
 * const setup = useCreateFirstAdministrator();
 * setup.mutate(values, { onSuccess: () => navigate(paths.home) });
 */
export function useCreateFirstAdministrator() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createFirstAdministrator,
    // Everything cached was read anonymously (the setup status among it); start afresh.
    onSuccess: () => queryClient.removeQueries(),
  });
}
