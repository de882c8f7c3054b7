/**
 * Query keys of the audit area: the log's pages and entries, and the person filter's
 * searches. The only place they are spelled. The log is read-only: nothing here mutates it.
 */
export const auditKeys = {
  all: ['audit'] as const,
  entries: () => [...auditKeys.all, 'entries'] as const,
  entryList: (params: object) => [...auditKeys.entries(), 'list', params] as const,
  entry: (id: string) => [...auditKeys.entries(), 'detail', id] as const,
  /** The person filter: its suggestions, and the person the address names by id. */
  people: (params: object) => [...auditKeys.all, 'people', 'list', params] as const,
  person: (id: string) => [...auditKeys.all, 'people', 'detail', id] as const,
};
