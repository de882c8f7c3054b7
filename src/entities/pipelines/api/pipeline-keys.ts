import { resourceKeys } from '@/lib/query-keys';

/** Query keys of pipelines (`/api/pipelines`); the only place they are spelled. */
export const pipelineKeys = resourceKeys('pipelines');
