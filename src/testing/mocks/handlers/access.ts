import type { z } from 'zod';
import {
  previewRequestSchema,
  ruleInputSchema,
  type AccessReason,
  type Holders,
  type Impact,
  type ParsedRuleInput,
  type PersonRef,
  type Preview,
  type Privilege,
  type ResourceRef,
  type ResourceType,
  type RuleRef,
  type RuleWithWarnings,
} from '@contract/access';
import { PRIVILEGES, PRIVILEGES_OF, withImplied } from '@domain/access/rules';
import { EVERY_TAG, UNTAGGED } from '@domain/tags';
import type { Team } from '@contract/teams';
import type { User } from '@contract/users';
import { db } from '../db';
import { buildRule } from '../factories';
import { http, problemResponse, refuse } from '../http';

// A small model of the access API: rules kept in `db.rules` with their sentences, and the
// explainer, the holders and the impact preview worked out from them over `db.clusters`,
// `db.pipelines`, `db.people` and `db.teams`. Enough for the screens to meet the answers the
// real server gives; the policy itself is tested on the server.

const notFound = (what: string) =>
  problemResponse(404, 'Not found', { detail: `There is no such ${what}.` });

function invalid(error: z.ZodError) {
  const errors = error.issues.map((issue) => ({
    path: issue.path.join('.'),
    message: issue.message,
  }));
  return problemResponse(422, 'Invalid input', { detail: errors[0]!.message, errors });
}

function invalidField(path: string, message: string) {
  return problemResponse(422, 'Invalid input', { detail: message, errors: [{ path, message }] });
}

function membersOf(team: Pick<Team, 'id' | 'name' | 'builtIn'>): User[] {
  if (team.builtIn && team.name === 'users') return db.people;
  if (team.builtIn) return db.people.filter((person) => person.level === 'administrator');
  return db.people.filter((person) => (db.members[team.id] ?? []).includes(person.id));
}

function inTeam(person: User, teamId: string): boolean {
  const team = db.teams.find((t) => t.id === teamId);
  return team ? membersOf(team).some((member) => member.id === person.id) : false;
}

type Resource = { id: string; name: string; tags: string[] };

function resourcesOf(type: ResourceType): Resource[] {
  return type === 'cluster'
    ? db.clusters
    : db.pipelines.map((p) => ({ ...p, name: `${p.project}/${p.name}` }));
}

const refOf = (type: ResourceType, resource: Resource): ResourceRef => ({
  type,
  id: resource.id,
  name: resource.name,
  tags: resource.tags,
});

const personRef = (person: User): PersonRef => ({
  id: person.id,
  name: person.name,
  email: person.email,
});

function ruleRef(rule: RuleWithWarnings): RuleRef {
  return {
    id: rule.id,
    number: rule.number,
    teamId: rule.team.id,
    teamName: rule.team.name,
    sentence: rule.sentence,
  };
}

/** The tags of `tags` that make `rule` apply, or undefined when it does not. */
function matchedTags(rule: RuleWithWarnings, tags: readonly string[]): string[] | undefined {
  if (rule.tags.includes(EVERY_TAG)) return [EVERY_TAG];
  if (rule.tags.includes(UNTAGGED)) return tags.length === 0 ? [UNTAGGED] : undefined;
  const shared = rule.tags.filter((tag) => tags.includes(tag));
  if (rule.tagMatch === 'all') return shared.length === rule.tags.length ? shared : undefined;
  return shared.length > 0 ? shared : undefined;
}

/** What `rule` grants on a resource with `tags` (create aside: it is about new resources). */
function grantsOn(rule: RuleWithWarnings, tags: readonly string[]): Privilege[] {
  if (rule.privileges.includes('create') || !matchedTags(rule, tags)) return [];
  return withImplied(rule.privileges);
}

