/**
 * The run queue: webhooks and people (`POST /api/pipelines/:id/runs`, runs.service.ts) queue
 * runs; runners claim them one at a time and report on them. A run approved after waiting at a
 * pending-approval step comes back here, queued for the runner that had it.
 *
 * A claim is one statement, `UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED LIMIT 1)`:
 * two polls that look at the same moment lock different rows (the second skips the row the
 * first holds), so a run is never handed to two runners, whether the polls reach one server
 * process or several sharing a PostgreSQL database.
 *
 * A poll that finds nothing waits (long-poll) on an in-process notifier, woken at once when a
 * run of its account is queued. Queued in this process, the change itself wakes it after
 * commit; queued by another server process sharing the PostgreSQL database, a notification
 * does: the transaction that queues a run sends `pg_notify(QUEUED_CHANNEL, accountId)`, which
 * PostgreSQL delivers when (and only if) it commits, and each process listens on one connection
 * of its own (`listenForQueuedRuns`). Notifications sent while that connection is down are lost,
 * so a waiting poll also re-checks the queue every `QUEUE_RECHECK_MS` (1.5 s by default).
 */
import { and, asc, eq, exists, isNull, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  FINISHED_RUN_STATES,
  type RunState,
  type RunStep,
  type RunTrigger,
} from '../../../contract/runs';
import type { Job, JobSource } from '../../../contract/runners';
import type { Db } from '../../db/client';
import { gitProviders, pipelines, runners, runs } from '../../db/schema';
import type { Deps } from '../../lib/context';
import { HttpProblem, invalidField } from '../../lib/problem';
import type { PlannedStep } from './definition';

/** The notification channel of queued runs; its payload is the run's account id. */
export const QUEUED_CHANNEL = 'perimeter_run_queued';

type RunRow = typeof runs.$inferSelect;

/**
 * Until pipelines carry a definition (the pipelines issue), a run queued by a git trigger has
 * one step: cloning the repository at the revision the event names.
 */
export const TRIGGERED_RUN_STEPS = ['clone'] as const;

/** Wakes the polls of an account that wait in this process when one of its runs is queued. */
class QueueNotifier {
  readonly #waiting = new Map<string, Set<() => void>>();
  #closed = false;

  /** True once the server stops: waiting polls have been answered, new ones do not wait. */
  get closed(): boolean {
    return this.#closed;
  }

  notify(accountId: string): void {
    const waiters = this.#waiting.get(accountId);
    if (!waiters) return;
    this.#waiting.delete(accountId);
    for (const wake of waiters) wake();
  }

  /** Wakes every waiting poll to look at the queue (notifications may have been missed). */
  notifyAll(): void {
    for (const accountId of [...this.#waiting.keys()]) this.notify(accountId);
  }

  /**
   * The server stops: every waiting poll wakes and answers "no job" at once, so that the graceful
   * stop, which waits for open requests, does not wait out their long-polls.
   */
  close(): void {
    this.#closed = true;
    this.notifyAll();
  }

  /** Resolves when the account's queue changes, after `ms`, or when `signal` aborts. */
  wait(accountId: string, ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted || this.#closed) return resolve();
      let waiters = this.#waiting.get(accountId);
      if (!waiters) this.#waiting.set(accountId, (waiters = new Set()));
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        const current = this.#waiting.get(accountId);
        current?.delete(done);
        if (current?.size === 0) this.#waiting.delete(accountId);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      waiters.add(done);
    });
  }
}

/** One notifier per database: every test app has its own; a server process has one. */
const notifiers = new WeakMap<object, QueueNotifier>();
export function queueNotifier(deps: Pick<Deps, 'db'>): QueueNotifier {
  let notifier = notifiers.get(deps.db);
  if (!notifier) notifiers.set(deps.db, (notifier = new QueueNotifier()));
  return notifier;
}

/**
 * Tells the other server processes, through PostgreSQL, that a run of the account is queued
 * (again) in `tx`: the notification is delivered when the transaction commits, and never if it
 * rolls back. The embedded database has no other process to tell; the statement is harmless there.
 */
export async function announceQueued(tx: Db, accountId: string): Promise<void> {
  await tx.execute(sql`select pg_notify(${QUEUED_CHANNEL}, ${accountId})`);
}

/**
 * On PostgreSQL, listens for runs queued by other server processes and wakes this process's
 * waiting polls of their account; on reconnection, wakes them all, since what was sent meanwhile
 * is lost. Null on the embedded database (one process: the in-process notifier is enough).
 */
