import { queryOptions, useQuery } from '@tanstack/react-query';
import type { SetupStatus } from '@contract/auth';
import { api, unwrap } from '@/lib/api/client';
import { authKeys } from './auth-keys';

export function getSetupStatus(signal?: AbortSignal): Promise<SetupStatus> {
  return unwrap(api.GET('/api/auth/setup', { signal }));
}

export const setupStatusQueryOptions = () =>
  queryOptions({
    queryKey: authKeys.setupStatus(),
    queryFn: ({ signal }) => getSetupStatus(signal),
  });

/**
 * Whether the first administrator still has to be created (anonymous).
 *
 * @example
 * const { data } = useSetupStatus();
 * if (data?.needsSetup) return <Navigate to={paths.setup} replace />;
 */
export function useSetupStatus() {
  return useQuery(setupStatusQueryOptions());
}
