import {
  previewRequestSchema,
  RULE_CSV_COLUMNS,
  ruleInputSchema,
  type EffectiveItem,
  type EffectivePage,
  type Holders,
  type ParsedRuleInput,
  type Privilege,
  type ResourceRef,
  type ResourceType,
  type RuleWithWarnings,
} from '@contract/access';
import type { EngineRule } from '@domain/access/engine';
import { effectiveCells, matrixPrivileges, teamSubject } from '@domain/access/effective';
import { explanationOf, ruleRefOf } from '@domain/access/explain';
import { applyingRules, teamsGranting } from '@domain/access/holders';
import {
  computeImpact,
  previewRuleChange,
  proposedRule,
  type PersonFacts,
} from '@domain/access/impact';
import { PRIVILEGES, PRIVILEGES_OF, withImplied } from '@domain/access/rules';
import { EVERY_TAG, normaliseTags, UNTAGGED } from '@domain/tags';
import type { Team } from '@contract/teams';
import type { User } from '@contract/users';
import { db } from '../db';
import { buildRule } from '../factories';
import { csvHeaders, csvText, http, refuse, wantsCsv } from '../http';
import { invalid, invalidField, notFound } from '../problems';

// The access API over the mock database: rules kept in `db.rules` with their sentences, and
// the explainer, the holders and the impact preview decided by the server's own engine
// (server/domain/access) over `db.rules`, `db.people`, `db.teams`, `db.clusters` and
// `db.pipelines`, so that the screens meet the answers the real server gives.

function membersOf(team: Pick<Team, 'id' | 'name' | 'builtIn'>): User[] {
  if (team.builtIn && team.name === 'users') return db.people;
  if (team.builtIn) return db.people.filter((person) => person.level === 'administrator');
  return db.people.filter((person) => (db.members[team.id] ?? []).includes(person.id));
}

/** A person as the engine sees them: every team they are in, the built-in ones included. */
function factsOf(person: User): PersonFacts {
  const teamIds = db.teams
    .filter((team) => membersOf(team).some((member) => member.id === person.id))
    .map((team) => team.id);
  return {
    id: person.id,
    name: person.name,
    email: person.email,
    level: person.level,
    teamIds: new Set(teamIds),
  };
}

function engineRuleOf(rule: RuleWithWarnings): EngineRule {
  return {
    id: rule.id,
    number: rule.number,
    teamId: rule.team.id,
    teamName: rule.team.name,
    resourceType: rule.resourceType,
    privileges: rule.privileges,
    tags: rule.tags,
    tagMatch: rule.tagMatch,
  };
}

/** The rules of one kind, as the engine sees them. */
const engineRules = (type: ResourceType) =>
  db.rules.filter((rule) => rule.resourceType === type).map(engineRuleOf);

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
    note: input.note,
    updatedAt: new Date().toISOString(),
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

