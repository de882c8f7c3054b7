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

/** The most steps a run has (what a definition may list, what a runner may report). */
export const RUN_STEPS_MAX = 500;

export const STEP_STATES = ['pending', 'running', 'succeeded', 'failed', 'skipped'] as const;
export const stepStateSchema = z.enum(STEP_STATES);
export type StepState = z.infer<typeof stepStateSchema>;

/**
 * One step's result as the runner reports it. `type` is the step's type in the definition
 * (pipeline-format.md); a `pending-approval` step is where a run waits for a person.
 */
export const runStepSchema = z.object({
  name: z.string().min(1).max(200),
  type: z.string().max(50).optional(),
  state: stepStateSchema,
  startedAt: z.string().nullable().optional(),
  finishedAt: z.string().nullable().optional(),
  /** A short line the runner adds: an exit code, an image digest, why it failed. */
  message: z.string().max(2000).nullable().optional(),
});
export type RunStep = z.infer<typeof runStepSchema>;

/** What queued a run: a git trigger's webhook, or a person (the Run button, the API). */
export const runTriggerSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('manual'),
    /** Who ran it; null once that person is removed (the name stays). */
    userId: z.string().nullable(),
    userName: z.string(),
  }),
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

export const RUN_DECISIONS = ['approved', 'denied'] as const;
export type RunDecision = (typeof RUN_DECISIONS)[number];

/** A person's approval or denial of a run waiting at a pending-approval step. */
export const runDecisionSchema = z.object({
  step: z.string(),
  decision: z.enum(RUN_DECISIONS),
  by: z.object({ id: z.string().nullable(), name: z.string() }),
  at: z.string(),
});
export type RunDecisionEntry = z.infer<typeof runDecisionSchema>;

/** A run of a pipeline as the API answers it. */
export const runSchema = z.object({
  id: z.string(),
  pipelineId: z.string(),
  number: z.number().int(),
  state: runStateSchema,
  trigger: runTriggerSchema,
  /** The runner it is for (or that claimed it); null: any runner of the account. */
  runner: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** Started in debug mode (P-6.5): the runner pauses before each step. */
  debug: z.boolean(),
  steps: z.array(runStepSchema),
  /** The approvals and denials of its pending-approval steps, oldest first. */
  decisions: z.array(runDecisionSchema),
  createdAt: z.string(),
  claimedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type Run = z.infer<typeof runSchema>;

export const runPageSchema = pageOf(runSchema);
export type RunPage = z.infer<typeof runPageSchema>;

export const runListQuerySchema = listQuerySchema.omit({ q: true });
export type RunListQuery = z.input<typeof runListQuerySchema>;

/** `POST /api/pipelines/:id/runs`: run now; `debug` needs the debug privilege (P-6.5). */
export const createRunRequestSchema = z.strictObject({
  debug: z.boolean({ error: 'debug is true or false.' }).default(false),
});
export type CreateRunRequest = z.input<typeof createRunRequestSchema>;

/** `GET /api/runs/:id/approvers`: who may approve or deny the run (P-6.5), by name. */
export const runApproversSchema = z.object({
  items: z.array(z.object({ id: z.string(), name: z.string() })),
  /** True when the list was cut at `RUN_APPROVERS_MAX` names. */
  truncated: z.boolean(),
});
export type RunApprovers = z.infer<typeof runApproversSchema>;
export const RUN_APPROVERS_MAX = 50;
