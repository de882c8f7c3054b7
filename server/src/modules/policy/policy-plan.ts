import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { z } from 'zod';
import type { Privilege, ResourceType } from '../../../contract/access';
import type { Plan } from '../../../contract/me';
import {
  POLICY_IMPACT_LINES_MAX,
  policyDocumentSchema,
  type ImpactLine,
  type PlanItem,
  type PlanSection,
  type PolicyDocument,
  type PolicyPlan,
  type PolicyProblem,
  type PolicyProblemCode,
  type PolicyRestriction,
  type PolicyRule,
  type PolicySection,
} from '../../../contract/policy';
import { updateRestrictionsRequestSchema } from '../../../contract/restrictions';
import { emailDomainSchema } from '../../../contract/settings';
import { teamCreationRefusal, teamNameSchema } from '../../../contract/teams';
import { MAX_RULE_TAGS } from '../../../contract/access';
import type { EngineRule, Subject } from '../../../domain/access/engine';
import { privilegesOn, ruleMatches } from '../../../domain/access/engine';
import { computeImpact, type PersonFacts } from '../../../domain/access/impact';
import { describeRule, ruleProblems } from '../../../domain/access/rules';
import { tagProblem } from '../../../domain/tags';
import { parseYamlSource, type YamlSource } from '../../../domain/yaml-source';
import {
  byText,
  canonicalRestriction,
  canonicalRule,
  pipelineKey,
  ruleKey,
  sortedTexts,
  type PolicyState,
} from './policy-state';

type Path = (string | number)[];

/** Appends to the list under `key` (pushing, not copying: groups reach thousands). */
function pushTo<T>(map: Map<string, T[]>, key: string, value: T) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The most problems of one kind listed; the last one says how many more there were. */
const PROBLEMS_PER_CODE_MAX = 200;

/** What the document asks for, resolved against the account (names to ids). */
export interface Target {
  settings: PolicyDocument['settings'];
  /** By team name. `members` undefined: left as they are (built-in, or following SSO groups). */
  teams: Map<string, { members?: Set<string>; sso: Map<string, string[]> }>;
  rules: PolicyRule[];
  clusterTags: Map<string, string[]>;
  pipelineTags: Map<string, string[]>;
  restrictions: Map<string, PolicyRestriction>;
}

export interface Analysis {
  plan: PolicyPlan;
  /** Present when the document could be read and resolved (it may still have problems). */
  target?: Target;
}

const emptySection = (): PlanSection => ({ added: [], changed: [], removed: [] });

function emptySections(): Record<PolicySection, PlanSection> {
  return {
    settings: emptySection(),
    teams: emptySection(),
    rules: emptySection(),
    clusterTags: emptySection(),
    pipelineTags: emptySection(),
    restrictions: emptySection(),
  };
}

/** Finds problems' places in the text sent: the node at a path, or its key. */
class Locator {
  constructor(private readonly source: YamlSource) {}

  at(path: Path, onKey = false): { line: number; column: number } {
    let node: unknown = this.source.document.contents;
    let found: unknown = node;
    for (const [index, segment] of path.entries()) {
      const last = index === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find(
          (item) => isScalar(item.key) && String(item.key.value) === String(segment),
        );
        if (!pair) break;
        node = last && onKey ? pair.key : (pair.value ?? pair.key);
        found = node;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment];
        if (!item) break;
        node = item;
        found = node;
      } else break;
    }
    const range = this.source.rangeOf(found as Node);
    return range ? { line: range.line, column: range.column } : { line: 1, column: 1 };
  }
}

class Problems {
  readonly list: PolicyProblem[] = [];
  private readonly counts = new Map<PolicyProblemCode, number>();
  constructor(private readonly locator: Locator) {}

  add(code: PolicyProblemCode, message: string, path: Path, onKey = false) {
    const count = (this.counts.get(code) ?? 0) + 1;
    this.counts.set(code, count);
    if (count > PROBLEMS_PER_CODE_MAX) return;
    this.list.push({ code, message, path, ...this.locator.at(path, onKey) });
  }

  /** Says how many of a kind were left out of the list. */
  finish(): PolicyProblem[] {
    for (const [code, count] of this.counts) {
      if (count <= PROBLEMS_PER_CODE_MAX) continue;
      const last = this.list.findLast((problem) => problem.code === code)!;
      last.message += ` (${(count - PROBLEMS_PER_CODE_MAX).toLocaleString('en')} more problems like this are not listed.)`;
    }
    return this.list;
  }
}

