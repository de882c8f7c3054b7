import { resourceKeys } from '@/lib/query-keys';

/** Query keys of pipeline runs; the only place they are spelled. */
export const runKeys = {
  ...resourceKeys('runs'),
  /** Who may approve or deny a run waiting at a pending-approval step. */
  approvers: (runId: string) => [...runKeys.detail(runId), 'approvers'] as const,
};
