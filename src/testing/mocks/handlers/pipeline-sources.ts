import { globMatcher, patternMatcher } from '@domain/patterns';
import {
  PIPELINE_SOURCE_TYPES,
  sourceDisabledReason,
  updatePipelineSourcesRequestSchema,
  type PipelineSources,
} from '@contract/pipeline-sources';
import type { Pipeline } from '@contract/pipelines';
import {
  RESTRICTION_IMPACT_LISTED,
  RESTRICTION_LABELS,
  restrictionTestRequestSchema,
  updateRestrictionsRequestSchema,
  type RestrictionCheck,
  type RestrictionImpact,
  type RestrictionSettings,
  type RestrictionTestResult,
  type Restrictions,
} from '@contract/restrictions';
import { etagOf } from '@contract/versions';
import { db } from '../db';
import { buildAuditEntry, buildPipelineSources, buildRestrictions } from '../factories';
import { http, refuse, refuseUnlessAdministrator, versionProblem } from '../http';
import { invalid, problemResponse } from '../problems';

const ONLY_ADMINISTRATORS = 'Only administrators change where pipeline definitions may come from.';

// The source switches (P-4.2), the restrictions of git providers (P-4.3) and their tester
// (P-4.5), as the server answers them: administrators only, validated with the contract, the
// restrictions versioned (`If-Match` → 412) and checked with the contract's RE2 matchers.

const now = () => new Date().toISOString();

/** A 422 like the server's: one error per zod issue, the path dotted. */
const noSuchProvider = () =>
  problemResponse(404, 'Not found', { detail: 'There is no such git provider.' });

function pipelineSources(): PipelineSources {
  const usage = { inline: 0, git: 0, url: 0 };
  for (const pipeline of db.pipelines) usage[pipeline.source.type] += 1;
  return buildPipelineSources({
    ...db.person.account.pipelineSources,
    usage,
    ...db.pipelineSourcesChange,
  });
}

function savedSettings(gitProviderId: string): RestrictionSettings {
  const saved = db.restrictions[gitProviderId];
  if (!saved) return { repositories: null, branches: null, paths: null };
  return { repositories: saved.repositories, branches: saved.branches, paths: saved.paths };
}

/** What each restriction says of one definition, in the server's words. */
function check(
  { repositories, branches, paths }: RestrictionSettings,
  definition: { repository: string; branch: string; path: string },
): RestrictionTestResult {
  const checks: RestrictionCheck[] = [];
  if (!repositories) {
    checks.push({
      restriction: 'repositories',
      value: definition.repository,
      rule: null,
      outcome: 'not-set',
      detail: 'Every repository is allowed.',
    });
  } else {
    const byPattern = 'pattern' in repositories;
    const rule = byPattern ? repositories.pattern : repositories.names.join(', ');
    const allowed = byPattern
      ? patternMatcher(repositories.pattern)(definition.repository)
      : repositories.names.some(
          (name) => name.toLowerCase() === definition.repository.toLowerCase(),
        );
    checks.push({
      restriction: 'repositories',
      value: definition.repository,
      rule,
      outcome: allowed ? 'allowed' : 'refused',
      detail: byPattern
        ? `${definition.repository} ${allowed ? 'matches' : 'does not match'} ${rule}.`
        : `${definition.repository} is ${allowed ? '' : 'not '}one of the picked repositories.`,
    });
  }
  for (const [restriction, rule, value, matcher, every] of [
    ['branches', branches, definition.branch, patternMatcher, 'Every branch is allowed.'],
    ['paths', paths, definition.path, globMatcher, 'Every path is allowed.'],
  ] as const) {
    if (rule === null) {
      checks.push({ restriction, value, rule: null, outcome: 'not-set', detail: every });
      continue;
    }
    const allowed = matcher(rule)(value);
    checks.push({
      restriction,
      value,
      rule,
      outcome: allowed ? 'allowed' : 'refused',
      detail: `${value} ${allowed ? 'matches' : 'does not match'} ${rule}.`,
    });
  }
  return { allowed: checks.every((item) => item.outcome !== 'refused'), checks };
}

