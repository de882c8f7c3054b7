import { and, count, desc, eq, sql } from 'drizzle-orm';
import {
  RUN_APPROVERS_MAX,
  type CreateRunRequest,
  type Run,
  type RunApprovers,
  type RunDecision,
  type RunPage,
  type RunStep,
} from '../../../contract/runs';
import type { Privilege } from '../../../contract/access';
import type { ProblemCode } from '../../../contract/problem';
import type { Db } from '../../db/client';
import { accounts, gitProviders, pipelines, runners, runs, users } from '../../db/schema';
import type { Deps, Principal } from '../../lib/context';
import { HttpProblem } from '../../lib/problem';
import { offsetOf } from '../../lib/sql';
import { accessOf, readableOr404, requirePrivilege, type Access } from '../access/access.service';
import { peopleHolding } from '../access/insight.service';
import { recordAudit } from '../audit/audit.service';
import { clusterRefusal, type RunActor } from '../pipelines/cluster-references';
import { runnabilityOf, runnabilityOfRows } from '../pipelines/definition-sources';
import { stepsOfDefinition, type PlannedStep } from './definition';
import { announceQueued, queueNotifier, queueRun, waitingStepIndex } from './queue';

type RunRow = typeof runs.$inferSelect;

/** The runner a run is for: the one that claimed it, else the one it was queued for. */
const runnerOfRun = sql`coalesce(${runs.claimedByRunnerId}, ${runs.runnerId})`;

