import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  POLICY_SECTIONS,
  type PolicyApplyResult,
  type PolicyDocument,
  type PolicyPlan,
} from '../../../contract/policy';
import type { Db } from '../../db/client';
import {
  accessRules,
  accounts,
  clusters,
  gitProviders,
  pipelines,
  ssoGroupMappings,
  teamMembers,
  teams,
} from '../../db/schema';
import type { Deps, Principal } from '../../lib/context';
import { HttpProblem } from '../../lib/problem';
import { recordAudit } from '../audit/audit.service';
import { analyzePolicy, type Target } from './policy-plan';
import {
  canonicalRestriction,
  exportPolicy,
  loadPolicyState,
  policyVersion,
  ruleKey,
  sameVersion,
  sortedTexts,
  type PolicyState,
} from './policy-state';

/** Appends to the list under `key` (pushing, not copying: groups reach thousands). */
function pushTo<T>(map: Map<string, T[]>, key: string, value: T) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * A seam for the atomicity test: called after each step of an apply, inside its transaction.
 * A test makes it throw halfway and checks that nothing was applied.
 */
export const policyApplyHooks = {
  afterStep(_step: string): void {},
};

/** `GET /api/policy`: the canonical document and its version. */
export async function getPolicy(
  { db }: Deps,
  accountId: string,
): Promise<{ document: PolicyDocument; version: string }> {
  const document = exportPolicy(await loadPolicyState(db, accountId));
  return { document, version: policyVersion(document) };
}

/** `POST /api/policy/import?dryRun=true`: the plan; nothing is saved. */
export async function planPolicy(
  { db, env }: Deps,
  accountId: string,
  text: string,
): Promise<PolicyPlan> {
  const state = await loadPolicyState(db, accountId);
  const version = policyVersion(exportPolicy(state));
  return analyzePolicy(state, text, { plan: env.PERIMETER_PLAN, version }).plan;
}

function countsOf(plan: PolicyPlan) {
  return Object.fromEntries(
    POLICY_SECTIONS.map((section) => [
      section,
      {
        added: plan.sections[section].added.length,
        changed: plan.sections[section].changed.length,
        removed: plan.sections[section].removed.length,
      },
    ]),
  );
}

/**
 * `POST /api/policy/import`: applies the document in one transaction, or nothing. The account
 * row is locked first, so two imports (or an import and another change of the policy through
 * it) never interleave, and the version is checked against what is stored under the lock.
 */
export async function applyPolicy(
  deps: Deps,
  principal: Principal,
  text: string,
  ifMatch: string | undefined,
): Promise<PolicyApplyResult> {
  if (ifMatch === undefined || ifMatch.trim() === '' || ifMatch.trim() === '*') {
    throw new HttpProblem(
      428,
      'Send If-Match with the ETag of the policy this document was planned against (GET /api/policy or the plan’s version), not *.',
      { code: 'if-match-required' },
    );
  }
  const { accountId } = principal;
  return deps.db.transaction(async (tx) => {
    const state = await loadPolicyState(tx, accountId, true);
    const version = policyVersion(exportPolicy(state));
    if (!sameVersion(ifMatch, version)) {
      throw new HttpProblem(
        412,
        'The policy changed since this document was planned: export it or plan again, review the plan, and apply with its version.',
        { code: 'stale-version', headers: { ETag: version } },
      );
    }
    const { plan, target } = analyzePolicy(state, text, {
      plan: deps.env.PERIMETER_PLAN,
      version,
    });
    if (plan.problems.length > 0 || !target) {
      throw new HttpProblem(
        422,
        plan.problems.length === 1
          ? plan.problems[0]!.message
          : `The policy document has ${plan.problems.length} problems; nothing was applied.`,
        { code: 'policy-invalid', problems: plan.problems },
      );
    }
    const now = deps.clock.now();
    await applyTarget(tx, principal, state, target, now);
    const after = await loadPolicyState(tx, accountId);
    const newVersion = policyVersion(exportPolicy(after));
    await recordAudit(tx, principal, {
      at: now,
      action: 'policy.imported',
      target: { type: 'account', id: accountId, name: state.account.name },
      before: { version },
      after: { version: newVersion, changes: countsOf(plan) },
    });
    policyApplyHooks.afterStep('audit');
    return { applied: true as const, version: newVersion, plan };
  });
}

