import { resourceKeys } from '@/lib/query-keys';

/** Query keys of runners (`/api/runners`); the only place they are spelled. */
export const runnerKeys = {
  ...resourceKeys('runners'),
  /** The runners a trigger of the pipeline may use (the trigger form, for update on it). */
  choices: (pipelineId: string) => [...runnerKeys.all, 'choices', pipelineId] as const,
};
