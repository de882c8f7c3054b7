import { createHash } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { stringify } from 'yaml';
import type { Privilege } from '../../../contract/access';
import {
  POLICY_DOCUMENT_VERSION,
  POLICY_SCHEMA_PATH,
  type PolicyDocument,
  type PolicyRestriction,
  type PolicyRule,
  type PolicyTeam,
} from '../../../contract/policy';
import type { RepositoryRestriction } from '../../../contract/restrictions';
import type { EngineRule } from '../../../domain/access/engine';
import { PRIVILEGES } from '../../../domain/access/rules';
import type { Db } from '../../db/client';
import {
  accounts,
  clusters,
  gitProviders,
  pipelines,
  ssoGroupMappings,
  ssoProviders,
  teamMembers,
  teams,
  users,
} from '../../db/schema';
import { HttpProblem } from '../../lib/problem';
import { rulesWhere } from '../access/access.service';

/**
 * Everything the policy document is made of, as stored: read once for an export, and once
 * (inside the transaction, the account row locked) for a plan or an apply.
 */
export interface PolicyState {
  account: {
    id: string;
    name: string;
    idleTimeoutMinutes: number;
    invitationDomains: string[];
    pipelineSources: { inline: boolean; git: boolean; url: boolean };
  };
  people: { id: string; name: string; email: string; level: 'user' | 'administrator' }[];
  teams: { id: string; name: string; builtIn: 'users' | 'admins' | null }[];
  /** Stored memberships by team id (the built-in teams have none stored). */
  members: Map<string, Set<string>>;
  ssoProviders: { id: string; name: string }[];
  mappings: { providerId: string; group: string; teamId: string }[];
  rules: EngineRule[];
  clusters: { id: string; name: string; tags: string[] }[];
  pipelines: { id: string; project: string; name: string; tags: string[] }[];
  gitProviders: {
    id: string;
    name: string;
    repositories: RepositoryRestriction | null;
    branches: string | null;
    paths: string | null;
  }[];
}

/** Reads the account's policy. `lock`: inside a transaction, locks the account row first. */
export async function loadPolicyState(
  db: Db,
  accountId: string,
  lock = false,
): Promise<PolicyState> {
  const accountQuery = db
    .select({
      id: accounts.id,
      name: accounts.name,
      idleTimeoutMinutes: accounts.idleTimeoutMinutes,
      invitationDomains: accounts.invitationDomains,
      inline: accounts.inlineSourceEnabled,
      git: accounts.gitSourceEnabled,
      url: accounts.urlSourceEnabled,
    })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  const [account] = lock ? await accountQuery.for('update') : await accountQuery;
  if (!account) throw new HttpProblem(404, 'This account no longer exists.');
  const [
    people,
    teamRows,
    memberRows,
    providers,
    mappings,
    rules,
    clusterRows,
    pipelineRows,
    gitRows,
  ] = await Promise.all([
    db
      .select({ id: users.id, name: users.name, email: users.email, level: users.level })
      .from(users)
      .where(eq(users.accountId, accountId)),
    db
      .select({ id: teams.id, name: teams.name, builtIn: teams.builtIn })
      .from(teams)
      .where(eq(teams.accountId, accountId)),
    db
      .select({ teamId: teamMembers.teamId, userId: teamMembers.userId })
      .from(teamMembers)
      .where(eq(teamMembers.accountId, accountId)),
    db
      .select({ id: ssoProviders.id, name: ssoProviders.name })
      .from(ssoProviders)
      .where(eq(ssoProviders.accountId, accountId)),
    db
      .select({
        providerId: ssoGroupMappings.providerId,
        group: ssoGroupMappings.groupName,
        teamId: ssoGroupMappings.teamId,
      })
      .from(ssoGroupMappings)
      .innerJoin(ssoProviders, eq(ssoProviders.id, ssoGroupMappings.providerId))
      .where(eq(ssoProviders.accountId, accountId)),
    rulesWhere(db, accountId),
    db
      .select({ id: clusters.id, name: clusters.name, tags: clusters.tags })
      .from(clusters)
      .where(eq(clusters.accountId, accountId))
      .orderBy(asc(clusters.id)),
    db
      .select({
        id: pipelines.id,
        project: pipelines.project,
        name: pipelines.name,
        tags: pipelines.tags,
      })
      .from(pipelines)
      .where(eq(pipelines.accountId, accountId))
      .orderBy(asc(pipelines.id)),
    db
      .select({
        id: gitProviders.id,
        name: gitProviders.name,
        repositories: gitProviders.restrictRepositories,
        branches: gitProviders.restrictBranches,
        paths: gitProviders.restrictPaths,
      })
      .from(gitProviders)
      .where(eq(gitProviders.accountId, accountId)),
  ]);
  const members = new Map<string, Set<string>>();
  for (const { teamId, userId } of memberRows) {
    const set = members.get(teamId) ?? new Set<string>();
    set.add(userId);
    members.set(teamId, set);
  }
  return {
    account: {
      id: account.id,
      name: account.name,
      idleTimeoutMinutes: account.idleTimeoutMinutes,
      invitationDomains: account.invitationDomains,
      pipelineSources: { inline: account.inline, git: account.git, url: account.url },
    },
    people,
    teams: teamRows,
    members,
    ssoProviders: providers,
    mappings,
    rules,
    clusters: clusterRows,
    pipelines: pipelineRows,
    gitProviders: gitRows,
  };
}

/** Code-point order: the same on every machine and locale, so exports are byte-identical. */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const sortedTexts = (values: Iterable<string>) => [...new Set(values)].sort(byText);