/** Whether a pipeline may run under the current switches and restrictions. */
function runnableOf(pipeline: Pipeline): Pipeline['runnable'] {
  const { source } = pipeline;
  if (!db.person.account.pipelineSources[source.type]) {
    return { allowed: false, code: 'source-disabled', reason: sourceDisabledReason(source.type) };
  }
  if (source.type !== 'git') return { allowed: true, code: null, reason: null };
  if (!source.gitProviderId || !db.gitProviders.some((p) => p.id === source.gitProviderId)) {
    return {
      allowed: false,
      code: 'provider-missing',
      reason:
        'The git provider this definition comes from was deleted; choose another source for the pipeline.',
    };
  }
  const result = check(savedSettings(source.gitProviderId), source);
  if (result.allowed) return { allowed: true, code: null, reason: null };
  const refused = result.checks.filter((item) => item.outcome === 'refused');
  return {
    allowed: false,
    code: 'restricted',
    reason: `The restrictions of git provider ${source.gitProviderName ?? ''} refuse this definition: ${refused
      .map((item) => `${item.restriction}: ${item.detail}`)
      .join(' ')}`,
  };
}

/** Every pipeline's `runnable`, after a switch or a restriction changed. */
function refreshRunnability() {
  db.pipelines = db.pipelines.map((pipeline) => ({ ...pipeline, runnable: runnableOf(pipeline) }));
}

function restrictionsOf(gitProviderId: string): Restrictions {
  const fromProvider = db.pipelines.filter(
    (pipeline) => pipeline.source.type === 'git' && pipeline.source.gitProviderId === gitProviderId,
  );
  const settings = savedSettings(gitProviderId);
  const refused = fromProvider.filter(
    (pipeline) => pipeline.source.type === 'git' && !check(settings, pipeline.source).allowed,
  ).length;
  const saved = db.restrictions[gitProviderId] ?? buildRestrictions({ gitProviderId });
  return { ...saved, gitProviderId, pipelines: { total: fromProvider.length, refused } };
}

/** What saving `proposed` would do to the provider's pipelines, as the server judges it. */
function impactOf(gitProviderId: string, proposed: RestrictionSettings): RestrictionImpact {
  const saved = savedSettings(gitProviderId);
  const refused: RestrictionImpact['pipelines'] = [];
  let total = 0;
  let allowedAgain = 0;
  for (const pipeline of db.pipelines) {
    const { source } = pipeline;
    if (source.type !== 'git' || source.gitProviderId !== gitProviderId) continue;
    total += 1;
    const definition = { repository: source.repository, branch: source.branch, path: source.path };
    const allowedNow = check(saved, definition).allowed;
    const result = check(proposed, definition);
    if (result.allowed) {
      if (!allowedNow) allowedAgain += 1;
      continue;
    }
    refused.push({
      id: pipeline.id,
      project: pipeline.project,
      name: pipeline.name,
      ...definition,
      stops: allowedNow,
      refusedBy: result.checks
        .filter((item) => item.outcome === 'refused')
        .map((item) => `${RESTRICTION_LABELS[item.restriction]}: ${item.detail}`),
    });
  }
  const collate = new Intl.Collator('en', { sensitivity: 'base', numeric: true }).compare;
  refused.sort(
    (a, b) =>
      Number(b.stops) - Number(a.stops) || collate(a.project, b.project) || collate(a.name, b.name),
  );
  return {
    total,
    refused: refused.length,
    stopped: refused.filter((pipeline) => pipeline.stops).length,
    allowedAgain,
    pipelines: refused.slice(0, RESTRICTION_IMPACT_LISTED),
  };
}

