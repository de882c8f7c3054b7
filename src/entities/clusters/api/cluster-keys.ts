import { resourceKeys } from '@/lib/query-keys';

/** Query keys of clusters (`/api/clusters`); the only place they are spelled. */
export const clusterKeys = resourceKeys('clusters');