export function listenForQueuedRuns(deps: Pick<Deps, 'db' | 'database' | 'logger'>) {
  const { database, logger } = deps;
  if (!database.listen) return null;
  const notifier = queueNotifier(deps);
  return database.listen(QUEUED_CHANNEL, (accountId) => notifier.notify(accountId), {
    onListening(again) {
      if (!again) return;
      logger.info('listening for queued runs again');
      notifier.notifyAll();
    },
    onLost(error, retryInMs) {
      logger.warn(
        { err: error, retryInMs },
        'the connection that listens for queued runs dropped; polls re-check the queue meanwhile',
      );
    },
  });
}

/**
 * Queues a run of `pipelineId` in `tx`. Run numbers count per pipeline: the pipeline's row is
 * locked while the next number is taken, so two webhooks at once get 7 and 8, not 7 twice.
 * Other server processes hear of it when `tx` commits (`announceQueued`); call
 * `queueNotifier(deps).notify(accountId)` once it has, to wake the polls of this one.
 */
export async function queueRun(
  tx: Db,
  input: {
    accountId: string;
    pipelineId: string;
    trigger: RunTrigger;
    runnerId: string | null;
    /** By name (a trigger's clone step), or with their types (a definition's steps). */
    steps: readonly (string | PlannedStep)[];
    debug?: boolean;
    at: Date;
  },
): Promise<RunRow> {
  await tx
    .select({ id: pipelines.id })
    .from(pipelines)
    .where(eq(pipelines.id, input.pipelineId))
    .for('update');
  const [last] = await tx
    .select({ number: sql<number>`coalesce(max(${runs.number}), 0)`.mapWith(Number) })
    .from(runs)
    .where(eq(runs.pipelineId, input.pipelineId));
  const [row] = await tx
    .insert(runs)
    .values({
      accountId: input.accountId,
      pipelineId: input.pipelineId,
      number: (last?.number ?? 0) + 1,
      state: 'queued',
      trigger: input.trigger,
      runnerId: input.runnerId,
      debug: input.debug ?? false,
      steps: input.steps.map((step): RunStep =>
        typeof step === 'string'
          ? { name: step, state: 'pending' }
          : { name: step.name, ...(step.type ? { type: step.type } : {}), state: 'pending' },
      ),
      createdAt: input.at,
    })
    .returning();
  await announceQueued(tx, input.accountId);
  return row!;
}

type PipelineRow = typeof pipelines.$inferSelect;
type ProviderRow = typeof gitProviders.$inferSelect;

/** The definition's source as the runner loads it: a git provider by name and address. */
function jobSourceOf(pipeline: PipelineRow, provider: ProviderRow | null): JobSource {
  switch (pipeline.sourceType) {
    case 'git':
      return {
        type: 'git',
        gitProvider: provider
          ? { name: provider.name, kind: provider.kind, baseUrl: provider.baseUrl }
          : null,
        repository: pipeline.gitRepository ?? '',
        branch: pipeline.gitBranch ?? '',
        path: pipeline.gitPath ?? '',
      };
    case 'url':
      return { type: 'url', url: pipeline.sourceUrl ?? '' };
    default:
      return { type: 'inline', yaml: pipeline.inlineYaml ?? '' };
  }
}

function toJob(row: RunRow, pipeline: PipelineRow, provider: ProviderRow | null): Job {
  return {
    id: row.id,
    number: row.number,
    pipeline: { id: pipeline.id, project: pipeline.project, name: pipeline.name },
    debug: row.debug,
    trigger: row.trigger,
    source: jobSourceOf(pipeline, provider),
    steps: row.steps.map((step) => step.name),
    plan: row.steps,
  };
}

/**
 * Claims the oldest queued run the runner may take (its own or any runner's), atomically; null
 * when there is none. A revoked runner claims nothing, even if it was revoked mid-poll.
 */