function toRun(row: RunRow, runner: { id: string; name: string } | null): Run {
  return {
    id: row.id,
    pipelineId: row.pipelineId,
    number: row.number,
    state: row.state,
    trigger: row.trigger,
    runner,
    debug: row.debug,
    steps: row.steps,
    decisions: row.decisions,
    createdAt: row.createdAt.toISOString(),
    claimedAt: row.claimedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

function selectRuns(db: Db) {
  return db
    .select({ run: runs, runnerId: runners.id, runnerName: runners.name })
    .from(runs)
    .leftJoin(runners, sql`${runners.id} = ${runnerOfRun}`);
}

function fromJoined(row: { run: RunRow; runnerId: string | null; runnerName: string | null }) {
  return toRun(
    row.run,
    row.runnerId && row.runnerName ? { id: row.runnerId, name: row.runnerName } : null,
  );
}

/** The pipeline if the caller may read it; the 404 of P-2.9 otherwise. */
async function readablePipeline(db: Db, principal: Principal, access: Access, id: string) {
  const [row] = await db
    .select({ id: pipelines.id, tags: pipelines.tags })
    .from(pipelines)
    .where(and(eq(pipelines.id, id), eq(pipelines.accountId, principal.accountId)));
  return readableOr404(row, access, 'pipeline');
}

/** `GET /api/pipelines/:id/runs`: newest first; needs read on the pipeline. */
export async function listRuns(
  { db }: Deps,
  principal: Principal,
  pipelineId: string,
  query: { page: number; pageSize: number },
): Promise<RunPage> {
  const access = await accessOf(db, principal, 'pipeline');
  await readablePipeline(db, principal, access, pipelineId);
  const where = eq(runs.pipelineId, pipelineId);
  const [rows, [total]] = await Promise.all([
    selectRuns(db)
      .where(where)
      .orderBy(desc(runs.number))
      .limit(query.pageSize)
      .offset(offsetOf(query)),
    db.select({ value: count() }).from(runs).where(where),
  ]);
  return {
    items: rows.map(fromJoined),
    total: total?.value ?? 0,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** `GET /api/runs/:id`: 404 when it does not exist or the caller may not read its pipeline. */
export async function getRun({ db }: Deps, principal: Principal, id: string): Promise<Run> {
  const access = await accessOf(db, principal, 'pipeline');
  const [row] = await selectRuns(db).where(
    and(eq(runs.id, id), eq(runs.accountId, principal.accountId)),
  );
  const [pipeline] = row
    ? await db
        .select({ tags: pipelines.tags })
        .from(pipelines)
        .where(eq(pipelines.id, row.run.pipelineId))
    : [];
  try {
    readableOr404(pipeline, access, 'pipeline');
  } catch {
    throw noSuchRun();
  }
  return fromJoined(row!);
}

function noSuchRun() {
  return new HttpProblem(404, 'There is no such run, or you may not see its pipeline.');
}

type PipelineRow = typeof pipelines.$inferSelect;

function labelOf(pipeline: { project: string; name: string }): string {
  return `pipeline ${pipeline.project}/${pipeline.name}`;
}

async function personName(db: Db, principal: Principal): Promise<string> {
  const [person] = await db
    .select({ name: users.name })
    .from(users)
    .where(and(eq(users.id, principal.userId), eq(users.accountId, principal.accountId)));
  return person?.name ?? 'someone';
}

async function runAnswer(db: Db, id: string): Promise<Run> {
  const [row] = await selectRuns(db).where(eq(runs.id, id));
  return fromJoined(row!);
}

/**
 * Whether `pipeline` may run now for `actor`, and the steps its run starts with (P-4.2, P-4.3,
 * P-6.5, P-2): the same answer for the Run button and for a git trigger's webhook. In `tx`, it
 * waits for a switch or restriction being changed right now and holds them until commit (rows
 * locked for share). An inline definition may deploy only to clusters the actor may read (the
 * person who starts the run; for a webhook, the person who last changed the trigger).
 *
 * Steps: an inline definition's, read here; none for git and url, whose definition only the
 * runner can reach (behind the firewall) — it reports the steps it loads.
 */
export async function planRun(
  tx: Db,
  pipeline: PipelineRow,
  actor: RunActor,
): Promise<{ steps: PlannedStep[] } | { refused: { code: ProblemCode; reason: string } }> {
  await tx
    .select({ id: accounts.id })
    .from(accounts)
    .where(eq(accounts.id, pipeline.accountId))
    .for('share');
  if (pipeline.gitProviderId) {
    await tx
      .select({ id: gitProviders.id })
      .from(gitProviders)
      .where(eq(gitProviders.id, pipeline.gitProviderId))
      .for('share');
  }
  const { switches, providers } = await runnabilityOfRows(tx, pipeline.accountId, [pipeline]);
  const runnable = runnabilityOf(pipeline, switches, providers);
  if (!runnable.allowed) {
    return {
      refused: {
        code: runnable.code ?? 'not-runnable',
        reason: runnable.reason ?? 'This pipeline may not run now.',
      },
    };
  }
  if (pipeline.sourceType !== 'inline') return { steps: [] };
  const cluster = await clusterRefusal(tx, pipeline, actor);
  if (cluster) return { refused: cluster };
  const definition = stepsOfDefinition(pipeline.inlineYaml ?? '');
  return definition.ok
    ? { steps: definition.steps }
    : { refused: { code: 'definition-invalid', reason: definition.reason } };
}

/**
 * `POST /api/pipelines/:id/runs` (P-6.5). In order: 404 when the caller may not read the
 * pipeline; 403 without run; 403 without debug for a debug run; 409 when its source may not run
 * now (turned off, provider gone, restrictions refuse it: checked in the transaction, with the
 * account's and the provider's rows locked, so a switch turned off a moment ago refuses); 409
 * `cluster-not-allowed` when an inline definition deploys to a cluster the caller may not read
 * (or that does not exist); 409 when an inline definition has no steps to run. The run is for any runner of the account.
 */
export async function createRun(
  deps: Deps,
  principal: Principal,
  pipelineId: string,
  input: CreateRunRequest,
): Promise<Run> {
  const { db, clock } = deps;
  const access = await accessOf(db, principal, 'pipeline');
  const runId = await db.transaction(async (tx) => {
    const [found] = await tx
      .select()
      .from(pipelines)
      .where(and(eq(pipelines.id, pipelineId), eq(pipelines.accountId, principal.accountId)))
      .for('update');
    const pipeline = readableOr404(found, access, 'pipeline');
    const resource = { type: 'pipeline', tags: pipeline.tags } as const;
    requirePrivilege(access, resource, 'run', labelOf(pipeline));
    if (input.debug) requirePrivilege(access, resource, 'debug', labelOf(pipeline));

    const plan = await planRun(tx, pipeline, { kind: 'caller', person: principal });
    if ('refused' in plan) {
      throw new HttpProblem(409, plan.refused.reason, { code: plan.refused.code });
    }
    const run = await queueRun(tx, {
      accountId: principal.accountId,
      pipelineId: pipeline.id,
      trigger: {
        kind: 'manual',
        userId: principal.userId,
        userName: await personName(tx, principal),
      },
      runnerId: null,
      steps: plan.steps,
      debug: input.debug ?? false,
      at: clock.now(),
    });
    return run.id;
  });
  queueNotifier(deps).notify(principal.accountId);
  return runAnswer(db, runId);
}

/**
 * A run and its pipeline for an action that needs `privilege` on the pipeline: 404 when the run
 * does not exist or its pipeline cannot be read, 403 without the privilege. In a transaction,
 * the run's row is locked: two people deciding at once take turns.
 */
async function runFor(
  db: Db,
  principal: Principal,
  access: Access,
  id: string,
  privilege: Privilege | null,
  lock: boolean,
) {
  const query = db
    .select({ run: runs, pipeline: pipelines })
    .from(runs)
    .innerJoin(pipelines, eq(pipelines.id, runs.pipelineId))
    .where(and(eq(runs.id, id), eq(runs.accountId, principal.accountId)));
  const [found] = lock ? await query.for('update', { of: runs }) : await query;
  try {
    readableOr404(found?.pipeline, access, 'pipeline');
  } catch {
    throw noSuchRun();
  }
  const { run, pipeline } = found!;
  if (privilege) {
    requirePrivilege(
      access,
      { type: 'pipeline', tags: pipeline.tags },
      privilege,
      labelOf(pipeline),
    );
  }
  return { run, pipeline };
}

/** `GET /api/runs/:id/approvers`: who may approve or deny it; needs read on its pipeline. */
export async function runApprovers(
  { db }: Deps,
  principal: Principal,
  id: string,
): Promise<RunApprovers> {
  const access = await accessOf(db, principal, 'pipeline');
  const { pipeline } = await runFor(db, principal, access, id, null, false);
  return peopleHolding(
    db,
    principal.accountId,
    { type: 'pipeline', tags: pipeline.tags },
    'approve',
    RUN_APPROVERS_MAX,
  );
}

/**
 * `POST /api/runs/:id/approve` and `/deny` (P-6.5): needs approve on the run's pipeline; 409
 * `not-waiting` unless the run waits at a pending-approval step. Approving marks the step
 * succeeded and queues the run again for the runner that claimed it, which carries on from the
 * first pending step; denying fails the step, skips the rest and ends the run `denied`. Each
 * decision is kept on the run and written to the audit log in the same transaction.
 */
export async function decideRun(
  deps: Deps,
  principal: Principal,
  id: string,
  decision: RunDecision,
): Promise<Run> {
  const { db, clock } = deps;
  const access = await accessOf(db, principal, 'pipeline');
  await db.transaction(async (tx) => {
    const { run, pipeline } = await runFor(tx, principal, access, id, 'approve', true);
    const waiting = run.state === 'pending-approval' ? waitingStepIndex(run.steps) : -1;
    if (waiting < 0) {
      throw new HttpProblem(
        409,
        `Run #${run.number} is not waiting for approval: it is ${run.state}.`,
        { code: 'not-waiting' },
      );
    }
    const now = clock.now();
    const at = now.toISOString();
    const name = await personName(tx, principal);
    const approved = decision === 'approved';
    const stepName = run.steps[waiting]!.name;
    const steps = run.steps.map((step, index): RunStep => {
      if (index === waiting) {
        return {
          ...step,
          state: approved ? 'succeeded' : 'failed',
          finishedAt: at,
          message: `${approved ? 'Approved' : 'Denied'} by ${name}`,
        };
      }
      if (!approved && index > waiting && step.state === 'pending') {
        return { ...step, state: 'skipped' };
      }
      return step;
    });
    const state = approved ? 'queued' : 'denied';
    await tx
      .update(runs)
      .set({
        state,
        steps,
        decisions: [
          ...run.decisions,
          { step: stepName, decision, by: { id: principal.userId, name }, at },
        ],
        // Approved: back in the queue for the runner that had it (no lease yet, decisions.md).
        ...(approved ? { runnerId: run.claimedByRunnerId ?? run.runnerId } : { finishedAt: now }),
      })
      .where(eq(runs.id, run.id));
    if (approved) await announceQueued(tx, principal.accountId);
    await recordAudit(tx, principal, {
      at: now,
      action: approved ? 'run.approved' : 'run.denied',
      target: {
        type: 'run',
        id: run.id,
        name: `${pipeline.project}/${pipeline.name} #${run.number}`,
      },
      before: { state: run.state, step: stepName },
      after: { state, step: stepName, decision },
    });
  });
  if (decision === 'approved') queueNotifier(deps).notify(principal.accountId);
  return runAnswer(db, id);
}
