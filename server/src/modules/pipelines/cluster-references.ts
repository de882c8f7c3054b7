/**
 * A definition's clusters are access decisions (P-2, P-6): an inline definition may deploy only
 * to clusters that the person who saves it may read, and its run only to clusters that the person
 * who starts it may read — for a webhook's run, the person who created or last changed the
 * trigger. Read is enough; update is not needed (docs/decisions.md, "Deploying needs access to
 * the cluster").
 *
 * A cluster that does not exist and one the person may not read are refused with the same
 * sentence, so that names one may not read cannot be probed (the 404 policy of P-2.9). Only
 * inline definitions can be judged: a git or url definition is behind the firewall, where only
 * the runner reads it.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { listed } from '../../../domain/access/rules';
import type { AccessLevel } from '../../../contract/me';
import {
  checkClusterReferences,
  clusterReferences,
  type ClusterReference,
} from '../../../domain/pipeline-references';
import type { PipelineSource, Runnability } from '../../../contract/pipeline-sources';
import { parseYamlSource } from '../../../domain/yaml-source';
import type { Db } from '../../db/client';
import { clusters, pipelines } from '../../db/schema';
import { sha256 } from '../../lib/crypto';
import { loadRules, readableCondition, teamIdsOf, type Access } from '../access/access.service';
import { DEFINITION_PROBLEMS_MAX, definitionInvalid } from './definition-format';

/** The person whose access to clusters decides: the one saving, running, or behind a trigger. */
export interface ClusterActor {
  accountId: string;
  userId: string;
  level: AccessLevel;
}

/** Who a run is for, as its refusal speaks of them. */
export type RunActor =
  | { kind: 'caller'; person: ClusterActor }
  /** A webhook's run: the trigger's person, or null once they are no longer in the account. */
  | { kind: 'trigger'; person: ClusterActor | null };

async function clusterAccessOf(db: Db, actor: ClusterActor): Promise<Access> {
  if (actor.level === 'administrator') {
    return { subject: { level: 'administrator', teamIds: new Set() }, rules: [] };
  }
  const teamIds = await teamIdsOf(db, actor.accountId, { id: actor.userId, level: actor.level });
  // Only their teams' rules decide what they may read (see accessOf).
  return {
    subject: { level: actor.level, teamIds },
    rules: await loadRules(db, actor.accountId, 'cluster', teamIds),
  };
}

/**
 * The names of the clusters `actor` may read, by name; every cluster for an administrator. With
 * `among`, only those of these names: a list or a run needs to know about the clusters its
 * definitions name, not about the thousands an account may have.
 */
export async function readableClusterNames(
  db: Db,
  actor: ClusterActor,
  among?: readonly string[],
): Promise<string[]> {
  if (among?.length === 0) return [];
  const access = await clusterAccessOf(db, actor);
  const rows = await db
    .select({ name: clusters.name })
    .from(clusters)
    .where(
      and(
        eq(clusters.accountId, actor.accountId),
        among ? inArray(clusters.name, [...among]) : undefined,
        await readableCondition(db, actor.accountId, access, 'cluster', clusters),
      ),
    )
    .orderBy(asc(sql`lower(${clusters.name})`), asc(clusters.name));
  return rows.map((row) => row.name);
}

/** The most definitions whose cluster references are kept; past it, the cache starts again. */
const REFERENCES_MAX = 500;
const referencesByDigest = new Map<string, readonly ClusterReference[]>();

/**
 * The clusters an inline definition names, kept by the text's digest: a list of pipelines
 * judges every row's clusters on each request, and the definitions seldom change.
 */
export function clustersOf(yaml: string): readonly ClusterReference[] {
  const key = sha256(yaml);
  let references = referencesByDigest.get(key);
  if (!references) {
    if (referencesByDigest.size >= REFERENCES_MAX) referencesByDigest.clear();
    references = clusterReferences(yaml);
    referencesByDigest.set(key, references);
  }
  return references;
}

