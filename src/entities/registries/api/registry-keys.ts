import { resourceKeys } from '@/lib/query-keys';

/** Query keys of container registries (`/api/registries`); the only place they are spelled. */
export const registryKeys = {
  ...resourceKeys('registries'),
  /** What uses a registry: what deleting it would break. */
  references: (id: string) => [...registryKeys.detail(id), 'references'] as const,
};
