import { and, asc, count, desc, eq, ne, sql, TransactionRollbackError } from 'drizzle-orm';
import {
  createPipelineRequestSchema,
  type CreatePipelineRequest,
  type ParsedPipelineListQuery,
  type Pipeline,
  type PipelinePage,
  type UpdatePipelineRequest,
} from '../../../contract/pipelines';
import { normaliseTags } from '../../../domain/tags';
import { decide } from '../../../domain/access/engine';
import { checkTagChange, describeTagRefusal } from '../../../domain/access/tag-change';
import type { Db } from '../../db/client';
import { pipelines } from '../../db/schema';
import type { Deps, Principal } from '../../lib/context';
import { HttpProblem, invalidField } from '../../lib/problem';
import { offsetOf, parseSort } from '../../lib/sql';
import { assertRequiredVersion } from '../../lib/versions';
import {
  accessOf,
  callerAccess,
  pageFrom,
  readableOr404,
  changedTags,
  missingPrivilege,
  readableCondition,
  requirePrivilege,
  searchOf,
  tagFilterOf,
  type Access,
} from '../access/access.service';
import { recordAudit } from '../audit/audit.service';
import {
  assertClusterReferences,
  clusterNamesOf,
  readableClusterNames,
  withClusterAccess,
} from './cluster-references';
import { assertDefinitionFormat } from './definition-format';
import { getPipelineVersion, recordDefinitionVersion } from './definition-versions';
import {
  assertSourceAllowed,
  runnabilityOf,
  runnabilityOfRows,
  sourceColumns,
  sourceSnapshot,
  sourceView,
  type SourceSwitches,
} from './definition-sources';

type PipelineRow = typeof pipelines.$inferSelect;

/**
 * What answering pipelines needs beyond their rows: the switches, their git providers and, when
 * a definition deploys somewhere, the clusters the caller may read.
 */
interface SourceContext {
  switches: SourceSwitches;
  providers: Awaited<ReturnType<typeof runnabilityOfRows>>['providers'];
  readableClusters: ReadonlySet<string>;
}

/** The source context of these rows for the caller (one query each, only when needed). */
async function contextOf(
  db: Db,
  principal: Principal,
  rows: readonly PipelineRow[],
): Promise<SourceContext> {
  const [sources, readableClusters] = await Promise.all([
    runnabilityOfRows(db, principal.accountId, rows),
    readableClusterNames(db, principal, clusterNamesOf(rows)),
  ]);
  return { ...sources, readableClusters: new Set(readableClusters) };
}

function toPipeline(
  row: PipelineRow,
  access: Access,
  context: SourceContext,
  withYaml = true,
): Pipeline {
  const provider = row.gitProviderId ? context.providers.get(row.gitProviderId) : undefined;
  return {
    id: row.id,
    name: row.name,
    project: row.project,
    tags: row.tags,
    source: sourceView(row, provider?.name ?? null, withYaml),
    runnable: withClusterAccess(
      runnabilityOf(row, context.switches, context.providers),
      row,
      context.readableClusters,
    ),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    ...callerAccess(access, { type: 'pipeline', tags: row.tags }),
  };
}

/** What the audit log records of a pipeline (its version is the API's concern, not the log's). */
const pipelineSnapshot = (row: PipelineRow) => ({
  project: row.project,
  name: row.name,
  tags: row.tags,
  source: sourceSnapshot(row),
});

/**
 * What an audit entry adds of the definition history (issue 20): the version a save created, and
 * the version a restore brought back. Nothing when the save made no version (the text did not
 * change), so that an update that changed nothing still writes no entry.
 */
function versionNote(definitionVersion: number | undefined, restoredFrom?: number) {
  if (definitionVersion === undefined) return {};
  return { definitionVersion, ...(restoredFrom === undefined ? {} : { restoredFrom }) };
}

/** One pipeline as answered: its source context read fresh. */
async function answer(db: Db, principal: Principal, row: PipelineRow, access: Access) {
  return toPipeline(row, access, await contextOf(db, principal, [row]));
}
const pipelineTarget = (row: PipelineRow) =>
  ({ type: 'pipeline', id: row.id, name: `${row.project}/${row.name}` }) as const;

function labelOf(row: { project: string; name: string }): string {
  return `pipeline ${row.project}/${row.name}`;
}