/** The order of `GET /api/rules?sort=…`, as the server sorts: ties by number. */
function ruleOrder(sort: string) {
  const descending = sort.startsWith('-');
  const field = descending ? sort.slice(1) : sort;
  const key = (rule: RuleWithWarnings): string | number =>
    field === 'team'
      ? rule.team.name.toLowerCase()
      : field === 'kind'
        ? rule.resourceType
        : field === 'updatedAt'
          ? Date.parse(rule.updatedAt)
          : rule.number;
  return (a: RuleWithWarnings, b: RuleWithWarnings) => {
    const [x, y] = [key(a), key(b)];
    const order = x < y ? -1 : x > y ? 1 : 0;
    return (descending ? -order : order) || a.number - b.number;
  };
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
      .sort(ruleOrder(url.searchParams.get('sort') ?? 'number'));
    if (wantsCsv(request)) {
      const rows = rules.map((rule) => [
        String(rule.number),
        rule.team.name,
        rule.resourceType,
        rule.privileges.join(' '),
        rule.tags.join(' '),
        rule.tagMatch,
        rule.note ?? '',
        rule.updatedAt,
      ]);
      return response(200).text(csvText(RULE_CSV_COLUMNS, rows), {
        headers: csvHeaders('perimeter-rules-2026-03-02.csv'),
      });
    }
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
    const people = db.people.map(factsOf);
    if (change.change === 'tags') {
      const resources = resourcesOf(change.resourceType);
      const rules = engineRules(change.resourceType);
      const changes = change.resources.flatMap(({ id, tags }) => {
        const resource = resources.find((r) => r.id === id);
        return resource ? [{ ...resource, before: resource.tags, after: normaliseTags(tags) }] : [];
      });
      return response(200).json(
        computeImpact({
          resourceType: change.resourceType,
          people,
          resources: changes,
          rulesBefore: rules,
          rulesAfter: rules,
        }),
      );
    }
    const stored = change.ruleId ? db.rules.find((r) => r.id === change.ruleId) : undefined;
    if (change.ruleId && !stored) return response.untyped(notFound('rule'));
    const existing = stored && engineRuleOf(stored);
    let proposed: EngineRule | undefined;
    if (change.change === 'save-rule') {
      const teamProblem = teamRefusal(change.rule.teamId);
      if (teamProblem) return response.untyped(teamProblem);
      const team = db.teams.find((t) => t.id === change.rule.teamId)!;
      proposed = proposedRule(change.rule, team.name, existing);
    }
    const type = (proposed ?? existing)!.resourceType;
    return response(200).json(
      previewRuleChange({
        rules: engineRules(type),
        people,
        resources: resourcesOf(type),
        existing,
        proposed,
      }),
    );
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
    if (!PRIVILEGES_OF[type].includes(privilege)) {
      return response.untyped(
        invalidField(
          'privilege',
          `${type === 'cluster' ? 'Clusters' : 'Pipelines'} have no ${privilege} privilege: choose from ${PRIVILEGES_OF[type].join(', ')}.`,
        ),
      );
    }
    return response(200).json(
      explanationOf(engineRules(type), factsOf(person), refOf(type, resource), privilege),
    );
  }),

  // Issue 20: every cell decided by the server's engine, as the server does (effective.ts).
  http.get('/api/access/effective', ({ request, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const url = new URL(request.url);
    const type = url.searchParams.get('resourceType') as ResourceType;
    const userId = url.searchParams.get('userId');
    const teamId = url.searchParams.get('teamId');
    let who: Pick<PersonFacts, 'level' | 'teamIds'>;
    let subject: EffectivePage['subject'];
    if (userId) {
      const person = db.people.find((p) => p.id === userId);
      if (!person) return response.untyped(notFound('person'));
      who = factsOf(person);
      subject = {
        kind: 'person',
        id: person.id,
        name: person.name,
        email: person.email,
        level: person.level,
      };
    } else {
      const team = db.teams.find((t) => t.id === teamId);
      if (!team) return response.untyped(notFound('team'));
      const builtIn = team.builtIn ? (team.name as 'users' | 'admins') : null;
      who = teamSubject({ id: team.id, builtIn });
      subject = { kind: 'team', id: team.id, name: team.name, builtIn };
    }
    const rules = engineRules(type);
    const q = url.searchParams.get('q')?.toLowerCase();
    const everything = url.searchParams.get('show') === 'all';
    const resources: EffectiveItem['resource'][] =
      type === 'cluster'
        ? db.clusters.map(({ id, name, tags }) => ({ type, id, name, tags }))
        : db.pipelines.map(({ id, name, project, tags }) => ({ type, id, name, project, tags }));
    const items = resources
      .filter(
        (resource) =>
          !q ||
          [resource.name, resource.project ?? '', ...resource.tags].some((text) =>
            text.toLowerCase().includes(q),
          ),
      )
      .map((resource) => ({ resource, cells: effectiveCells(rules, who, resource) }))
      .filter((item) => everything || item.cells.some((cell) => cell.held))
      .sort((a, b) => a.resource.name.toLowerCase().localeCompare(b.resource.name.toLowerCase()));
    const pageNumber = Number(url.searchParams.get('page') ?? 1);
    const pageSize = Number(url.searchParams.get('pageSize') ?? 20);
    const answer: EffectivePage = {
      items: items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
      total: items.length,
      page: pageNumber,
      pageSize,
      subject,
      administrator: who.level === 'administrator',
      privileges: matrixPrivileges(type),
    };
    return response(200).json(answer);
  }),

  http.get('/api/access/holders', ({ request, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const url = new URL(request.url);
    const type = url.searchParams.get('resourceType') as ResourceType;
    const resource = resourcesOf(type).find((r) => r.id === url.searchParams.get('resourceId'));
    if (!resource) return response.untyped(invalidField('resourceId', `There is no such ${type}.`));
    const applying = applyingRules(engineRules(type), resource.tags);
    const people = db.people.map(factsOf);
    const holders: Holders = {
      resource: refOf(type, resource),
      administrators: people.filter((person) => person.level === 'administrator').length,
      grants: applying.map(({ rule, matchedTags }) => ({
        rule: ruleRefOf(rule),
        team: {
          id: rule.teamId,
          name: rule.teamName,
          memberCount: people.filter((person) => person.teamIds.has(rule.teamId)).length,
        },
        privileges: withImplied(rule.privileges),
        matchedTags,
      })),
      privileges: PRIVILEGES_OF[type]
        .filter((privilege) => privilege !== 'create')
        .map((privilege) => {
          const teams = teamsGranting(applying, privilege);
          return {
            privilege,
            people: people.filter(
              (person) =>
                person.level === 'administrator' || teams.some((id) => person.teamIds.has(id)),
            ).length,
          };
        }),
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
