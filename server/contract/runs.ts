import { z } from 'zod';
import { listQuerySchema, pageOf } from './pagination';
import { ALL_TRIGGER_EVENTS } from './triggers';

/**
 * Runs of a pipeline. A run is queued, claimed by one runner (running), may wait at a
 * pending-approval step (the pipelines issue), and ends succeeded, failed, denied or cancelled.
 */
export const RUN_STATES = [
  'queued',
  'running',
  'pending-approval',
  'succeeded',
  'failed',
  'denied',
  'cancelled',
] as const;
export const runStateSchema = z.enum(RUN_STATES);
export type RunState = z.infer<typeof runStateSchema>;

export const FINISHED_RUN_STATES: readonly RunState[] = [
  'succeeded',
  'failed',
  'denied',
  'cancelled',
];

export const RUN_STATE_LABELS: Record<RunState, string> = {
  queued: 'Queued',
  running: 'Running',
  'pending-approval': 'Waiting for approval',
  succeeded: 'Succeeded',
  failed: 'Failed',
  denied: 'Denied',
  cancelled: 'Cancelled',
};

export const STEP_STATES = ['pending', 'running', 'succeeded', 'failed', 'skipped'] as const;
export const stepStateSchema = z.enum(STEP_STATES);
export type StepState = z.infer<typeof stepStateSchema>;

/** One step's result as the runner reports it. */
export const runStepSchema = z.object({
  name: z.string().min(1).max(200),
  state: stepStateSchema,
  startedAt: z.string().nullable().optional(),
  finishedAt: z.string().nullable().optional(),
  /** A short line the runner adds: an exit code, an image digest, why it failed. */
  message: z.string().max(2000).nullable().optional(),
});
export type RunStep = z.infer<typeof runStepSchema>;

/** What queued a run. The pipelines issue adds `{ kind: 'manual', userId, … }`. */
export const runTriggerSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('webhook'),
    triggerId: z.string(),
    event: z.enum(ALL_TRIGGER_EVENTS),
    repository: z.string(),
    branch: z.string().nullable(),
    revision: z.string().nullable(),
    /** The commit message or pull-request title, when the payload has one. */
    message: z.string().nullable(),
  }),
]);
export type RunTrigger = z.infer<typeof runTriggerSchema>;

/** A run of a pipeline as the API answers it. */
export const runSchema = z.object({
  id: z.string(),
  pipelineId: z.string(),
  number: z.number().int(),
  state: runStateSchema,
  trigger: runTriggerSchema,
  /** The runner it is for (or that claimed it); null: any runner of the account. */
  runner: z.object({ id: z.string(), name: z.string() }).nullable(),
  debug: z.boolean(),
  steps: z.array(runStepSchema),
  createdAt: z.string(),
  claimedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type Run = z.infer<typeof runSchema>;

export const runPageSchema = pageOf(runSchema);
export type RunPage = z.infer<typeof runPageSchema>;

export const runListQuerySchema = listQuerySchema.omit({ q: true });
export type RunListQuery = z.input<typeof runListQuerySchema>;