export const pipelineSourceHandlers = [
  http.get('/api/settings/pipeline-sources', ({ request, response }) => {
    const refused = refuse(request) ?? refuseUnlessAdministrator(ONLY_ADMINISTRATORS);
    return refused ? response.untyped(refused) : response(200).json(pipelineSources());
  }),

  http.put('/api/settings/pipeline-sources', async ({ request, response }) => {
    const refused = refuse(request) ?? refuseUnlessAdministrator(ONLY_ADMINISTRATORS);
    if (refused) return response.untyped(refused);
    const parsed = updatePipelineSourcesRequestSchema.safeParse(await request.json());
    if (!parsed.success) return response.untyped(invalid(parsed.error));
    const before = db.person.account.pipelineSources;
    const at = now();
    db.person = { ...db.person, account: { ...db.person.account, pipelineSources: parsed.data } };
    db.pipelineSourcesChange = {
      updatedAt: at,
      updatedBy: { id: db.person.id, name: db.person.name },
    };
    refreshRunnability();
    if (PIPELINE_SOURCE_TYPES.some((type) => before[type] !== parsed.data[type])) {
      db.auditEntries = [
        ...db.auditEntries,
        buildAuditEntry({
          at,
          actor: { kind: 'person', id: db.person.id, name: db.person.name, email: db.person.email },
          action: 'settings.pipeline-sources.updated',
          target: { type: 'account', id: db.person.account.id, name: db.person.account.name },
          before,
          after: parsed.data,
        }),
      ];
    }
    return response(200).json(pipelineSources());
  }),

  http.get('/api/git-providers/{id}/restrictions', ({ request, params, response }) => {
    const refused = refuse(request) ?? refuseUnlessAdministrator(ONLY_ADMINISTRATORS);
    if (refused) return response.untyped(refused);
    if (!db.gitProviders.some((p) => p.id === params.id)) {
      return response.untyped(noSuchProvider());
    }
    const restrictions = restrictionsOf(params.id);
    return response(200).json(restrictions, { headers: { ETag: etagOf(restrictions.version) } });
  }),

  http.put('/api/git-providers/{id}/restrictions', async ({ request, params, response }) => {
    const refused = refuse(request) ?? refuseUnlessAdministrator(ONLY_ADMINISTRATORS);
    if (refused) return response.untyped(refused);
    const provider = db.gitProviders.find((p) => p.id === params.id);
    if (!provider) return response.untyped(noSuchProvider());
    const current = restrictionsOf(provider.id);
    const stale = versionProblem(request, {
      version: current.version,
      subject: `The restrictions of ${provider.name}`,
    });
    if (stale) return response.untyped(stale);
    const parsed = updateRestrictionsRequestSchema.safeParse(await request.json());
    if (!parsed.success) return response.untyped(invalid(parsed.error));
    db.restrictions[provider.id] = {
      ...current,
      ...parsed.data,
      version: current.version + 1,
      updatedAt: now(),
      updatedBy: { id: db.person.id, name: db.person.name },
    };
    refreshRunnability();
    const saved = restrictionsOf(provider.id);
    return response(200).json(saved, { headers: { ETag: etagOf(saved.version) } });
  }),

  http.post(
    '/api/git-providers/{id}/restrictions/impact',
    async ({ request, params, response }) => {
      const refused = refuse(request) ?? refuseUnlessAdministrator(ONLY_ADMINISTRATORS);
      if (refused) return response.untyped(refused);
      if (!db.gitProviders.some((p) => p.id === params.id)) {
        return response.untyped(noSuchProvider());
      }
      const parsed = updateRestrictionsRequestSchema.safeParse(await request.json());
      if (!parsed.success) return response.untyped(invalid(parsed.error));
      return response(200).json(impactOf(params.id, parsed.data));
    },
  ),

  http.post('/api/restrictions/test', async ({ request, response }) => {
    const refused = refuse(request) ?? refuseUnlessAdministrator(ONLY_ADMINISTRATORS);
    if (refused) return response.untyped(refused);
    const parsed = restrictionTestRequestSchema.safeParse(await request.json());
    if (!parsed.success) return response.untyped(invalid(parsed.error));
    const { gitProviderId, restrictions, ...definition } = parsed.data;
    if (!db.gitProviders.some((p) => p.id === gitProviderId)) {
      return response.untyped(noSuchProvider());
    }
    return response(200).json(check(restrictions ?? savedSettings(gitProviderId), definition));
  }),
];