function zodProblems(error: z.ZodError, problems: Problems, prefix: Path, code: PolicyProblemCode) {
  for (const issue of error.issues) {
    const path = [...prefix, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.add(
          code,
          `${key} is not part of the policy document here: remove it or check its spelling.`,
          [...path, key],
          true,
        );
      }
    } else problems.add(code, issue.message, path);
  }
}

const lower = (text: string) => text.toLowerCase();

function listed(items: readonly string[], max = 5): string {
  if (items.length === 0) return 'none';
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

const plural = (count: number, one: string, many = `${one}s`) =>
  `${count.toLocaleString('en')} ${count === 1 ? one : many}`;

export interface AnalyzeOptions {
  plan: Plan;
  version: string;
}

/**
 * Reads a policy document (YAML or JSON: JSON is YAML), checks it against the account, and
 * works out what applying it would change and who would gain or lose what. Pure over `state`.
 */
export function analyzePolicy(state: PolicyState, text: string, options: AnalyzeOptions): Analysis {
  const source = parseYamlSource(text);
  const locator = new Locator(source);
  const problems = new Problems(locator);
  const blank = (): Analysis => ({
    plan: {
      version: options.version,
      problems: problems.finish(),
      sections: emptySections(),
      impact: { gains: [], losses: [], truncated: false },
    },
  });
  for (const problem of source.syntaxProblems) {
    problems.list.push({
      code: 'invalid-document',
      message: problem.message,
      path: [],
      line: problem.line,
      column: problem.column,
    });
  }
  if (source.syntaxProblems.length > 0) return blank();
  const parsed = policyDocumentSchema.safeParse(source.document.toJS({ maxAliasCount: 100 }));
  if (!parsed.success) {
    zodProblems(parsed.error, problems, [], 'invalid-document');
    return blank();
  }
  const document = parsed.data;
  const target = resolve(state, document, problems, options.plan);
  const sections = sectionsOf(state, target);
  const impact = impactOf(state, target);
  escalations(state, target, document, problems);
  return {
    plan: { version: options.version, problems: problems.finish(), sections, impact },
    target,
  };
}

/* ------------------------------------------------------------------------------------------ */
/* Checking the names and resolving them                                                       */
/* ------------------------------------------------------------------------------------------ */

function resolve(
  state: PolicyState,
  document: PolicyDocument,
  problems: Problems,
  plan: Plan,
): Target {
  // Settings.
  const domains: string[] = [];
  document.settings.invitationDomains.forEach((domain, index) => {
    const result = emailDomainSchema.safeParse(domain);
    const path = ['settings', 'invitationDomains', index];
    if (!result.success) {
      problems.add('invalid-document', result.error.issues[0]!.message, path);
    } else if (domains.includes(result.data)) {
      problems.add('duplicate-name', `${result.data} is listed twice.`, path);
    } else domains.push(result.data);
  });

  // Teams.
  const personByEmail = new Map(state.people.map((person) => [lower(person.email), person]));
  const providerByName = new Map(state.ssoProviders.map((p) => [lower(p.name), p]));
  const existingTeams = new Map(state.teams.map((team) => [team.name, team]));
  const teams: Target['teams'] = new Map();
  const creationRefusal = teamCreationRefusal(plan);
  document.teams.forEach((team, index) => {
    const path: Path = ['teams', index];
    const nameCheck = teamNameSchema.safeParse(team.name);
    if (!nameCheck.success) {
      problems.add('invalid-document', nameCheck.error.issues[0]!.message, [...path, 'name']);
    }
    if (teams.has(team.name)) {
      problems.add('duplicate-name', `Team ${team.name} is listed twice.`, [...path, 'name']);
      return;
    }
    const existing = existingTeams.get(team.name);
    if (existing?.builtIn) {
      if (team.members !== undefined) {
        problems.add(
          'built-in-team',
          `The built-in team ${team.name} has no members listed here: they follow from the people of the account. Remove members.`,
          [...path, 'members'],
          true,
        );
      }
      if (team.sso !== undefined) {
        problems.add(
          'built-in-team',
          `The built-in team ${team.name} cannot follow SSO groups: its members follow from the people of the account.`,
          [...path, 'sso'],
          true,
        );
      }
      teams.set(team.name, { sso: new Map() });
      return;
    }
    if (!existing && creationRefusal) {
      problems.add('plan-required', creationRefusal, [...path, 'name']);
    }
    const sso = new Map<string, string[]>();
    team.sso?.forEach((entry, ssoIndex) => {
      const provider = providerByName.get(lower(entry.provider));
      const ssoPath = [...path, 'sso', ssoIndex, 'provider'];
      if (!provider) {
        problems.add(
          'unknown-provider',
          `There is no SSO provider named ${entry.provider} in this account.`,
          ssoPath,
        );
        return;
      }
      if (sso.has(provider.id)) {
        problems.add('duplicate-name', `${entry.provider} is listed twice for this team.`, ssoPath);
        return;
      }
      const groups = sortedTexts(entry.groups.map((group) => group.trim()));
      if (groups.some((group) => group.length === 0)) {
        problems.add('invalid-document', 'A group name cannot be empty.', [
          ...path,
          'sso',
          ssoIndex,
          'groups',
        ]);
      }
      sso.set(provider.id, groups);
    });
    let members: Set<string> | undefined;
    if (team.sso && team.sso.length > 0) {
      if (team.members !== undefined) {
        problems.add(
          'team-managed',
          `The members of team ${team.name} follow its SSO groups: remove members, or remove sso to manage them here.`,
          [...path, 'members'],
          true,
        );
      }
    } else {
      members = new Set();
      (team.members ?? []).forEach((email, memberIndex) => {
        const person = personByEmail.get(lower(email.trim()));
        const memberPath = [...path, 'members', memberIndex];
        if (!person) {
          problems.add(
            'unknown-person',
            `There is no person with the email address ${email} in this account: invite them first, or remove them from the team.`,
            memberPath,
          );
        } else if (members!.has(person.id)) {
          problems.add('duplicate-name', `${email} is listed twice.`, memberPath);
        } else members!.add(person.id);
      });
    }
    teams.set(team.name, { members, sso });
  });
  for (const team of state.teams) {
    if (team.builtIn && !teams.has(team.name)) {
      problems.add(
        'built-in-team',
        `The built-in team ${team.name} cannot be deleted: list it under teams (name: ${team.name}).`,
        ['teams'],
        true,
      );
      teams.set(team.name, { sso: new Map() });
    }
  }
  const perProvider = new Map<string, number>();
  for (const { sso } of teams.values()) {
    for (const [providerId, groups] of sso) {
      perProvider.set(providerId, (perProvider.get(providerId) ?? 0) + groups.length);
    }
  }
  for (const [providerId, count] of perProvider) {
    if (count > 200) {
      const name = state.ssoProviders.find((p) => p.id === providerId)!.name;
      problems.add(
        'invalid-document',
        `${name} maps ${count} groups; a provider maps at most 200.`,
        ['teams'],
        true,
      );
    }
  }

  // Rules.
  const rules: PolicyRule[] = [];
  const ruleKeys = new Set<string>();
  document.rules.forEach((rule, index) => {
    const path: Path = ['rules', index];
    let valid = true;
    if (!teams.has(rule.team)) {
      problems.add(
        'unknown-team',
        `There is no team ${rule.team} in this document: add it under teams, or name another team.`,
        [...path, 'team'],
      );
      valid = false;
    }
    if (rule.tags.length > MAX_RULE_TAGS) {
      problems.add('invalid-tag', `A rule names at most ${MAX_RULE_TAGS} tags.`, [...path, 'tags']);
      valid = false;
    }
    for (const problem of ruleProblems({ ...rule, resourceType: rule.kind })) {
      const [field] = problem.path;
      problems.add(field === 'tags' ? 'invalid-tag' : 'invalid-document', problem.message, [
        ...path,
        ...problem.path.map((p) => (p === 'resourceType' ? 'kind' : p)),
      ]);
      valid = false;
    }
    const key = ruleKey(rule);
    if (ruleKeys.has(key)) {
      problems.add('duplicate-name', 'This rule is listed twice.', path);
      return;
    }
    ruleKeys.add(key);
    if (valid) rules.push(canonicalRule(rule));
  });

  // Tags.
  const tagsOf = (
    section: 'clusters' | 'pipelines',
    known: Map<string, string>,
    what: string,
  ): Map<string, string[]> => {
    const result = new Map<string, string[]>();
    for (const [name, tags] of Object.entries(document.tags[section])) {
      const path: Path = ['tags', section, name];
      const id = known.get(lower(name));
      if (!id) {
        problems.add(
          'unknown-resource',
          `There is no ${what} named ${name} in this account.`,
          path,
          true,
        );
        continue;
      }
      if (result.has(id)) {
        problems.add('duplicate-name', `${name} is listed twice.`, path, true);
        continue;
      }
      const seen = new Set<string>();
      let valid = true;
      tags.forEach((tag, index) => {
        const problem = tagProblem(tag) ?? (seen.has(tag) ? `${tag} is listed twice.` : undefined);
        seen.add(tag);
        if (problem) {
          problems.add('invalid-tag', problem, [...path, index]);
          valid = false;
        }
      });
      if (valid) result.set(id, sortedTexts(tags));
    }
    return result;
  };
  const clusterTags = tagsOf(
    'clusters',
    new Map(state.clusters.map((cluster) => [lower(cluster.name), cluster.id])),
    'cluster',
  );
  const pipelineTags = tagsOf(
    'pipelines',
    new Map(state.pipelines.map((pipeline) => [lower(pipelineKey(pipeline)), pipeline.id])),
    'pipeline',
  );

  // Restrictions.
  const restrictions = new Map<string, PolicyRestriction>();
  const gitByName = new Map(state.gitProviders.map((p) => [lower(p.name), p]));
  for (const [name, restriction] of Object.entries(document.restrictions)) {
    const path: Path = ['restrictions', name];
    const provider = gitByName.get(lower(name));
    if (!provider) {
      problems.add(
        'unknown-provider',
        `There is no git provider named ${name} in this account.`,
        path,
        true,
      );
      continue;
    }
    if (restrictions.has(provider.id)) {
      problems.add('duplicate-name', `${name} is listed twice.`, path, true);
      continue;
    }
    const checked = updateRestrictionsRequestSchema.safeParse(restriction);
    if (!checked.success) {
      zodProblems(checked.error, problems, path, 'invalid-pattern');
      continue;
    }
    restrictions.set(provider.id, canonicalRestriction(checked.data));
  }

  return {
    settings: { ...document.settings, invitationDomains: sortedTexts(domains) },
    teams,
    rules,
    clusterTags,
    pipelineTags,
    restrictions,
  };
}

/* ------------------------------------------------------------------------------------------ */
/* The plan's sections                                                                          */
/* ------------------------------------------------------------------------------------------ */

const SOURCE_WORDS = {
  inline: 'Inline definitions',
  git: 'Definitions from git repositories',
  url: 'Definitions from public URLs',
} as const;

const tagWords = (tags: readonly string[]) => (tags.length ? tags.join(', ') : 'no tags');

function restrictionWords(restriction: PolicyRestriction): string {
  const repositories = restriction.repositories
    ? 'pattern' in restriction.repositories
      ? `repositories matching ${restriction.repositories.pattern}`
      : `repositories ${listed(restriction.repositories.names)}`
    : 'every repository';
  const branches = restriction.branches
    ? `branches matching ${restriction.branches}`
    : 'every branch';
  const paths = restriction.paths ? `paths matching ${restriction.paths}` : 'every path';
  return `${repositories}, ${branches}, ${paths}`;
}

const NO_RESTRICTION: PolicyRestriction = { repositories: null, branches: null, paths: null };
const isEmptyRestriction = (r: PolicyRestriction) =>
  r.repositories === null && r.branches === null && r.paths === null;

function sectionsOf(state: PolicyState, target: Target): Record<PolicySection, PlanSection> {
  const sections = emptySections();
  const emailOf = new Map(state.people.map((person) => [person.id, person.email]));

  // Settings.
  const settings = sections.settings.changed;
  const account = state.account;
  if (account.idleTimeoutMinutes !== target.settings.idleTimeoutMinutes) {
    settings.push({
      key: 'idleTimeoutMinutes',
      summary: `The idle timeout changes from ${account.idleTimeoutMinutes} to ${target.settings.idleTimeoutMinutes} minutes.`,
    });
  }
  const domainsBefore = sortedTexts(account.invitationDomains);
  if (domainsBefore.join(',') !== target.settings.invitationDomains.join(',')) {
    const after = target.settings.invitationDomains;
    settings.push({
      key: 'invitationDomains',
      summary: after.length
        ? `Invitations are limited to ${listed(after)} (before: ${domainsBefore.length ? listed(domainsBefore) : 'any domain'}).`
        : `Invitations may go to any domain (before: only ${listed(domainsBefore)}).`,
    });
  }
  for (const source of ['inline', 'git', 'url'] as const) {
    const after = target.settings.pipelineSources[source];
    if (account.pipelineSources[source] !== after) {
      settings.push({
        key: `pipelineSources.${source}`,
        summary: `${SOURCE_WORDS[source]} are turned ${after ? 'on' : 'off'}.`,
      });
    }
  }

  // Teams.
  const providerName = new Map(state.ssoProviders.map((p) => [p.id, p.name]));
  const ssoBefore = new Map<string, Map<string, string[]>>();
  for (const mapping of state.mappings) {
    const map = ssoBefore.get(mapping.teamId) ?? new Map<string, string[]>();
    map.set(
      mapping.providerId,
      sortedTexts([...(map.get(mapping.providerId) ?? []), mapping.group]),
    );
    ssoBefore.set(mapping.teamId, map);
  }
  const ssoWords = (sso: Map<string, string[]>) =>
    [...sso]
      .map(([id, groups]) => `${providerName.get(id)} groups ${groups.join(', ')}`)
      .join('; ');
  const sameSso = (a: Map<string, string[]>, b: Map<string, string[]>) =>
    a.size === b.size &&
    [...a].every(([id, groups]) => b.get(id)?.join('\n') === groups.join('\n'));
  const rulesOfTeam = (teamId: string) => state.rules.filter((r) => r.teamId === teamId).length;
  const existingTeams = new Map(state.teams.map((team) => [team.name, team]));
  for (const [name, team] of [...target.teams].sort(([a], [b]) => byText(a, b))) {
    const existing = existingTeams.get(name);
    if (!existing) {
      sections.teams.added.push({
        key: name,
        summary:
          team.sso.size > 0
            ? `Team ${name} is created; its members follow ${ssoWords(team.sso)}.`
            : `Team ${name} is created with ${plural(team.members?.size ?? 0, 'member')}.`,
      });
      continue;
    }
    if (existing.builtIn) continue;
    const parts: string[] = [];
    const before = state.members.get(existing.id) ?? new Set<string>();
    if (team.members) {
      const gained = [...team.members].filter((id) => !before.has(id));
      const lost = [...before].filter((id) => !team.members!.has(id));
      const emails = (ids: string[]) => listed(sortedTexts(ids.map((id) => emailOf.get(id)!)));
      if (gained.length) parts.push(`gains ${plural(gained.length, 'member')} (${emails(gained)})`);
      if (lost.length) parts.push(`loses ${plural(lost.length, 'member')} (${emails(lost)})`);
    }
    const ssoNow = ssoBefore.get(existing.id) ?? new Map<string, string[]>();
    if (!sameSso(ssoNow, team.sso)) {
      parts.push(
        team.sso.size > 0
          ? `its members follow ${ssoWords(team.sso)}`
          : 'its members no longer follow SSO groups',
      );
    }
    if (parts.length) {
      sections.teams.changed.push({ key: name, summary: `Team ${name} ${parts.join('; ')}.` });
    }
  }
  for (const team of state.teams) {
    if (target.teams.has(team.name)) continue;
    const members = state.members.get(team.id)?.size ?? 0;
    sections.teams.removed.push({
      key: team.name,
      summary: `Team ${team.name} is deleted, with its ${plural(rulesOfTeam(team.id), 'rule')} and ${plural(members, 'member')}.`,
    });
  }

  // Rules.
  const teamName = new Map(state.teams.map((team) => [team.id, team.name]));
  const beforeRules = new Map(
    state.rules.map((rule) => [
      ruleKey({
        team: teamName.get(rule.teamId)!,
        kind: rule.resourceType,
        privileges: rule.privileges,
        tags: rule.tags,
        match: rule.tagMatch,
      }),
      rule,
    ]),
  );
  const afterKeys = new Set(target.rules.map(ruleKey));
  const sentenceOf = (rule: PolicyRule) =>
    describeRule({
      teamName: rule.team,
      resourceType: rule.kind,
      privileges: rule.privileges,
      tags: rule.tags,
      tagMatch: rule.match,
    });
  for (const rule of target.rules) {
    if (beforeRules.has(ruleKey(rule))) continue;
    const sentence = sentenceOf(rule);
    sections.rules.added.push({ key: sentence, summary: `New rule: ${sentence}` });
  }
  for (const [key, rule] of beforeRules) {
    if (afterKeys.has(key)) continue;
    const sentence = describeRule(rule);
    sections.rules.removed.push({
      key: sentence,
      summary: `Rule ${rule.number} is deleted: ${sentence}`,
    });
  }

  // Tags.
  const tagSection = (
    section: PlanSection,
    resources: { id: string; name: string; tags: string[] }[],
    after: Map<string, string[]>,
  ) => {
    for (const resource of [...resources].sort((a, b) => byText(a.name, b.name))) {
      const before = sortedTexts(resource.tags);
      const next = after.get(resource.id) ?? [];
      if (before.join(',') === next.join(',')) continue;
      const item: PlanItem = {
        key: resource.name,
        summary: `${resource.name} is tagged ${tagWords(next)} (before: ${tagWords(before)}).`,
      };
      if (before.length === 0) section.added.push(item);
      else if (next.length === 0) {
        section.removed.push({
          key: resource.name,
          summary: `${resource.name} loses its tags (${tagWords(before)}) and is untagged.`,
        });
      } else section.changed.push(item);
    }
  };
  tagSection(sections.clusterTags, state.clusters, target.clusterTags);
  tagSection(
    sections.pipelineTags,
    state.pipelines.map((p) => ({ id: p.id, name: pipelineKey(p), tags: p.tags })),
    target.pipelineTags,
  );

  // Restrictions.
  for (const provider of [...state.gitProviders].sort((a, b) => byText(a.name, b.name))) {
    const before = canonicalRestriction(provider);
    const after = target.restrictions.get(provider.id) ?? NO_RESTRICTION;
    if (JSON.stringify(before) === JSON.stringify(after)) continue;
    if (isEmptyRestriction(before)) {
      sections.restrictions.added.push({
        key: provider.name,
        summary: `${provider.name} allows only ${restrictionWords(after)}.`,
      });
    } else if (isEmptyRestriction(after)) {
      sections.restrictions.removed.push({
        key: provider.name,
        summary: `${provider.name} allows every definition again (before: only ${restrictionWords(before)}).`,
      });
    } else {
      sections.restrictions.changed.push({
        key: provider.name,
        summary: `${provider.name} allows only ${restrictionWords(after)} (before: ${restrictionWords(before)}).`,
      });
    }
  }
  return sections;
}

/* ------------------------------------------------------------------------------------------ */
/* Impact, with the impact preview's engine                                                     */
/* ------------------------------------------------------------------------------------------ */

/**
 * Before and after as one world for the engine: a person is in team `b:<name>` before and
 * `a:<name>` after, and the rules before and after name those, so that membership changes,
 * rule changes and tag changes are all seen by one `computeImpact`.
 */
interface World {
  people: PersonFacts[];
  rulesBefore: EngineRule[];
  rulesAfter: EngineRule[];
  /** The teams (by name) whose members change. */
  membershipChanged: Set<string>;
}

function worldOf(state: PolicyState, target: Target): World {
  const teamName = new Map(state.teams.map((team) => [team.id, team.name]));
  const builtIns = state.teams.filter((team) => team.builtIn);
  const existing = new Map(state.teams.map((team) => [team.name, team]));
  const afterMembers = new Map<string, Set<string>>();
  const membershipChanged = new Set<string>();
  for (const [name, team] of target.teams) {
    const before = existing.get(name);
    const stored = before ? (state.members.get(before.id) ?? new Set<string>()) : new Set<string>();
    // Members left as they are (following SSO groups): the same people after as before.
    const after = team.members ?? (before?.builtIn ? new Set<string>() : stored);
    afterMembers.set(name, after);
    if (after.size !== stored.size || [...after].some((id) => !stored.has(id))) {
      membershipChanged.add(name);
    }
  }
  for (const team of state.teams) {
    if (!target.teams.has(team.name) && (state.members.get(team.id)?.size ?? 0) > 0) {
      membershipChanged.add(team.name);
    }
  }
  const teamsOf = new Map<string, Set<string>>();
  for (const person of state.people) {
    const ids = new Set<string>();
    for (const team of builtIns) {
      if (team.builtIn === 'users' || person.level === 'administrator') {
        ids.add(`b:${team.name}`);
        ids.add(`a:${team.name}`);
      }
    }
    teamsOf.set(person.id, ids);
  }
  for (const [teamId, members] of state.members) {
    for (const id of members) teamsOf.get(id)?.add(`b:${teamName.get(teamId)}`);
  }
  for (const [name, members] of afterMembers) {
    for (const id of members) teamsOf.get(id)?.add(`a:${name}`);
  }
  const people = state.people.map((person) => ({ ...person, teamIds: teamsOf.get(person.id)! }));
  const rulesBefore = state.rules.map((rule) => ({
    ...rule,
    teamId: `b:${teamName.get(rule.teamId)}`,
  }));
  const beforeByKey = new Map(
    state.rules.map((rule) => [
      ruleKey({
        team: teamName.get(rule.teamId)!,
        kind: rule.resourceType,
        privileges: rule.privileges,
        tags: rule.tags,
        match: rule.tagMatch,
      }),
      rule,
    ]),
  );
  const rulesAfter = target.rules.map((rule, index): EngineRule => {
    const kept = beforeByKey.get(ruleKey(rule));
    return {
      id: kept?.id ?? `new-${index}`,
      number: kept?.number ?? 0,
      teamId: `a:${rule.team}`,
      teamName: rule.team,
      resourceType: rule.kind,
      privileges: rule.privileges,
      tags: rule.tags,
      tagMatch: rule.match,
    };
  });
  return { people, rulesBefore, rulesAfter, membershipChanged };
}

interface Changed {
  id: string;
  name: string;
  before: string[];
  after: string[];
}

function resourcesOf(state: PolicyState, target: Target, type: ResourceType): Changed[] {
  return type === 'cluster'
    ? state.clusters.map((c) => ({
        id: c.id,
        name: c.name,
        before: sortedTexts(c.tags),
        after: target.clusterTags.get(c.id) ?? [],
      }))
    : state.pipelines.map((p) => ({
        id: p.id,
        name: pipelineKey(p),
        before: sortedTexts(p.tags),
        after: target.pipelineTags.get(p.id) ?? [],
      }));
}

const ownRuleKeys = (rules: readonly EngineRule[]) =>
  rules
    .map((rule) =>
      JSON.stringify([
        rule.teamId.slice(2),
        rule.privileges,
        [...rule.tags].sort(byText),
        rule.tagMatch,
      ]),
    )
    .sort(byText)
    .join('\n');

function impactOf(state: PolicyState, target: Target): PolicyPlan['impact'] {
  const world = worldOf(state, target);
  const lines = { gain: new Map<string, Line>(), lose: new Map<string, Line>() };
  let truncated = false;
  for (const type of ['pipeline', 'cluster'] as const) {
    const resources = resourcesOf(state, target, type);
    const retagged = resources.filter((r) => r.before.join(',') !== r.after.join(','));
    const rulesBefore = world.rulesBefore.filter((rule) => rule.resourceType === type);
    const rulesAfter = world.rulesAfter.filter((rule) => rule.resourceType === type);
    // The rules that differ, and those of teams whose members change: only the resources they
    // match (before or after) or whose tags change can be gained or lost.
    const beforeKeys = new Set(rulesBefore.map((r) => ownRuleKeys([r])));
    const afterKeys = new Set(rulesAfter.map((r) => ownRuleKeys([r])));
    const moved = [
      ...rulesBefore.filter(
        (r) => !afterKeys.has(ownRuleKeys([r])) || world.membershipChanged.has(r.teamName),
      ),
      ...rulesAfter.filter(
        (r) => !beforeKeys.has(ownRuleKeys([r])) || world.membershipChanged.has(r.teamName),
      ),
    ].filter((rule) => !rule.privileges.every((privilege) => privilege === 'create'));
    const involved = resources.filter(
      (r) =>
        r.before.join(',') !== r.after.join(',') ||
        moved.some((rule) => ruleMatches(rule, r.before) || ruleMatches(rule, r.after)),
    );
    // People with the same teams before and after are one group: decided once.
    const groups = new Map<string, PersonFacts[]>();
    for (const person of world.people) {
      if (person.level === 'administrator') continue;
      const key = [...person.teamIds].sort(byText).join(',');
      pushTo(groups, key, person);
    }
    for (const members of groups.values()) {
      const subject: Subject = { level: 'user', teamIds: members[0]!.teamIds };
      const own = (rules: EngineRule[]) => rules.filter((rule) => subject.teamIds.has(rule.teamId));
      const [ownBefore, ownAfter] = [own(rulesBefore), own(rulesAfter)];
      if (ownRuleKeys(ownBefore) === ownRuleKeys(ownAfter) && retagged.length === 0) continue;
      if (ownBefore.length === 0 && ownAfter.length === 0) continue;
      const preview = computeImpact({
        resourceType: type,
        people: members,
        resources: involved,
        rulesBefore: ownBefore,
        rulesAfter: ownAfter,
      });
      for (const impact of preview.impacts) {
        for (const person of members) {
          for (const privilege of impact.privileges) {
            const into = lines[impact.effect];
            const key = `${person.id}|${privilege}|${type}`;
            if (!into.has(key) && into.size >= POLICY_IMPACT_LINES_MAX) {
              truncated = true;
              continue;
            }
            const line = into.get(key) ?? {
              person: { id: person.id, name: person.name, email: person.email },
              privilege,
              resourceType: type,
              count: 0,
              resources: [],
            };
            line.count += impact.resources.total;
            line.resources = [
              ...line.resources,
              ...impact.resources.sample.map(({ id, name }) => ({ id, name })),
            ]
              .sort((a, b) => byText(a.name, b.name))
              .slice(0, 5);
            into.set(key, line);
          }
        }
      }
    }
  }
  const ordered = (map: Map<string, Line>) =>
    [...map.values()].sort(
      (a, b) =>
        byText(a.person.name, b.person.name) ||
        byText(a.person.email, b.person.email) ||
        byText(a.resourceType, b.resourceType) ||
        byText(a.privilege, b.privilege),
    );
  return { gains: ordered(lines.gain), losses: ordered(lines.lose), truncated };
}

type Line = ImpactLine;

/* ------------------------------------------------------------------------------------------ */
/* Tag escalation                                                                               */
/* ------------------------------------------------------------------------------------------ */

/**
 * A tag change that escalates (issue 15's rule, applied to an import): a resource that carries
 * tags now and would be left with none falls under the rules for untagged resources, and the
 * document must not let anyone who is not an administrator gain a privilege on it that way.
 * Administrators may otherwise set any tags (the import is theirs alone); other gains and
 * losses are the plan's impact, for people to review.
 */
function escalations(
  state: PolicyState,
  target: Target,
  document: PolicyDocument,
  problems: Problems,
) {
  const world = worldOf(state, target);
  const groups = new Map<string, PersonFacts[]>();
  for (const person of world.people) {
    if (person.level === 'administrator') continue;
    const key = [...person.teamIds].sort(byText).join(',');
    pushTo(groups, key, person);
  }
  for (const type of ['cluster', 'pipeline'] as const) {
    const section = type === 'cluster' ? 'clusters' : 'pipelines';
    const written = new Map(Object.keys(document.tags[section]).map((key) => [lower(key), key]));
    const stripped = resourcesOf(state, target, type).filter(
      (r) => r.before.length > 0 && r.after.length === 0,
    );
    if (stripped.length === 0) continue;
    const byTags = new Map<string, Changed[]>();
    for (const resource of stripped) {
      const key = resource.before.join(',');
      pushTo(byTags, key, resource);
    }
    for (const resources of byTags.values()) {
      const before = resources[0]!.before;
      const gained = new Set<Privilege>();
      let people = 0;
      for (const members of groups.values()) {
        const subject: Subject = { level: 'user', teamIds: members[0]!.teamIds };
        const held = new Set(privilegesOn(world.rulesBefore, subject, { type, tags: before }));
        const after = privilegesOn(world.rulesAfter, subject, { type, tags: [] });
        const more = after.filter((privilege) => !held.has(privilege));
        if (more.length === 0) continue;
        people += members.length;
        for (const privilege of more) gained.add(privilege);
      }
      if (gained.size === 0) continue;
      for (const resource of resources) {
        const key = written.get(lower(resource.name));
        problems.add(
          'tag-escalation',
          `Leaving ${resource.name} without tags (it has ${before.join(', ')}) puts it under the rules for untagged ${type}s: ${plural(people, 'person', 'people')} who are not administrators would gain ${[...gained].join(', ')} on it. Keep a tag on it, or change those rules.`,
          key ? ['tags', section, key] : ['tags', section],
          !key,
        );
      }
    }
  }
}