export async function claimNext(
  { db, clock }: Deps,
  runner: { id: string; accountId: string },
): Promise<Job | null> {
  const candidate = alias(runs, 'candidate');
  const next = db
    .select({ id: candidate.id })
    .from(candidate)
    .where(
      and(
        eq(candidate.accountId, runner.accountId),
        eq(candidate.state, 'queued'),
        or(eq(candidate.runnerId, runner.id), isNull(candidate.runnerId)),
        exists(
          db
            .select({ one: sql`1` })
            .from(runners)
            .where(and(eq(runners.id, runner.id), isNull(runners.revokedAt))),
        ),
      ),
    )
    .orderBy(asc(candidate.createdAt), asc(candidate.id))
    .limit(1)
    .for('update', { skipLocked: true });
  const [claimed] = await db
    .update(runs)
    .set({ state: 'running', claimedByRunnerId: runner.id, claimedAt: clock.now() })
    .where(and(eq(runs.state, 'queued'), sql`${runs.id} = (${next})`))
    .returning({ id: runs.id });
  if (!claimed) return null;
  const id = claimed.id;
  const [found] = await db
    .select({ run: runs, pipeline: pipelines, provider: gitProviders })
    .from(runs)
    .innerJoin(pipelines, eq(pipelines.id, runs.pipelineId))
    .leftJoin(gitProviders, eq(gitProviders.id, pipelines.gitProviderId))
    .where(eq(runs.id, id));
  return found ? toJob(found.run, found.pipeline, found.provider) : null;
}

/**
 * Waits up to `waitMs` for a run to claim: claims at once when one is queued, else sleeps until
 * a run of the account is queued (by any server process), the re-check interval passes, the
 * client goes, or the server stops (then it answers "no job" at once).
 */
export async function waitForJob(
  deps: Deps,
  runner: { id: string; accountId: string },
  waitMs: number,
  signal: AbortSignal,
): Promise<Job | null> {
  const deadline = Date.now() + waitMs;
  const notifier = queueNotifier(deps);
  for (;;) {
    const job = await claimNext(deps, runner);
    if (job) return job;
    const remaining = deadline - Date.now();
    if (remaining <= 0 || signal.aborted || notifier.closed) return null;
    const recheck = Math.min(remaining, deps.env.QUEUE_RECHECK_MS);
    await notifier.wait(runner.accountId, recheck, signal);
  }
}

/** The waiting step of a run: the first pending-approval step still pending. */
export function waitingStepIndex(steps: readonly RunStep[]): number {
  return steps.findIndex((step) => step.type === 'pending-approval' && step.state === 'pending');
}

/**
 * A runner's report on a job it claimed: 404 when the run is not its claimed job (another
 * runner's, unknown, another account's), 409 once the run has finished, while it waits for a
 * person's decision, and while it is queued again after an approval (the runner claims it anew
 * with a poll before reporting on it).
 *
 * `pending-approval`: the runner reached a pending-approval step (it must be among the reported
 * steps, still pending: 422 otherwise) and lets go of the job. `claimedByRunnerId` stays, so the
 * run still names its runner, and the approval queues it again for that runner
 * (runs.service.ts); docs/decisions.md says why there is no lease.
 */
export async function reportJobStatus(
  { db, clock }: Deps,
  runner: { id: string; accountId: string },
  runId: string,
  report: { state: 'running' | 'pending-approval' | 'succeeded' | 'failed'; steps: RunStep[] },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [run] = await tx
      .select()
      .from(runs)
      .where(
        and(
          eq(runs.id, runId),
          eq(runs.accountId, runner.accountId),
          eq(runs.claimedByRunnerId, runner.id),
        ),
      )
      .for('update');
    if (!run) throw new HttpProblem(404, 'This runner has not claimed such a job.');
    if (FINISHED_RUN_STATES.includes(run.state)) {
      throw new HttpProblem(409, `The job has already finished (${run.state}).`, {
        code: 'job-finished',
      });
    }
    if (run.state === 'pending-approval') {
      throw new HttpProblem(
        409,
        'The job waits for a person to approve or deny it; the runner gets it back from a poll once it is approved.',
        { code: 'job-waiting' },
      );
    }
    if (run.state === 'queued') {
      throw new HttpProblem(
        409,
        'The job was approved and is queued again; claim it with a poll before reporting on it.',
        { code: 'job-queued' },
      );
    }
    if (report.state === 'pending-approval' && waitingStepIndex(report.steps) < 0) {
      throw invalidField(
        'steps',
        'A job waits for approval at a pending-approval step: report that step, still pending.',
      );
    }
    const finished = report.state === 'succeeded' || report.state === 'failed';
    const state: RunState = report.state;
    await tx
      .update(runs)
      .set({ state, steps: report.steps, finishedAt: finished ? clock.now() : null })
      .where(eq(runs.id, runId));
  });
}
