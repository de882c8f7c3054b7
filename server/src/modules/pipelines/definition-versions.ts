/**
 * Pipeline definition history (issue 20): every saved inline definition is kept as a version,
 * numbered from 1 per pipeline. The save that sets the text writes the version in its own
 * transaction, while it holds the pipeline's row lock (`recordDefinitionVersion`), and only when
 * the text differs from the newest version's; `(pipeline_id, n)` is the table's key, so two saves
 * can never both write the same number. Reading the history needs read on the pipeline (404
 * otherwise, as for the pipeline itself); restoring a version is an edit of the definition.
 */
import { and, count, desc, eq, sql } from 'drizzle-orm';
import type {
  PipelineVersion,
  PipelineVersionPage,
  PipelineVersionSummary,
} from '../../../contract/pipelines';
import type { Db } from '../../db/client';
import { pipelineDefinitionVersions, pipelines, users } from '../../db/schema';
import type { Deps, Principal } from '../../lib/context';
import { sha256 } from '../../lib/crypto';
import { HttpProblem } from '../../lib/problem';
import { offsetOf } from '../../lib/sql';
import { accessOf, pageFrom, readableOr404 } from '../access/access.service';
import { lineCountOf } from './definition-sources';

type PipelineRow = typeof pipelines.$inferSelect;

/**
 * Writes the pipeline's next definition version when its saved row holds an inline definition
 * other than the newest version's. Call it in the save's transaction, after the write (the row
 * is locked by then: an update locks it, an insert is not seen by anyone else yet). Answers the
 * number written, or undefined when the text did not change (or the source is not inline).
 */
export async function recordDefinitionVersion(
  tx: Db,
  row: Pick<PipelineRow, 'id' | 'sourceType' | 'inlineYaml'>,
  savedBy: string,
  savedAt: Date,
): Promise<number | undefined> {
  if (row.sourceType !== 'inline' || row.inlineYaml === null) return undefined;
  const definition = row.inlineYaml;
  const digest = sha256(definition);
  const [newest] = await tx
    .select({ n: pipelineDefinitionVersions.n, digest: pipelineDefinitionVersions.digest })
    .from(pipelineDefinitionVersions)
    .where(eq(pipelineDefinitionVersions.pipelineId, row.id))
    .orderBy(desc(pipelineDefinitionVersions.n))
    .limit(1);
  if (newest?.digest === digest) return undefined;
  const n = (newest?.n ?? 0) + 1;
  await tx.insert(pipelineDefinitionVersions).values({
    pipelineId: row.id,
    n,
    definition,
    digest,
    lines: lineCountOf(definition),
    savedBy,
    savedAt,
  });
  return n;
}

/**
 * Version 1 of every inline pipeline of the account that has none yet, in one statement (the
 * seeds insert pipelines in bulk; 20,000 of them must stay fast). The migration's backfill does
 * the same for the pipelines saved before history was kept.
 */
export async function recordFirstVersions(db: Db, accountId: string, savedBy: string | null) {
  await db.execute(sql`
    insert into pipeline_definition_versions (pipeline_id, n, definition, digest, lines, saved_by, saved_at)
    select p.id, 1, p.inline_yaml,
      encode(sha256(convert_to(p.inline_yaml, 'UTF8')), 'hex'),
      case when p.inline_yaml = '' then 0
        else length(regexp_replace(p.inline_yaml, E'\\n$', ''))
          - length(replace(regexp_replace(p.inline_yaml, E'\\n$', ''), E'\\n', '')) + 1 end,
      ${savedBy}::uuid, p.updated_at
    from pipelines p
    where p.account_id = ${accountId} and p.source_type = 'inline' and p.inline_yaml is not null
      and not exists (select 1 from pipeline_definition_versions v where v.pipeline_id = p.id)`);
}

const summaryColumns = {
  n: pipelineDefinitionVersions.n,
  lines: pipelineDefinitionVersions.lines,
  digest: pipelineDefinitionVersions.digest,
  savedAt: pipelineDefinitionVersions.savedAt,
  whoId: users.id,
  whoName: users.name,
  whoEmail: users.email,
};

type SummaryRow = {
  n: number;
  lines: number;
  digest: string;
  savedAt: Date;
  whoId: string | null;
  whoName: string | null;
  whoEmail: string | null;
};

function toSummary(row: SummaryRow): PipelineVersionSummary {
  return {
    n: row.n,
    who:
      row.whoId && row.whoName !== null && row.whoEmail !== null
        ? { id: row.whoId, name: row.whoName, email: row.whoEmail }
        : null,
    when: row.savedAt.toISOString(),
    lines: row.lines,
    digest: row.digest,
  };
}

/** The pipeline, if it exists and the caller may read it; otherwise 404, whichever it is. */
async function readablePipelineId(db: Db, principal: Principal, id: string): Promise<string> {
  const access = await accessOf(db, principal, 'pipeline');
  const [row] = await db
    .select({ id: pipelines.id, tags: pipelines.tags })
    .from(pipelines)
    .where(and(eq(pipelines.id, id), eq(pipelines.accountId, principal.accountId)));
  return readableOr404(row, access, 'pipeline').id;
}

/** `GET /api/pipelines/:id/versions`: newest first; needs read on the pipeline. */
export async function listPipelineVersions(
  { db }: Deps,
  principal: Principal,
  id: string,
  query: { page: number; pageSize: number },
): Promise<PipelineVersionPage> {
  const pipelineId = await readablePipelineId(db, principal, id);
  const where = eq(pipelineDefinitionVersions.pipelineId, pipelineId);
  return pageFrom(
    db
      .select(summaryColumns)
      .from(pipelineDefinitionVersions)
      .leftJoin(users, eq(users.id, pipelineDefinitionVersions.savedBy))
      .where(where)
      .orderBy(desc(pipelineDefinitionVersions.n))
      .limit(query.pageSize)
      .offset(offsetOf(query)),
    db.select({ value: count() }).from(pipelineDefinitionVersions).where(where),
    query,
    toSummary,
  );
}

/** One version with its text; 404 for a number the pipeline has no version of. */
export async function getPipelineVersion(
  { db }: Deps,
  principal: Principal,
  id: string,
  n: number,
): Promise<PipelineVersion> {
  const pipelineId = await readablePipelineId(db, principal, id);
  const [row] = await db
    .select({ ...summaryColumns, definition: pipelineDefinitionVersions.definition })
    .from(pipelineDefinitionVersions)
    .leftJoin(users, eq(users.id, pipelineDefinitionVersions.savedBy))
    .where(
      and(
        eq(pipelineDefinitionVersions.pipelineId, pipelineId),
        eq(pipelineDefinitionVersions.n, n),
      ),
    );
  if (!row) {
    throw new HttpProblem(404, `This pipeline has no definition version ${n}.`);
  }
  return { ...toSummary(row), definition: row.definition };
}
