import { count, eq } from 'drizzle-orm';
import type {
  PipelineSources,
  PipelineSourceType,
  UpdatePipelineSourcesRequest,
} from '../../../contract/pipeline-sources';
import type { Db } from '../../db/client';
import { accounts, pipelines, users } from '../../db/schema';
import type { Deps, Principal } from '../../lib/context';
import { HttpProblem } from '../../lib/problem';
import { recordAudit } from '../audit/audit.service';

/** How many pipelines of the account take their definition from each source. */
async function usageOf(db: Db, accountId: string): Promise<PipelineSources['usage']> {
  const rows = await db
    .select({ type: pipelines.sourceType, value: count() })
    .from(pipelines)
    .where(eq(pipelines.accountId, accountId))
    .groupBy(pipelines.sourceType);
  const usage: Record<PipelineSourceType, number> = { inline: 0, git: 0, url: 0 };
  for (const row of rows) usage[row.type] = row.value;
  return usage;
}

/** `GET /api/settings/pipeline-sources`: the switches (P-4.2), what uses each, who set them. */
export async function getPipelineSources(
  { db }: Deps,
  accountId: string,
): Promise<PipelineSources> {
  const [row] = await db
    .select({
      inline: accounts.inlineSourceEnabled,
      git: accounts.gitSourceEnabled,
      url: accounts.urlSourceEnabled,
      updatedAt: accounts.pipelineSourcesUpdatedAt,
      updatedById: users.id,
      updatedByName: users.name,
    })
    .from(accounts)
    .leftJoin(users, eq(users.id, accounts.pipelineSourcesUpdatedBy))
    .where(eq(accounts.id, accountId));
  if (!row) throw new HttpProblem(404, 'This account no longer exists.');
  return {
    inline: row.inline,
    git: row.git,
    url: row.url,
    usage: await usageOf(db, accountId),
    updatedAt: row.updatedAt?.toISOString() ?? null,
    updatedBy:
      row.updatedById && row.updatedByName
        ? { id: row.updatedById, name: row.updatedByName }
        : null,
  };
}

/**
 * `PUT /api/settings/pipeline-sources`. A switch turned off stops its pipelines from running at
 * once (their `runnable` is worked out on every read); nothing about them is changed or lost.
 * Saving the switches as they are changes nothing (not even who set them last).
 */
export async function updatePipelineSources(
  deps: Deps,
  principal: Principal,
  change: UpdatePipelineSourcesRequest,
): Promise<PipelineSources> {
  const { accountId } = principal;
  await deps.db.transaction(async (tx) => {
    const [current] = await tx
      .select({
        name: accounts.name,
        inline: accounts.inlineSourceEnabled,
        git: accounts.gitSourceEnabled,
        url: accounts.urlSourceEnabled,
      })
      .from(accounts)
      .where(eq(accounts.id, accountId))
      .for('update');
    if (!current) throw new HttpProblem(404, 'This account no longer exists.');
    const before = { inline: current.inline, git: current.git, url: current.url };
    const after = { inline: change.inline, git: change.git, url: change.url };
    if (before.inline === after.inline && before.git === after.git && before.url === after.url) {
      return;
    }
    const now = deps.clock.now();
    await tx
      .update(accounts)
      .set({
        inlineSourceEnabled: after.inline,
        gitSourceEnabled: after.git,
        urlSourceEnabled: after.url,
        pipelineSourcesUpdatedAt: now,
        pipelineSourcesUpdatedBy: principal.userId,
      })
      .where(eq(accounts.id, accountId));
    await recordAudit(tx, principal, {
      at: now,
      action: 'settings.pipeline-sources.updated',
      target: { type: 'account', id: accountId, name: current.name },
      before,
      after,
    });
  });
  return getPipelineSources(deps, accountId);
}
