import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { AuditPage } from '@contract/audit';
import { api, unwrap } from '@/lib/api/client';
import type { paths } from '@contract/api-paths.gen';
import { auditKeys } from './audit-keys';

export type AuditListParams = NonNullable<paths['/api/audit']['get']['parameters']['query']>;

export async function getAuditEntries(
  query: AuditListParams,
  signal?: AbortSignal,
): Promise<AuditPage> {
  // The route answers CSV only when asked for it (download-audit-csv.ts); this asks for JSON.
  return (await unwrap(api.GET('/api/audit', { params: { query }, signal }))) as AuditPage;
}

export const auditEntriesQueryOptions = (params: AuditListParams) =>
  queryOptions({
    queryKey: auditKeys.entryList(params),
    queryFn: ({ signal }) => getAuditEntries(params, signal),
    // The current page stays on screen while the next one (or a new filter) loads.
    placeholderData: keepPreviousData,
  });

/**
 * A page of the audit log, newest first, filtered by the server.
 *
 * @example
 * const { data } = useAuditEntries({ action: 'team.created', from: '2026-03-01T00:00:00Z' });
 * data?.items.map((entry) => entry.target.name);
 */
export function useAuditEntries(params: AuditListParams) {
  return useQuery(auditEntriesQueryOptions(params));
}
