import { resourceKeys } from '@/lib/query-keys';

/** Query keys of git providers (`/api/git-providers`); the only place they are spelled. */
export const gitProviderKeys = {
  ...resourceKeys('git-providers'),
  /** What uses a git provider: what deleting it would break. */
  references: (id: string) => [...gitProviderKeys.detail(id), 'references'] as const,
  /** A git provider's restrictions (P-4.3). */
  restrictions: (id: string) => [...gitProviderKeys.detail(id), 'restrictions'] as const,
};
