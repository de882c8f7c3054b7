import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { Run, RunPage } from '../../../contract/runs';
import type { Db } from '../../db/client';
import { pipelines, runners, runs } from '../../db/schema';
import type { Deps, Principal } from '../../lib/context';
import { HttpProblem } from '../../lib/problem';
import { offsetOf } from '../../lib/sql';
import { accessOf, readableOr404, type Access } from '../access/access.service';

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