/** `GET /api/pipelines`: the pipelines the caller may read (P-2.9), filtered in the database. */
export async function listPipelines(
  { db }: Deps,
  principal: Principal,
  query: ParsedPipelineListQuery,
): Promise<PipelinePage> {
  const access = await accessOf(db, principal, 'pipeline');
  const where = and(
    eq(pipelines.accountId, principal.accountId),
    await readableCondition(db, principal.accountId, access, 'pipeline', pipelines),
    searchOf([pipelines.name, pipelines.project], pipelines.tags, query.q),
    tagFilterOf(pipelines.tags, query.tag),
    query.project ? sql`lower(${pipelines.project}) = lower(${query.project})` : undefined,
    query.source ? eq(pipelines.sourceType, query.source) : undefined,
  );
  const { field, descending } = parseSort(query.sort);
  const direction = descending ? desc : asc;
  const byName = direction(sql`lower(${pipelines.name})`);
  const byProject = direction(sql`lower(${pipelines.project})`);
  // Pipelines of the same name (in different projects) come in the order of their projects,
  // which the list shows; the id alone put them in an order no one could see a reason for.
  const order =
    field === 'updatedAt'
      ? [direction(pipelines.updatedAt), asc(pipelines.id)]
      : field === 'project'
        ? [byProject, byName, asc(pipelines.id)]
        : [byName, byProject, asc(pipelines.id)];
  const page = await pageFrom(
    db
      .select()
      .from(pipelines)
      .where(where)
      .orderBy(...order)
      .limit(query.pageSize)
      .offset(offsetOf(query)),
    db.select({ value: count() }).from(pipelines).where(where),
    query,
    (row) => row,
  );
  const context = await contextOf(db, principal, page.items);
  return { ...page, items: page.items.map((row) => toPipeline(row, access, context, false)) };
}

/** The pipeline, if it exists and the caller may read it; otherwise 404, whichever it is. */
async function readablePipeline(
  db: Db,
  principal: Principal,
  access: Access,
  id: string,
  forUpdate = false,
): Promise<PipelineRow> {
  const query = db
    .select()
    .from(pipelines)
    .where(and(eq(pipelines.id, id), eq(pipelines.accountId, principal.accountId)));
  const [row] = forUpdate ? await query.for('update') : await query;
  return readableOr404(row, access, 'pipeline');
}

export async function getPipeline(
  { db }: Deps,
  principal: Principal,
  id: string,
): Promise<Pipeline> {
  const access = await accessOf(db, principal, 'pipeline');
  return answer(db, principal, await readablePipeline(db, principal, access, id), access);
}

async function assertNameFree(
  db: Db,
  accountId: string,
  pipeline: { project: string; name: string },
  except?: string,
) {
  const [clash] = await db
    .select({ id: pipelines.id })
    .from(pipelines)
    .where(
      and(
        eq(pipelines.accountId, accountId),
        sql`lower(${pipelines.project}) = lower(${pipeline.project})`,
        sql`lower(${pipelines.name}) = lower(${pipeline.name})`,
        except ? ne(pipelines.id, except) : undefined,
      ),
    );
  if (clash) {
    throw invalidField(
      'name',
      `A pipeline named ${pipeline.name} already exists in project ${pipeline.project}.`,
    );
  }
}

/**
 * `POST /api/pipelines`: needs create through a rule that allows the new pipeline's tags (P-2.6).
 */
