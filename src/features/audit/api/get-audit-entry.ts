import { useQuery } from '@tanstack/react-query';
import type { AuditEntry } from '@contract/audit';
import { api, unwrap } from '@/lib/api/client';
import { auditKeys } from './audit-keys';

export function getAuditEntry(id: string, signal?: AbortSignal): Promise<AuditEntry> {
  return unwrap(api.GET('/api/audit/{id}', { params: { path: { id } }, signal }));
}

/**
 * One audit entry with its before and after values. `initial` (the row of the list it was
 * opened from) shows at once; a link to the entry loads it.
 *
 * @example
 * const { data: entry } = useAuditEntry(searchParams.get('entry'), rowEntry);
 */
export function useAuditEntry(id: string | undefined, initial?: AuditEntry) {
  return useQuery({
    queryKey: auditKeys.entry(id ?? ''),
    queryFn: ({ signal }) => getAuditEntry(id ?? '', signal),
    initialData: initial?.id === id ? initial : undefined,
    // An entry never changes once written.
    staleTime: Infinity,
    enabled: id !== undefined && id !== '',
  });
}