async function applyTarget(
  tx: Db,
  principal: Principal,
  state: PolicyState,
  target: Target,
  now: Date,
) {
  const { accountId } = principal;
  const step = (name: string) => policyApplyHooks.afterStep(name);

  // Settings.
  const account = state.account;
  const settings = target.settings;
  const sources = settings.pipelineSources;
  const sourcesChanged = (['inline', 'git', 'url'] as const).some(
    (source) => account.pipelineSources[source] !== sources[source],
  );
  const idleChanged = account.idleTimeoutMinutes !== settings.idleTimeoutMinutes;
  const domainsChanged =
    sortedTexts(account.invitationDomains).join(',') !== settings.invitationDomains.join(',');
  if (sourcesChanged || idleChanged || domainsChanged) {
    await tx
      .update(accounts)
      .set({
        ...(idleChanged
          ? {
              idleTimeoutMinutes: settings.idleTimeoutMinutes,
              idleTimeoutUpdatedAt: now,
              idleTimeoutUpdatedBy: principal.userId,
            }
          : {}),
        ...(domainsChanged ? { invitationDomains: settings.invitationDomains } : {}),
        ...(sourcesChanged
          ? {
              inlineSourceEnabled: sources.inline,
              gitSourceEnabled: sources.git,
              urlSourceEnabled: sources.url,
              pipelineSourcesUpdatedAt: now,
              pipelineSourcesUpdatedBy: principal.userId,
            }
          : {}),
      })
      .where(eq(accounts.id, accountId));
  }
  step('settings');

  // Teams: deleted (their rules, members and mappings go with them), created, members.
  const existing = new Map(state.teams.map((team) => [team.name, team]));
  const removed = state.teams.filter((team) => !target.teams.has(team.name) && !team.builtIn);
  if (removed.length > 0) {
    await tx.delete(teams).where(
      inArray(
        teams.id,
        removed.map((team) => team.id),
      ),
    );
  }
  const idOf = new Map(state.teams.map((team) => [team.name, team.id]));
  const created = [...target.teams.keys()].filter((name) => !existing.has(name));
  if (created.length > 0) {
    const rows = await tx
      .insert(teams)
      .values(created.map((name) => ({ accountId, name, createdAt: now })))
      .returning({ id: teams.id, name: teams.name });
    for (const row of rows) idOf.set(row.name, row.id);
  }
  for (const [name, team] of target.teams) {
    if (!team.members) continue;
    const before = existing.get(name);
    if (before?.builtIn) continue;
    const teamId = idOf.get(name)!;
    const stored = before ? (state.members.get(before.id) ?? new Set<string>()) : new Set<string>();
    const add = [...team.members].filter((id) => !stored.has(id));
    const drop = [...stored].filter((id) => !team.members!.has(id));
    if (drop.length > 0) {
      await tx
        .delete(teamMembers)
        .where(and(eq(teamMembers.teamId, teamId), inArray(teamMembers.userId, drop)));
    }
    if (add.length > 0) {
      await tx
        .insert(teamMembers)
        .values(add.map((userId) => ({ accountId, teamId, userId })))
        .onConflictDoNothing();
    }
  }
  step('teams');

  // SSO group mappings: each provider's list is what the teams of the document say.
  const mappingKey = (providerId: string, group: string, teamId: string) =>
    JSON.stringify([providerId, group, teamId]);
  const wanted = new Map<string, string[]>();
  for (const [name, team] of target.teams) {
    for (const [providerId, groups] of team.sso) {
      for (const group of groups) {
        const list = wanted.get(providerId) ?? [];
        list.push(mappingKey(providerId, group, idOf.get(name)!));
        wanted.set(providerId, list);
      }
    }
  }
  const removedIds = new Set(removed.map((team) => team.id));
  for (const provider of state.ssoProviders) {
    const before = sortedTexts(
      state.mappings
        .filter((m) => m.providerId === provider.id && !removedIds.has(m.teamId))
        .map((m) => mappingKey(m.providerId, m.group, m.teamId)),
    );
    const after = sortedTexts(wanted.get(provider.id) ?? []);
    if (before.join('\n') === after.join('\n')) continue;
    await tx.delete(ssoGroupMappings).where(eq(ssoGroupMappings.providerId, provider.id));
    if (after.length > 0) {
      await tx.insert(ssoGroupMappings).values(
        after.map((key) => {
          const [providerId, groupName, teamId] = JSON.parse(key) as [string, string, string];
          return { accountId, providerId, groupName, teamId };
        }),
      );
    }
  }
  step('sso');

  // Rules: those the document keeps keep their numbers; the rest are deleted or added.
  const teamName = new Map(state.teams.map((team) => [team.id, team.name]));
  const keyOf = (rule: PolicyState['rules'][number]) =>
    ruleKey({
      team: teamName.get(rule.teamId)!,
      kind: rule.resourceType,
      privileges: rule.privileges,
      tags: rule.tags,
      match: rule.tagMatch,
    });
  const wantedRules = new Set(target.rules.map(ruleKey));
  const keptRules = new Set(state.rules.map(keyOf));
  const dropRules = state.rules
    .filter((rule) => !wantedRules.has(keyOf(rule)) && !removedIds.has(rule.teamId))
    .map((rule) => rule.id);
  if (dropRules.length > 0) {
    await tx.delete(accessRules).where(inArray(accessRules.id, dropRules));
  }
  const newRules = target.rules.filter((rule) => !keptRules.has(ruleKey(rule)));
  if (newRules.length > 0) {
    const [numbered] = await tx
      .update(accounts)
      .set({ lastRuleNumber: sql`${accounts.lastRuleNumber} + ${newRules.length}` })
      .where(eq(accounts.id, accountId))
      .returning({ last: accounts.lastRuleNumber });
    const first = numbered!.last - newRules.length + 1;
    await tx.insert(accessRules).values(
      newRules.map((rule, index) => ({
        accountId,
        number: first + index,
        teamId: idOf.get(rule.team)!,
        resourceType: rule.kind,
        privileges: rule.privileges,
        tags: rule.tags,
        tagMatch: rule.match,
        createdAt: now,
        updatedAt: now,
      })),
    );
  }
  step('rules');

  // Tags: one statement per distinct tag list.
  const retag = async (
    table: typeof clusters | typeof pipelines,
    resources: { id: string; tags: string[] }[],
    after: Map<string, string[]>,
  ) => {
    const byTags = new Map<string, string[]>();
    for (const resource of resources) {
      const next = after.get(resource.id) ?? [];
      if (sortedTexts(resource.tags).join(',') === next.join(',')) continue;
      const key = JSON.stringify(next);
      pushTo(byTags, key, resource.id);
    }
    for (const [key, ids] of byTags) {
      const tags = JSON.parse(key) as string[];
      for (let start = 0; start < ids.length; start += 1000) {
        await tx
          .update(table)
          .set({ tags, version: sql`${table.version} + 1`, updatedAt: now })
          .where(
            and(eq(table.accountId, accountId), inArray(table.id, ids.slice(start, start + 1000))),
          );
      }
    }
  };
  await retag(clusters, state.clusters, target.clusterTags);
  step('clusterTags');
  await retag(pipelines, state.pipelines, target.pipelineTags);
  step('pipelineTags');

  // Restrictions.
  for (const provider of state.gitProviders) {
    const after = target.restrictions.get(provider.id) ?? {
      repositories: null,
      branches: null,
      paths: null,
    };
    const before = canonicalRestriction(provider);
    const same =
      JSON.stringify(before.repositories) === JSON.stringify(after.repositories) &&
      before.branches === after.branches &&
      before.paths === after.paths;
    if (same) continue;
    await tx
      .update(gitProviders)
      .set({
        restrictRepositories: after.repositories,
        restrictBranches: after.branches,
        restrictPaths: after.paths,
        restrictionsVersion: sql`${gitProviders.restrictionsVersion} + 1`,
        restrictionsUpdatedAt: now,
        restrictionsUpdatedBy: principal.userId,
      })
      .where(eq(gitProviders.id, provider.id));
  }
  step('restrictions');
}