export async function createPipeline(
  { db, clock }: Deps,
  principal: Principal,
  input: CreatePipelineRequest,
): Promise<Pipeline> {
  const access = await accessOf(db, principal, 'pipeline');
  const tags = normaliseTags(input.tags ?? []);
  if (!decide(access.rules, access.subject, { type: 'pipeline', tags }, 'create').allowed) {
    throw missingPrivilege(
      'create',
      'pipelines',
      tags.length === 0
        ? 'You need the create privilege for pipelines without tags; no rule of your teams grants it.'
        : `You need the create privilege for pipelines tagged ${tags.join(', ')}; no create rule of your teams allows these tags.`,
    );
  }
  const source = createPipelineRequestSchema.shape.source.parse(input.source);
  const row = await db.transaction(async (tx) => {
    await assertNameFree(tx, principal.accountId, input);
    await assertSourceAllowed(tx, principal.accountId, source);
    assertDefinitionFormat(source);
    await assertClusterReferences(tx, principal, source);
    const now = clock.now();
    const [created] = await tx
      .insert(pipelines)
      .values({
        accountId: principal.accountId,
        name: input.name,
        project: input.project,
        tags,
        ...sourceColumns(source),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const definitionVersion = await recordDefinitionVersion(tx, created!, principal.userId, now);
    await recordAudit(tx, principal, {
      at: now,
      action: 'pipeline.created',
      target: pipelineTarget(created!),
      before: null,
      after: { ...pipelineSnapshot(created!), ...versionNote(definitionVersion) },
    });
    return created!;
  });
  return answer(db, principal, row, access);
}

/**
 * Issue 15: a person who is not an administrator changes a pipeline's tags only when that gives
 * them nothing they do not hold, and adds tags only within one of their create rules
 * (`server/domain/access/tag-change.ts`). Nothing is saved or audited when refused.
 */
function assertTagChangeAllowed(access: Access, current: PipelineRow, tags: readonly string[]) {
  const decision = checkTagChange(access.rules, access.subject, 'pipeline', current.tags, tags);
  if (decision.allowed) return;
  const label = `${current.project}/${current.name}`;
  throw new HttpProblem(403, describeTagRefusal(decision, current.tags, tags, label), {
    code: 'tag-escalation',
    ...(decision.kind === 'gain'
      ? { gained: decision.gained, rules: decision.through.map((rule) => rule.number) }
      : { rules: decision.createRules.map((rule) => rule.number) }),
  });
}

/**
 * `PATCH /api/pipelines/:id`: needs update (tags too, P-2.7) and the current version. A dry run
 * makes every check, writes included, and rolls them back: it can refuse nothing the real change
 * would not, nor allow anything it would refuse.
 */
export async function updatePipeline(
  { db, clock }: Deps,
  principal: Principal,
  id: string,
  change: UpdatePipelineRequest,
  ifMatch: string | undefined,
  { dryRun = false, restoredFrom }: { dryRun?: boolean; restoredFrom?: number } = {},
): Promise<Pipeline> {
  const access = await accessOf(db, principal, 'pipeline');
  let preview: PipelineRow | undefined;
  const write = db.transaction(async (tx) => {
    const current = await readablePipeline(tx, principal, access, id, true);
    requirePrivilege(access, { type: 'pipeline', tags: current.tags }, 'update', labelOf(current));
    assertRequiredVersion(ifMatch, current.version, labelOf(current));
    const tags = changedTags(current.tags, change);
    if (tags.join(',') !== current.tags.join(',')) assertTagChangeAllowed(access, current, tags);
    const next = { project: change.project ?? current.project, name: change.name ?? current.name };
    if (next.project !== current.project || next.name !== current.name) {
      await assertNameFree(tx, principal.accountId, next, id);
    }
    // A new source must be one the account allows now; an unchanged one is not judged again
    // (renaming a pipeline whose source was turned off is no way around the switch: it cannot run).
    if (change.source) {
      await assertSourceAllowed(tx, principal.accountId, change.source);
      assertDefinitionFormat(change.source);
      // Every cluster the saved text names must be one the saver may read, whoever wrote it.
      await assertClusterReferences(tx, principal, change.source);
    }
    const [updated] = await tx
      .update(pipelines)
      .set({
        ...next,
        tags,
        ...(change.source ? sourceColumns(change.source) : {}),
        version: current.version + 1,
        updatedAt: clock.now(),
      })
      .where(eq(pipelines.id, id))
      .returning();
    // Only a save that sets a definition can make a version (the text of one that does not is
    // the newest version's already).
    const definitionVersion = change.source
      ? await recordDefinitionVersion(tx, updated!, principal.userId, updated!.updatedAt)
      : undefined;
    await recordAudit(tx, principal, {
      at: updated!.updatedAt,
      action: 'pipeline.updated',
      target: pipelineTarget(updated!),
      before: pipelineSnapshot(current),
      after: { ...pipelineSnapshot(updated!), ...versionNote(definitionVersion, restoredFrom) },
    });
    if (dryRun) {
      preview = { ...updated!, version: current.version, updatedAt: current.updatedAt };
      tx.rollback();
    }
    return updated!;
  });
  const row = await write.catch((error: unknown) => {
    if (preview && error instanceof TransactionRollbackError) return preview;
    throw error;
  });
  return answer(db, principal, row, access);
}

/** `DELETE /api/pipelines/:id`: needs delete and the current version. */
export async function deletePipeline(
  { db, clock }: Deps,
  principal: Principal,
  id: string,
  ifMatch: string | undefined,
): Promise<void> {
  const access = await accessOf(db, principal, 'pipeline');
  await db.transaction(async (tx) => {
    const current = await readablePipeline(tx, principal, access, id, true);
    requirePrivilege(access, { type: 'pipeline', tags: current.tags }, 'delete', labelOf(current));
    assertRequiredVersion(ifMatch, current.version, labelOf(current));
    await tx.delete(pipelines).where(eq(pipelines.id, id));
    await recordAudit(tx, principal, {
      at: clock.now(),
      action: 'pipeline.deleted',
      target: pipelineTarget(current),
      before: pipelineSnapshot(current),
      after: null,
    });
  });
}

/**
 * `POST /api/pipelines/:id/versions/:n/restore`: saves version `n`'s text as the definition, as
 * an edit would (update, `If-Match`, the source switches, the clusters it names), so as a new
 * version, audited as `pipeline.updated` with `restoredFrom`.
 */
export async function restorePipelineVersion(
  deps: Deps,
  principal: Principal,
  id: string,
  n: number,
  ifMatch: string | undefined,
): Promise<Pipeline> {
  const version = await getPipelineVersion(deps, principal, id, n);
  return updatePipeline(
    deps,
    principal,
    id,
    { source: { type: 'inline', yaml: version.definition } },
    ifMatch,
    { restoredFrom: n },
  );
}
