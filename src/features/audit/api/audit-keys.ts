/**
 * Query keys of the audit log's pages and entries; the only place they are spelled (the person
 * filter reads people through entities/users). The log is read-only: nothing here mutates it.
 */
export const auditKeys = {
  all: ['audit'] as const,
  entries: () => [...auditKeys.all, 'entries'] as const,
  entryList: (params: object) => [...auditKeys.entries(), 'list', params] as const,
  entry: (id: string) => [...auditKeys.entries(), 'detail', id] as const,
};