export const sortedPrivileges = (privileges: readonly Privilege[]) =>
  PRIVILEGES.filter((privilege) => privileges.includes(privilege));

/** A rule as the document says it (lists possibly read-only, in any order). */
export type RuleLike = Omit<PolicyRule, 'privileges' | 'tags'> & {
  privileges: readonly Privilege[];
  tags: readonly string[];
};

/** A rule in its canonical form: privileges in the console's order, tags sorted. */
export function canonicalRule(rule: RuleLike): PolicyRule {
  return {
    team: rule.team,
    kind: rule.kind,
    privileges: sortedPrivileges(rule.privileges),
    tags: sortedTexts(rule.tags),
    match: rule.match,
  };
}

/** What tells two rules apart: the same key means the same rule. */
export function ruleKey(rule: RuleLike): string {
  const canonical = canonicalRule(rule);
  return JSON.stringify([
    canonical.kind,
    canonical.team,
    canonical.tags,
    canonical.privileges,
    canonical.match,
  ]);
}

export function compareRules(a: PolicyRule, b: PolicyRule): number {
  return byText(ruleKey(a), ruleKey(b));
}

/** A record with its keys in code-point order. */
export function sortedRecord<T>(entries: Iterable<[string, T]>): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => byText(a, b)));
}

export const pipelineKey = (pipeline: { project: string; name: string }) =>
  `${pipeline.project}/${pipeline.name}`;

export function canonicalRestriction(provider: {
  repositories: RepositoryRestriction | null;
  branches: string | null;
  paths: string | null;
}): PolicyRestriction {
  const repositories = provider.repositories;
  return {
    repositories: !repositories
      ? null
      : 'pattern' in repositories
        ? { pattern: repositories.pattern }
        : { names: sortedTexts(repositories.names) },
    branches: provider.branches,
    paths: provider.paths,
  };
}

/** The account's policy as the canonical document: sorted keys and lists, no ids, no secrets. */
export function exportPolicy(state: PolicyState): PolicyDocument {
  const emailOf = new Map(state.people.map((person) => [person.id, person.email]));
  const teamName = new Map(state.teams.map((team) => [team.id, team.name]));
  const providerName = new Map(state.ssoProviders.map((p) => [p.id, p.name]));
  const ssoOf = new Map<string, Map<string, string[]>>();
  for (const mapping of state.mappings) {
    const byProvider = ssoOf.get(mapping.teamId) ?? new Map<string, string[]>();
    const provider = providerName.get(mapping.providerId)!;
    byProvider.set(provider, [...(byProvider.get(provider) ?? []), mapping.group]);
    ssoOf.set(mapping.teamId, byProvider);
  }
  const teamsOut: PolicyTeam[] = [...state.teams]
    .sort((a, b) => byText(a.name, b.name))
    .map((team) => {
      const sso = ssoOf.get(team.id);
      const entry: PolicyTeam = { name: team.name };
      if (team.builtIn === null && !sso) {
        entry.members = sortedTexts(
          [...(state.members.get(team.id) ?? [])].flatMap((id) => emailOf.get(id) ?? []),
        );
      }
      if (sso) {
        entry.sso = [...sso]
          .sort(([a], [b]) => byText(a, b))
          .map(([provider, groups]) => ({ provider, groups: sortedTexts(groups) }));
      }
      return entry;
    });
  const rulesOut = state.rules
    .map((rule) =>
      canonicalRule({
        team: teamName.get(rule.teamId) ?? rule.teamName,
        kind: rule.resourceType,
        privileges: rule.privileges,
        tags: rule.tags,
        match: rule.tagMatch,
      }),
    )
    .sort(compareRules);
  return {
    version: POLICY_DOCUMENT_VERSION,
    settings: {
      idleTimeoutMinutes: state.account.idleTimeoutMinutes,
      invitationDomains: sortedTexts(state.account.invitationDomains),
      pipelineSources: {
        inline: state.account.pipelineSources.inline,
        git: state.account.pipelineSources.git,
        url: state.account.pipelineSources.url,
      },
    },
    teams: teamsOut,
    rules: rulesOut,
    tags: {
      clusters: sortedRecord(
        state.clusters
          .filter((cluster) => cluster.tags.length > 0)
          .map((cluster) => [cluster.name, sortedTexts(cluster.tags)]),
      ),
      pipelines: sortedRecord(
        state.pipelines
          .filter((pipeline) => pipeline.tags.length > 0)
          .map((pipeline) => [pipelineKey(pipeline), sortedTexts(pipeline.tags)]),
      ),
    },
    restrictions: sortedRecord(
      state.gitProviders
        .filter((p) => p.repositories !== null || p.branches !== null || p.paths !== null)
        .map((provider) => [provider.name, canonicalRestriction(provider)]),
    ),
  };
}

/** The policy's version: a digest of its canonical document, as an `ETag` value. */
export function policyVersion(document: PolicyDocument): string {
  const digest = createHash('sha256').update(JSON.stringify(document)).digest('base64url');
  return `"${digest.slice(0, 27)}"`;
}

/** Whether an `If-Match` value names this version (`W/` too: compression marks ETags weak). */
export function sameVersion(ifMatch: string, version: string): boolean {
  return ifMatch.trim().replace(/^W\//, '') === version;
}

/** The document as YAML, with the `$schema` comment editors read first. */
export function policyYaml(document: PolicyDocument, baseUrl: string): string {
  const body = stringify(document, { lineWidth: 0, aliasDuplicateObjects: false });
  return `# yaml-language-server: $schema=${baseUrl}${POLICY_SCHEMA_PATH}\n${body}`;
}
