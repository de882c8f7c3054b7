import { resourceKeys } from '@/lib/query-keys';

/** Query keys of the git triggers of pipelines; the only place they are spelled. */
export const triggerKeys = resourceKeys('triggers');