function privilegesOf(
  person: User,
  type: ResourceType,
  tags: readonly string[],
  rules: readonly RuleWithWarnings[],
): Set<Privilege> {
  if (person.level === 'administrator') return new Set(PRIVILEGES_OF[type]);
  const granted = new Set<Privilege>();
  for (const rule of rules) {
    if (rule.resourceType !== type || !inTeam(person, rule.team.id)) continue;
    for (const privilege of grantsOn(rule, tags)) granted.add(privilege);
  }
  return granted;
}

function warningsOf(rule: Omit<RuleWithWarnings, 'warnings'>): RuleWithWarnings['warnings'] {
  const warnings: RuleWithWarnings['warnings'] = [];
  const team = db.teams.find((t) => t.id === rule.team.id);
  if (team && !team.builtIn && membersOf(team).length === 0) {
    warnings.push({
      kind: 'team-without-members',
      message: `Team ${team.name} has no members: this rule applies to nobody yet.`,
    });
  }
  return warnings;
}

function saveRule(input: ParsedRuleInput, existing?: RuleWithWarnings): RuleWithWarnings {
  const team = db.teams.find((t) => t.id === input.teamId)!;
  const number = existing?.number ?? Math.max(0, ...db.rules.map((rule) => rule.number)) + 1;
  const fields = {
    id: existing?.id ?? crypto.randomUUID(),
    number,
    team: { id: team.id, name: team.name, builtIn: team.builtIn },
    resourceType: input.resourceType,
    privileges: PRIVILEGES.filter((privilege) => input.privileges.includes(privilege)),
    tags: input.tags,
    tagMatch: input.tags.length > 1 ? input.tagMatch : 'any',
    impliedPrivileges: withImplied(input.privileges).filter(
      (privilege) => !input.privileges.includes(privilege),
    ),
  } as const;
  const rule = buildRule({
    ...fields,
    privileges: [...fields.privileges],
    tags: [...fields.tags],
    impliedPrivileges: [...fields.impliedPrivileges],
  });
  return { ...rule, warnings: warningsOf(rule) };
}

/** P-2.5 and the team's existence, as the server checks them. */
function teamRefusal(teamId: string) {
  const team = db.teams.find((t) => t.id === teamId);
  if (!team) return invalidField('teamId', 'There is no such team in this account.');
  if (team.builtIn && team.name === 'admins') {
    return invalidField(
      'teamId',
      'No rule is written for admins: administrators hold every privilege already.',
    );
  }
  return undefined;
}

