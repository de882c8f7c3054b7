import { queryOptions, useQuery } from '@tanstack/react-query';
import type { SecuritySettings } from '@contract/settings';
import { api, unwrap } from '@/lib/api/client';
import { securityKeys } from './security-keys';

export function getSecuritySettings(signal?: AbortSignal): Promise<SecuritySettings> {
  return unwrap(api.GET('/api/settings/security', { signal }));
}

export const securitySettingsQueryOptions = () =>
  queryOptions({
    queryKey: securityKeys.settings(),
    queryFn: ({ signal }) => getSecuritySettings(signal),
  });

/**
 * The account's idle timeout (P-3.1) and who changed it last, when.
 *
 * @example
 * const { data: settings } = useSecuritySettings();
 * settings?.idleTimeoutMinutes; // 60
 * settings?.updatedBy?.name; // 'Ada Lovelace', or undefined while it is the default
 */
export function useSecuritySettings() {
  return useQuery(securitySettingsQueryOptions());
}
