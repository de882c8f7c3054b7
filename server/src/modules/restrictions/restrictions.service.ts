import { and, eq } from 'drizzle-orm';
import {
  RESTRICTION_IMPACT_LISTED,
  RESTRICTION_LABELS,
  type RestrictionImpact,
  type RestrictionSettings,
  type RestrictionTestResult,
  type Restrictions,
} from '../../../contract/restrictions';
import type { Db } from '../../db/client';
import { gitProviders, pipelines, users } from '../../db/schema';
import type { Deps, Principal } from '../../lib/context';
import { HttpProblem } from '../../lib/problem';
import { assertCurrentVersion } from '../../lib/versions';
import { recordAudit } from '../audit/audit.service';
import { gitProviderStore } from '../git-providers/git-providers.service';
import { checkRestrictions, restrictionsOf } from '../pipelines/definition-sources';

type GitProviderRow = typeof gitProviders.$inferSelect;

/** The provider of the account, or 404 (another account's is as unknown as a missing one). */
async function providerOf(db: Db, accountId: string, id: string, forUpdate = false) {
  const provider = await gitProviderStore.find(db, accountId, id, forUpdate);
  if (!provider) throw new HttpProblem(404, 'There is no such git provider.');
  return provider;
}

/** The account's pipelines defined in this provider: all of them, never a page. */
function definitionsIn(db: Db, provider: GitProviderRow) {
  return db
    .select({
      id: pipelines.id,
      project: pipelines.project,
      name: pipelines.name,
      repository: pipelines.gitRepository,
      branch: pipelines.gitBranch,
      path: pipelines.gitPath,
    })
    .from(pipelines)
    .where(
      and(
        eq(pipelines.accountId, provider.accountId),
        eq(pipelines.sourceType, 'git'),
        eq(pipelines.gitProviderId, provider.id),
      ),
    );
}

type DefinitionRow = Awaited<ReturnType<typeof definitionsIn>>[number];

const definitionOf = (row: DefinitionRow) => ({
  repository: row.repository ?? '',
  branch: row.branch ?? '',
  path: row.path ?? '',
});

/** The account's pipelines defined in this provider, and how many `restrictions` refuse. */
async function pipelinesUnder(
  db: Db,
  provider: GitProviderRow,
  restrictions: RestrictionSettings,
): Promise<Restrictions['pipelines']> {
  const rows = await definitionsIn(db, provider);
  const refused = rows.filter(
    (row) => !checkRestrictions(restrictions, definitionOf(row)).allowed,
  ).length;
  return { total: rows.length, refused };
}

async function answer(db: Db, provider: GitProviderRow): Promise<Restrictions> {
  const restrictions = restrictionsOf(provider);
  const [updatedBy] = provider.restrictionsUpdatedBy
    ? await db
        .select({ id: users.id, name: users.name })
        .from(users)
        .where(eq(users.id, provider.restrictionsUpdatedBy))
    : [];
  return {
    gitProviderId: provider.id,
    ...restrictions,
    pipelines: await pipelinesUnder(db, provider, restrictions),
    version: provider.restrictionsVersion,
    updatedAt: provider.restrictionsUpdatedAt?.toISOString() ?? null,
    updatedBy: updatedBy ?? null,
  };
}

/** `GET /api/git-providers/:id/restrictions` (P-4.3). */
export async function getRestrictions(
  { db }: Deps,
  principal: Principal,
  id: string,
): Promise<Restrictions> {
  return answer(db, await providerOf(db, principal.accountId, id));
}

/**
 * `PUT /api/git-providers/:id/restrictions`: all three at once, null allowing everything. Saving
 * them as they are changes nothing (not the version, not who set them last). Pipelines already
 * defined in the provider are not changed: those the new restrictions refuse cannot run.
 */
export async function updateRestrictions(
  deps: Deps,
  principal: Principal,
  id: string,
  change: RestrictionSettings,
  ifMatch: string | undefined,
): Promise<Restrictions> {
  const row = await deps.db.transaction(async (tx) => {
    const current = await providerOf(tx, principal.accountId, id, true);
    assertCurrentVersion(
      ifMatch,
      current.restrictionsVersion,
      `The restrictions of the git provider ${current.name}`,
    );
    const before = restrictionsOf(current);
    if (JSON.stringify(before) === JSON.stringify(change)) return current;
    const now = deps.clock.now();
    const [updated] = await tx
      .update(gitProviders)
      .set({
        restrictRepositories: change.repositories,
        restrictBranches: change.branches,
        restrictPaths: change.paths,
        restrictionsVersion: current.restrictionsVersion + 1,
        restrictionsUpdatedAt: now,
        restrictionsUpdatedBy: principal.userId,
      })
      .where(eq(gitProviders.id, id))
      .returning();
    await recordAudit(tx, principal, {
      at: now,
      action: 'git-provider.restrictions-updated',
      target: { type: 'git-provider', id, name: current.name },
      before,
      after: change,
    });
    return updated!;
  });
  return answer(deps.db, row);
}

/**
 * `POST /api/restrictions/test` (P-4.5): what each restriction of the provider says of one
 * definition; `restrictions`, when given, is tried instead of the saved ones.
 */
export async function testRestrictions(
  { db }: Deps,
  principal: Principal,
  input: {
    gitProviderId: string;
    repository: string;
    branch: string;
    path: string;
    restrictions?: RestrictionSettings | undefined;
  },
): Promise<RestrictionTestResult> {
  const provider = await providerOf(db, principal.accountId, input.gitProviderId);
  return checkRestrictions(input.restrictions ?? restrictionsOf(provider), input);
}

const byProjectAndName = new Intl.Collator('en', { sensitivity: 'base', numeric: true }).compare;

/**
 * `POST /api/git-providers/:id/restrictions/impact`: what saving `proposed` would do to the
 * pipelines defined in the provider, judged over every one of them (the patterns are RE2 and
 * globs, matched here as at run time, not in SQL). Nothing is saved.
 */
export async function restrictionsImpact(
  { db }: Deps,
  principal: Principal,
  id: string,
  proposed: RestrictionSettings,
): Promise<RestrictionImpact> {
  const provider = await providerOf(db, principal.accountId, id);
  const saved = restrictionsOf(provider);
  const rows = await definitionsIn(db, provider);
  const refused: RestrictionImpact['pipelines'] = [];
  let allowedAgain = 0;
  for (const row of rows) {
    const definition = definitionOf(row);
    const allowedNow = checkRestrictions(saved, definition).allowed;
    const result = checkRestrictions(proposed, definition);
    if (result.allowed) {
      if (!allowedNow) allowedAgain += 1;
      continue;
    }
    refused.push({
      id: row.id,
      project: row.project,
      name: row.name,
      ...definition,
      stops: allowedNow,
      refusedBy: result.checks
        .filter((check) => check.outcome === 'refused')
        .map((check) => `${RESTRICTION_LABELS[check.restriction]}: ${check.detail}`),
    });
  }
  refused.sort(
    (a, b) =>
      Number(b.stops) - Number(a.stops) ||
      byProjectAndName(a.project, b.project) ||
      byProjectAndName(a.name, b.name),
  );
  return {
    total: rows.length,
    refused: refused.length,
    stopped: refused.filter((pipeline) => pipeline.stops).length,
    allowedAgain,
    pipelines: refused.slice(0, RESTRICTION_IMPACT_LISTED),
  };
}