function groupImpacts(
  type: ResourceType,
  changes: { resource: Resource; before: string[]; after: string[] }[],
  rulesBefore: RuleWithWarnings[],
  rulesAfter: RuleWithWarnings[],
): Preview {
  const cells = new Map<
    string,
    {
      effect: 'gain' | 'lose';
      privileges: Privilege[];
      people: Map<string, User>;
      resources: Map<string, Resource>;
      rules: Map<string, RuleWithWarnings>;
    }
  >();
  for (const person of db.people) {
    if (person.level === 'administrator') continue;
    for (const { resource, before, after } of changes) {
      const had = privilegesOf(person, type, before, rulesBefore);
      const has = privilegesOf(person, type, after, rulesAfter);
      for (const [effect, from, to, rules, tags] of [
        ['lose', had, has, rulesBefore, before],
        ['gain', has, had, rulesAfter, after],
      ] as const) {
        const privileges = [...from].filter((privilege) => !to.has(privilege));
        if (privileges.length === 0) continue;
        const key = `${effect}|${privileges.join(',')}`;
        const cell = cells.get(key) ?? {
          effect,
          privileges,
          people: new Map(),
          resources: new Map(),
          rules: new Map(),
        };
        cell.people.set(person.id, person);
        cell.resources.set(resource.id, resource);
        for (const rule of rules) {
          if (
            rule.resourceType === type &&
            inTeam(person, rule.team.id) &&
            grantsOn(rule, tags).length > 0
          ) {
            cell.rules.set(rule.id, rule);
          }
        }
        cells.set(key, cell);
      }
    }
  }
  const impacts: Impact[] = [...cells.values()].map((cell) => {
    const people = [...cell.people.values()];
    const resources = [...cell.resources.values()];
    const rules = [...cell.rules.values()];
    const where =
      resources.length === 1 ? `${type} ${resources[0]!.name}` : `${resources.length} ${type}s`;
    const who = people.length === 1 ? '1 person' : `${people.length} people`;
    const through = rules
      .map((rule) =>
        rule.number > 0
          ? `rule ${rule.number} of team ${rule.team.name}`
          : `the new rule for team ${rule.team.name}`,
      )
      .join(', ');
    return {
      effect: cell.effect,
      privileges: cell.privileges,
      people: { total: people.length, sample: people.slice(0, 10).map(personRef) },
      resources: {
        total: resources.length,
        sample: resources.slice(0, 10).map((r) => refOf(type, r)),
      },
      throughRules: rules.map(ruleRef),
      sentence:
        cell.effect === 'lose'
          ? `Removes ${cell.privileges.join(', ')} on ${where} from ${who}, who had it through ${through}.`
          : `Gives ${cell.privileges.join(', ')} on ${where} to ${who}, through ${through}.`,
    };
  });
  impacts.sort((a, b) => (a.effect === b.effect ? 0 : a.effect === 'lose' ? -1 : 1));
  const count = (effect: 'gain' | 'lose') =>
    new Set(
      impacts.filter((i) => i.effect === effect).flatMap((i) => i.people.sample.map((p) => p.id)),
    ).size;
  return {
    impacts,
    peopleGaining: count('gain'),
    peopleLosing: count('lose'),
    needsConfirmation: impacts.some((impact) => impact.effect === 'lose'),
  };
}

function explain(person: User, type: ResourceType, resource: Resource, privilege: Privilege) {
  const label = `${type} ${resource.name}`;
  const reasons: AccessReason[] = [];
  if (person.level === 'administrator') {
    reasons.push({
      kind: 'administrator',
      message: `${person.name} is an administrator: administrators hold every privilege on every cluster and pipeline, and no rule is written for them.`,
    });
  } else {
    for (const rule of db.rules.filter((r) => r.resourceType === type)) {
      const grants = withImplied(rule.privileges).includes(privilege);
      if (!grants) continue;
      const matched = matchedTags(rule, resource.tags);
      const member = inTeam(person, rule.team.id);
      if (member && matched) {
        const via = rule.privileges.includes(privilege) ? undefined : rule.privileges[0];
        reasons.push({
          kind: 'rule',
          rule: ruleRef(rule),
          matchedTags: matched,
          ...(via ? { via } : {}),
          message: `Rule ${rule.number} of team ${rule.team.name} grants ${privilege}, through the tag ${matched.join(', ')}.`,
        });
      } else if (!member && matched) {
        reasons.push({
          kind: 'not-in-team',
          rule: ruleRef(rule),
          message: `Rule ${rule.number} would grant it if ${person.name} were in team ${rule.team.name}.`,
        });
      } else if (member) {
        reasons.push({
          kind: 'tags-do-not-match',
          rule: ruleRef(rule),
          message: `Rule ${rule.number} of team ${rule.team.name} would grant it if ${label} matched its tags.`,
        });
      }
    }
    if (reasons.length === 0) {
      reasons.push({
        kind: 'no-rule',
        message: `No rule grants ${privilege} on ${label} to anyone.`,
      });
    }
  }
  const granted = reasons.filter(
    (reason) => reason.kind === 'administrator' || reason.kind === 'rule',
  );
  const allowed = granted.length > 0;
  const first = granted[0];
  const summary = !allowed
    ? `No: ${person.name} cannot ${privilege} ${label}.`
    : first?.kind === 'rule'
      ? `Yes: ${person.name} can ${privilege} ${label} through rule ${first.rule.number} of team ${first.rule.teamName} (${first.matchedTags.join(', ')}).`
      : `Yes: ${person.name} can ${privilege} ${label} as an administrator.`;
  return {
    allowed,
    summary,
    reasons: allowed ? granted : reasons,
    person: personRef(person),
    resource: refOf(type, resource),
    privilege,
  };
}