/**
 * Refuses (422 `definition-invalid`, each problem on `source.yaml` with its line and column) an
 * inline source that names a cluster `actor` may not read, one that does not exist (the same
 * sentence), or a cluster given as `${{…}}`. Other sources are not judged: the server cannot
 * read them.
 */
export async function assertClusterReferences(
  db: Db,
  actor: ClusterActor,
  source: PipelineSource,
): Promise<void> {
  if (source.type !== 'inline') return;
  const parsed = parseYamlSource(source.yaml);
  if (clusterReferences(parsed).length === 0) return;
  const problems = checkClusterReferences(parsed, await readableClusterNames(db, actor));
  if (problems.length > 0) throw definitionInvalid(problems.slice(0, DEFINITION_PROBLEMS_MAX));
}

type PipelineRow = typeof pipelines.$inferSelect;

/** The clusters `row` deploys to; none for a git or url definition, which only runners read. */
function clustersOfRow(row: Pick<PipelineRow, 'sourceType' | 'inlineYaml'>) {
  return row.sourceType === 'inline' ? clustersOf(row.inlineYaml ?? '') : [];
}

/** The clusters the rows deploy to, by name: only these of the caller's clusters are needed. */
export function clusterNamesOf(
  rows: readonly Pick<PipelineRow, 'sourceType' | 'inlineYaml'>[],
): string[] {
  return [...new Set(rows.flatMap((row) => clustersOfRow(row).map((reference) => reference.name)))];
}

/**
 * Why a run of `row` may not deploy where it names, for `kind`'s person who may read `readable`;
 * null when it names no cluster they may not read.
 */
function refusalOf(
  row: Pick<PipelineRow, 'sourceType' | 'inlineYaml'>,
  readable: ReadonlySet<string> | null,
  kind: RunActor['kind'],
): { code: 'cluster-not-allowed'; reason: string } | null {
  const references = clustersOfRow(row);
  if (references.length === 0) return null;
  const refuse = (reason: string) => ({ code: 'cluster-not-allowed' as const, reason });
  const expression = references.find((reference) => reference.expression);
  if (expression) {
    return refuse(
      `The definition names its cluster as ${expression.name}, which is only known when the pipeline runs, where access to the cluster cannot be checked: name the cluster itself.`,
    );
  }
  if (readable === null) {
    return refuse(
      `The definition deploys to ${listed([...new Set(references.map((r) => r.name))], 'and')}, and the person who last changed this trigger is no longer in the account: someone who may read the cluster must save the trigger again.`,
    );
  }
  const refused = [...new Set(references.map((r) => r.name).filter((name) => !readable.has(name)))];
  if (refused.length === 0) return null;
  const whom =
    kind === 'caller' ? 'you may read' : 'the person who last changed this trigger may read';
  return refuse(
    `The definition deploys to ${listed(refused, 'and')}, which ${refused.length === 1 ? 'is' : 'are'} not among the clusters ${whom}.`,
  );
}

/**
 * The caller's `runnable` with the clusters taken into account: refused when the source itself
 * may run but the definition deploys to a cluster they may not read (or that does not exist).
 */
export function withClusterAccess(
  runnable: Runnability,
  row: Pick<PipelineRow, 'sourceType' | 'inlineYaml'>,
  readable: ReadonlySet<string>,
): Runnability {
  if (!runnable.allowed) return runnable;
  const refusal = refusalOf(row, readable, 'caller');
  return refusal ? { allowed: false, ...refusal } : runnable;
}

/**
 * Whether a run of `row` for `actor` may deploy where its definition says (in `db`, the run's
 * transaction): null when it may, else the 409's code and reason (a webhook: the 202's reason).
 */
export async function clusterRefusal(
  db: Db,
  row: Pick<PipelineRow, 'sourceType' | 'inlineYaml'>,
  actor: RunActor,
): Promise<{ code: 'cluster-not-allowed'; reason: string } | null> {
  const named = clusterNamesOf([row]);
  if (named.length === 0) return null;
  const readable = actor.person
    ? new Set(await readableClusterNames(db, actor.person, named))
    : null;
  return refusalOf(row, readable, actor.kind);
}
