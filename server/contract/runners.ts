import { z } from 'zod';
import { listQuerySchema, pageOf } from './pagination';
import { RESOURCE_NAME_MAX_LENGTH, resourceNameSchema } from './resources';
import { RUN_STEPS_MAX, runStepSchema, runTriggerSchema } from './runs';

/**
 * Hybrid runners (P-5.4): installed inside a customer network, they only ever connect out. An
 * administrator registers one (getting a one-time registration token), the runner trades the
 * token for its credential, then polls for jobs and reports on them.
 */

/** A runner is online when it polled within this long. */
export const RUNNER_ONLINE_WINDOW_MS = 60_000;
/** How long a registration token stays usable. */
export const REGISTRATION_TOKEN_TTL_MS = 24 * 60 * 60_000;
/** The longest a poll waits for a job before answering 204. */
export const MAX_POLL_WAIT_SECONDS = 25;

export const RUNNER_STATES = ['waiting', 'online', 'offline', 'revoked'] as const;
export const runnerStateSchema = z.enum(RUNNER_STATES);
export type RunnerState = z.infer<typeof runnerStateSchema>;

export const RUNNER_STATE_LABELS: Record<RunnerState, string> = {
  waiting: 'Waiting to register',
  online: 'Online',
  offline: 'Offline',
  revoked: 'Revoked',
};

export const runnerNameSchema = resourceNameSchema('runner');

export const runnerSchema = z.object({
  id: z.string(),
  name: z.string(),
  /**
   * `waiting`: created, not registered yet; `online`: polled within the last minute;
   * `offline`: registered, silent for longer; `revoked`: its credential no longer works.
   */
  state: runnerStateSchema,
  createdAt: z.string(),
  registeredAt: z.string().nullable(),
  lastPollAt: z.string().nullable(),
  /** What the runner reported of itself at its last poll. */
  version: z.string().nullable(),
  /** Whether the runner has the app-proxy, needed for pull-request triggers (P-5.6). */
  appProxy: z.boolean(),
  revokedAt: z.string().nullable(),
});
export type Runner = z.infer<typeof runnerSchema>;

export const runnerPageSchema = pageOf(runnerSchema);
export type RunnerPage = z.infer<typeof runnerPageSchema>;

export const runnerListQuerySchema = listQuerySchema;
export type RunnerListQuery = z.input<typeof runnerListQuerySchema>;

export const createRunnerRequestSchema = z.strictObject({ name: runnerNameSchema });
export type CreateRunnerRequest = z.input<typeof createRunnerRequestSchema>;

/** The answer to `POST /api/runners`: the only time the registration token is shown. */
export const createdRunnerSchema = runnerSchema.extend({
  registrationToken: z.string(),
  registrationExpiresAt: z.string(),
});
export type CreatedRunner = z.infer<typeof createdRunnerSchema>;

/** The most runner choices `GET /api/pipelines/:id/runner-choices` answers. */
export const RUNNER_CHOICES_MAX = 200;

/**
 * A runner a trigger of the pipeline may use: just enough to choose one (the trigger form), for
 * whoever may update the pipeline. The runners list itself stays administrators-only.
 */
export const runnerChoiceSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Whether the runner has the app-proxy, needed for pull-request triggers (P-5.6). */
  appProxy: z.boolean(),
  /** Never `revoked`: revoked runners are no choice. */
  state: runnerStateSchema.exclude(['revoked']),
});
export type RunnerChoice = z.infer<typeof runnerChoiceSchema>;

export const runnerChoiceListSchema = z.object({ items: z.array(runnerChoiceSchema) });
export type RunnerChoiceList = z.infer<typeof runnerChoiceListSchema>;

// ---- The runner protocol (`/api/runner/v1/…`) ----

const runnerVersionSchema = z
  .string()
  .trim()
  .min(1, 'Give the runner version.')
  .max(
    RESOURCE_NAME_MAX_LENGTH,
    `A runner version has at most ${RESOURCE_NAME_MAX_LENGTH} characters.`,
  );

export const registerRunnerRequestSchema = z.strictObject({
  registrationToken: z
    .string({ error: 'Give the registration token.' })
    .min(1, 'Give the registration token.')
    .max(200, 'That is not a registration token.'),
  version: runnerVersionSchema,
  appProxy: z.boolean().default(false),
});
export type RegisterRunnerRequest = z.input<typeof registerRunnerRequestSchema>;

export const registeredRunnerSchema = z.object({
  runnerId: z.string(),
  /** `Authorization: Bearer <credential>` on every later request; shown only here. */
  credential: z.string(),
});
export type RegisteredRunner = z.infer<typeof registeredRunnerSchema>;

export const pollRequestSchema = z.strictObject({
  version: runnerVersionSchema.optional(),
  appProxy: z.boolean().optional(),
  waitSeconds: z
    .number()
    .int('Wait a whole number of seconds.')
    .min(0, 'Wait 0 seconds or more.')
    .max(MAX_POLL_WAIT_SECONDS, `Wait at most ${MAX_POLL_WAIT_SECONDS} seconds.`)
    .default(MAX_POLL_WAIT_SECONDS),
});
export type PollRequest = z.input<typeof pollRequestSchema>;

/** The definition's source as a runner needs it; a git provider by name and base URL. */
export const jobSourceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('inline'), yaml: z.string() }),
  z.object({
    type: z.literal('git'),
    gitProvider: z.object({ name: z.string(), kind: z.string(), baseUrl: z.string() }).nullable(),
    repository: z.string(),
    branch: z.string(),
    path: z.string(),
  }),
  z.object({ type: z.literal('url'), url: z.string() }),
]);
export type JobSource = z.infer<typeof jobSourceSchema>;

/** A run handed to the runner that claimed it. */
export const jobSchema = z.object({
  /** The run's id. */
  id: z.string(),
  number: z.number().int(),
  pipeline: z.object({ id: z.string(), project: z.string(), name: z.string() }),
  /** Pause before each step (P-6.5). */
  debug: z.boolean(),
  trigger: runTriggerSchema,
  /** Where the runner loads the definition from; for git and url, from inside its network. */
  source: jobSourceSchema,
  /** The names of the steps to run, in order. */
  steps: z.array(z.string()),
  /**
   * The steps with their types and states so far. A run resumed after an approval comes back
   * with the steps before it `succeeded`: the runner carries on from the first `pending` one.
   */
  plan: z.array(runStepSchema),
});
export type Job = z.infer<typeof jobSchema>;

export const pollResponseSchema = z.object({ job: jobSchema });
export type PollResponse = z.infer<typeof pollResponseSchema>;

/**
 * What a runner may report: a claimed job runs, then succeeds or fails. `pending-approval`: it
 * reached a pending-approval step (the first `pending` step of that type) and lets go of the
 * job; once a person approves, the run is queued again for the same runner to carry on.
 */
export const JOB_REPORT_STATES = ['running', 'pending-approval', 'succeeded', 'failed'] as const;

export const jobStatusRequestSchema = z.strictObject({
  state: z.enum(JOB_REPORT_STATES, {
    error: 'Report running, pending-approval, succeeded or failed.',
  }),
  steps: z.array(runStepSchema).max(RUN_STEPS_MAX, `A run has at most ${RUN_STEPS_MAX} steps.`),
});
export type JobStatusRequest = z.input<typeof jobStatusRequestSchema>;