export const accessHandlers = [
  http.get('/api/rules', ({ request, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const url = new URL(request.url);
    const type = url.searchParams.get('resourceType');
    const teamId = url.searchParams.get('teamId');
    const tag = url.searchParams.get('tag');
    const privilege = url.searchParams.get('privilege') as Privilege | null;
    const rules = db.rules
      .filter(
        (rule) =>
          (!type || rule.resourceType === type) &&
          (!teamId || rule.team.id === teamId) &&
          (!tag || rule.tags.includes(tag)) &&
          (!privilege || withImplied(rule.privileges).includes(privilege)),
      )
      .sort((a, b) => a.number - b.number);
    const page = Number(url.searchParams.get('page') ?? 1);
    const pageSize = Number(url.searchParams.get('pageSize') ?? 20);
    return response(200).json({
      items: rules.slice((page - 1) * pageSize, page * pageSize),
      total: rules.length,
      page,
      pageSize,
    });
  }),

  http.post('/api/rules', async ({ request, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const parsed = ruleInputSchema.safeParse(await request.json());
    if (!parsed.success) return response.untyped(invalid(parsed.error));
    const teamProblem = teamRefusal(parsed.data.teamId);
    if (teamProblem) return response.untyped(teamProblem);
    const rule = saveRule(parsed.data);
    db.rules = [...db.rules, rule];
    return response(201).json(rule);
  }),

  http.get('/api/rules/{id}', ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const rule = db.rules.find((r) => r.id === params.id);
    return rule ? response(200).json(rule) : response.untyped(notFound('rule'));
  }),

  http.put('/api/rules/{id}', async ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const parsed = ruleInputSchema.safeParse(await request.json());
    if (!parsed.success) return response.untyped(invalid(parsed.error));
    const existing = db.rules.find((r) => r.id === params.id);
    if (!existing) return response.untyped(notFound('rule'));
    if (existing.resourceType !== parsed.data.resourceType) {
      return response.untyped(
        invalidField('resourceType', 'A rule keeps its kind: write a new rule for the other kind.'),
      );
    }
    const teamProblem = teamRefusal(parsed.data.teamId);
    if (teamProblem) return response.untyped(teamProblem);
    const rule = saveRule(parsed.data, existing);
    db.rules = db.rules.map((r) => (r.id === rule.id ? rule : r));
    return response(200).json(rule);
  }),

  http.delete('/api/rules/{id}', ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    if (!db.rules.some((r) => r.id === params.id)) return response.untyped(notFound('rule'));
    db.rules = db.rules.filter((r) => r.id !== params.id);
    return response(204).empty();
  }),

  http.get('/api/tags', ({ request, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const url = new URL(request.url);
    const type = url.searchParams.get('resourceType') as ResourceType | null;
    const q = url.searchParams.get('q') ?? '';
    const limit = Number(url.searchParams.get('limit') ?? 20);
    const counts = new Map<string, number>();
    for (const kind of ['cluster', 'pipeline'] as const) {
      if (type && type !== kind) continue;
      for (const resource of resourcesOf(kind)) {
        for (const tag of resource.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
      }
    }
    for (const rule of db.rules) {
      if (type && rule.resourceType !== type) continue;
      for (const tag of rule.tags) {
        if (tag !== UNTAGGED && tag !== EVERY_TAG && !counts.has(tag)) counts.set(tag, 0);
      }
    }
    const items = [...counts]
      .filter(([tag]) => tag.startsWith(q))
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .slice(0, limit)
      .map(([tag, resources]) => ({ tag, resources }));
    return response(200).json({ items });
  }),

  http.post('/api/access/preview', async ({ request, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const parsed = previewRequestSchema.safeParse(await request.json());
    if (!parsed.success) return response.untyped(invalid(parsed.error));
    const change = parsed.data;
    if (change.change === 'tags') {
      const resources = resourcesOf(change.resourceType);
      const changes = change.resources.flatMap(({ id, tags }) => {
        const resource = resources.find((r) => r.id === id);
        return resource ? [{ resource, before: resource.tags, after: tags }] : [];
      });
      return response(200).json(groupImpacts(change.resourceType, changes, db.rules, db.rules));
    }
    const existing = change.ruleId ? db.rules.find((r) => r.id === change.ruleId) : undefined;
    if (change.ruleId && !existing) return response.untyped(notFound('rule'));
    let after = db.rules.filter((rule) => rule.id !== change.ruleId);
    if (change.change === 'save-rule') {
      const teamProblem = teamRefusal(change.rule.teamId);
      if (teamProblem) return response.untyped(teamProblem);
      after = [...after, { ...saveRule(change.rule, existing), number: existing?.number ?? 0 }];
    }
    const type = change.change === 'save-rule' ? change.rule.resourceType : existing!.resourceType;
    const changes = resourcesOf(type).map((resource) => ({
      resource,
      before: resource.tags,
      after: resource.tags,
    }));
    return response(200).json(groupImpacts(type, changes, db.rules, after));
  }),

  http.get('/api/access/explain', ({ request, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const url = new URL(request.url);
    const type = url.searchParams.get('resourceType') as ResourceType;
    const person = db.people.find((p) => p.id === url.searchParams.get('userId'));
    if (!person) return response.untyped(invalidField('userId', 'There is no such person.'));
    const resource = resourcesOf(type).find((r) => r.id === url.searchParams.get('resourceId'));
    if (!resource) return response.untyped(invalidField('resourceId', `There is no such ${type}.`));
    const privilege = url.searchParams.get('privilege') as Privilege;
    return response(200).json(explain(person, type, resource, privilege));
  }),

  http.get('/api/access/holders', ({ request, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const url = new URL(request.url);
    const type = url.searchParams.get('resourceType') as ResourceType;
    const resource = resourcesOf(type).find((r) => r.id === url.searchParams.get('resourceId'));
    if (!resource) return response.untyped(invalidField('resourceId', `There is no such ${type}.`));
    const grants: Holders['grants'] = db.rules
      .filter((rule) => rule.resourceType === type)
      .flatMap((rule) => {
        const privileges = grantsOn(rule, resource.tags);
        const team = db.teams.find((t) => t.id === rule.team.id);
        if (privileges.length === 0 || !team) return [];
        return [
          {
            rule: ruleRef(rule),
            team: { id: team.id, name: team.name, memberCount: membersOf(team).length },
            privileges,
            matchedTags: matchedTags(rule, resource.tags) ?? [],
          },
        ];
      });
    const holders: Holders = {
      resource: refOf(type, resource),
      administrators: db.people.filter((p) => p.level === 'administrator').length,
      grants,
      privileges: PRIVILEGES_OF[type]
        .filter((privilege) => privilege !== 'create')
        .map((privilege) => ({
          privilege,
          people: db.people.filter((person) =>
            privilegesOf(person, type, resource.tags, db.rules).has(privilege),
          ).length,
        })),
    };
    return response(200).json(holders);
  }),
];

/**
 * A rule put straight into the mock database, numbered after the others, its sentence and
 * implied privileges written from its fields.
 */
export function seedRule(fields: Partial<RuleWithWarnings> = {}): RuleWithWarnings {
  const privileges = fields.privileges ?? ['read'];
  const rule = buildRule({
    number: Math.max(0, ...db.rules.map((r) => r.number)) + 1,
    impliedPrivileges: withImplied(privileges).filter((p) => !privileges.includes(p)),
    ...fields,
  });
  db.rules = [...db.rules, rule];
  return rule;
}
