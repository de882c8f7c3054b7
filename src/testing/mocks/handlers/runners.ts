import {
  createRunnerRequestSchema,
  REGISTRATION_TOKEN_TTL_MS,
  RUNNER_CHOICES_MAX,
  type RunnerChoice,
} from '@contract/runners';
import {
  PULL_REQUEST_EVENTS,
  TRIGGER_EVENTS,
  createTriggerRequestSchema,
  repositoryProblem,
  updateTriggerRequestSchema,
  type Trigger,
  type TriggerEvent,
} from '@contract/triggers';
import {
  RUN_APPROVERS_MAX,
  createRunRequestSchema,
  type Run,
  type RunDecision,
} from '@contract/runs';
import { db } from '../db';
import { buildRun, buildRunner, buildTrigger, nextId } from '../factories';
import { http, refuse, refuseUnlessAdministrator, versionProblem } from '../http';
import { invalid, invalidFields, missingPrivilege, notFound, problemResponse } from '../problems';

const ONLY_ADMINISTRATORS = 'Only administrators may do this.';

// A small model of runners, git triggers and runs: runners are created waiting for registration
// and revoked in place; triggers check what the server checks (the provider's events, the
// app-proxy for pull-request events, the repository's shape, the branch filter) and give out a
// secret only when created or rotated; runs are listed newest first from `db.runs`, started by
// hand (run, debug, the pipeline's `runnable`), and approved or denied (approve on the pipeline).

/**
 * Approves or denies a run waiting at a pending-approval step, as the server does: approve on
 * its pipeline, 409 unless it waits (at its first pending-approval step still pending);
 * approving queues it again, denying ends it.
 */
function decide(runId: string, decision: RunDecision): Run | Response {
  const run = db.runs.find((r) => r.id === runId);
  const pipeline = run && db.pipelines.find((p) => p.id === run.pipelineId);
  if (!run || !pipeline) return notFound('run');
  if (!pipeline.privileges.includes('approve')) {
    return missingPrivilege('approve', `pipeline ${pipeline.project}/${pipeline.name}`);
  }
  if (run.state !== 'pending-approval') {
    return problemResponse(409, 'Conflict', {
      detail: `Run #${run.number} is not waiting for approval.`,
      code: 'not-waiting',
    });
  }
  const at = new Date().toISOString();
  const waiting = run.steps.find(
    (step) => step.type === 'pending-approval' && step.state === 'pending',
  );
  const steps = run.steps.map((step) =>
    step === waiting
      ? { ...step, state: decision === 'approved' ? ('succeeded' as const) : ('failed' as const) }
      : step,
  );
  const decided: Run = {
    ...run,
    state: decision === 'approved' ? 'queued' : 'denied',
    steps,
    finishedAt: decision === 'approved' ? null : at,
    decisions: [
      ...run.decisions,
      {
        step: waiting?.name ?? 'approval',
        decision,
        by: { id: db.person.id, name: db.person.name },
        at,
      },
    ],
  };
  db.runs = db.runs.map((r) => (r.id === run.id ? decided : r));
  return decided;
}

function pageOf<T>(items: T[], url: URL) {
  const page = Number(url.searchParams.get('page') ?? 1);
  const pageSize = Number(url.searchParams.get('pageSize') ?? 20);
  return {
    items: items.slice((page - 1) * pageSize, page * pageSize),
    total: items.length,
    page,
    pageSize,
  };
}

let secretSequence = 0;
const newSecret = () => `whsec_mock_${++secretSequence}_${Math.random().toString(36).slice(2, 10)}`;

type TriggerInput = {
  gitProviderId: string;
  runnerId: string;
  repository: string;
  events: readonly TriggerEvent[];
  branchFilter?: string | null;
  modifiedFilesGlob?: string | null;
};

/** What the server refuses beyond the request's shape, as its 422 would name the fields. */
function triggerProblems(input: TriggerInput) {
  const errors: { path: string; message: string }[] = [];
  const provider = db.gitProviders.find((p) => p.id === input.gitProviderId);
  const runner = db.runners.find((r) => r.id === input.runnerId);
  if (!provider) errors.push({ path: 'gitProviderId', message: 'There is no such git provider.' });
  if (!runner) errors.push({ path: 'runnerId', message: 'There is no such runner.' });
  else if (runner.state === 'revoked') {
    errors.push({ path: 'runnerId', message: `Runner ${runner.name} is revoked.` });
  }
  if (provider) {
    const offered: readonly TriggerEvent[] = TRIGGER_EVENTS[provider.kind];
    input.events.forEach((event, index) => {
      if (!offered.includes(event)) {
        errors.push({
          path: `events.${index}`,
          message: `${provider.name} does not send ${event}.`,
        });
      }
    });
    const problem = repositoryProblem(provider.kind, input.repository);
    if (problem) errors.push({ path: 'repository', message: problem });
  }
  if (runner && !runner.appProxy && input.events.some((e) => PULL_REQUEST_EVENTS.includes(e))) {
    errors.push({
      path: 'events',
      message: `Runner ${runner.name} has no app-proxy: pull-request events need it.`,
    });
  }
  if (input.branchFilter) {
    // The server checks RE2; JavaScript's parser refuses the same unbalanced patterns.
    try {
      new RegExp(input.branchFilter);
    } catch {
      errors.push({
        path: 'branchFilter',
        message: 'The branch filter is not a valid RE2 pattern.',
      });
    }
  }
  return { errors, provider, runner };
}

function toTrigger(
  pipelineId: string,
  input: TriggerInput,
  provider: NonNullable<ReturnType<typeof triggerProblems>['provider']>,
  runner: NonNullable<ReturnType<typeof triggerProblems>['runner']>,
  base?: Trigger,
): Trigger {
  const id = base?.id ?? nextId();
  const now = new Date().toISOString();
  return buildTrigger({
    id,
    pipelineId,
    gitProvider: {
      id: provider.id,
      name: provider.name,
      kind: provider.kind,
      behindFirewall: provider.behindFirewall,
    },
    runner: { id: runner.id, name: runner.name, appProxy: runner.appProxy },
    repository: input.repository,
    events: [...input.events],
    branchFilter: input.branchFilter ?? null,
    modifiedFilesGlob: input.modifiedFilesGlob ?? null,
    webhookUrl: `http://localhost/api/hooks/${id}`,
    secretRotatedAt: base?.secretRotatedAt ?? now,
    version: base ? base.version + 1 : 1,
    createdAt: base?.createdAt ?? now,
    updatedAt: now,
    // As the server records it: its runs deploy with this person's access to clusters.
    updatedBy: { id: db.person.id, name: db.person.name },
  });
}

export const runnerHandlers = [
  http.get('/api/runners', ({ request, response }) => {
    const refused = refuse(request) ?? refuseUnlessAdministrator(ONLY_ADMINISTRATORS);
    if (refused) return response.untyped(refused);
    const url = new URL(request.url);
    const q = (url.searchParams.get('q') ?? '').toLowerCase();
    const items = db.runners
      .filter((runner) => runner.name.toLowerCase().includes(q))
      .sort((a, b) => a.name.localeCompare(b.name));
    return response(200).json(pageOf(items, url));
  }),

  http.post('/api/runners', async ({ request, response }) => {
    const refused = refuse(request) ?? refuseUnlessAdministrator(ONLY_ADMINISTRATORS);
    if (refused) return response.untyped(refused);
    const parsed = createRunnerRequestSchema.safeParse(await request.json());
    if (!parsed.success) return response.untyped(invalid(parsed.error));
    const { name } = parsed.data;
    if (db.runners.some((r) => r.name.toLowerCase() === name.toLowerCase())) {
      return response.untyped(
        invalidFields([{ path: 'name', message: `There is already a runner named ${name}.` }]),
      );
    }
    const runner = buildRunner({
      name,
      state: 'waiting',
      createdAt: new Date().toISOString(),
      registeredAt: null,
      lastPollAt: null,
      version: null,
    });
    db.runners = [...db.runners, runner];
    return response(201).json({
      ...runner,
      registrationToken: `prr_mock_${runner.id.slice(-6)}`,
      registrationExpiresAt: new Date(Date.now() + REGISTRATION_TOKEN_TTL_MS).toISOString(),
    });
  }),

  http.delete('/api/runners/{id}', ({ request, params, response }) => {
    const refused = refuse(request) ?? refuseUnlessAdministrator(ONLY_ADMINISTRATORS);
    if (refused) return response.untyped(refused);
    const runner = db.runners.find((r) => r.id === params.id);
    if (!runner) return response.untyped(notFound('runner'));
    const revoked = { ...runner, state: 'revoked' as const, revokedAt: new Date().toISOString() };
    db.runners = db.runners.map((r) => (r.id === runner.id ? revoked : r));
    return response(200).json(revoked);
  }),

  // The trigger form's runners: for whoever has update on the pipeline, administrators or not.
  http.get('/api/pipelines/{id}/runner-choices', ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const pipeline = db.pipelines.find((p) => p.id === params.id);
    if (!pipeline) return response.untyped(notFound('pipeline'));
    if (!pipeline.privileges.includes('update')) {
      return response.untyped(
        problemResponse(403, 'Forbidden', {
          detail: `You need the update privilege on pipeline ${pipeline.project}/${pipeline.name}; no rule of your teams grants it.`,
          code: 'missing-privilege',
          privilege: 'update',
        }),
      );
    }
    const items = db.runners
      .filter((runner) => runner.state !== 'revoked')
      .sort((a, b) => a.name.localeCompare(b.name))
      .slice(0, RUNNER_CHOICES_MAX)
      .map(({ id, name, appProxy, state }) => ({
        id,
        name,
        appProxy,
        state: state as RunnerChoice['state'],
      }));
    return response(200).json({ items });
  }),

  http.get('/api/pipelines/{id}/triggers', ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    if (!db.pipelines.some((p) => p.id === params.id)) {
      return response.untyped(notFound('pipeline'));
    }
    return response(200).json({ items: db.triggers.filter((t) => t.pipelineId === params.id) });
  }),

  http.post('/api/pipelines/{id}/triggers', async ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    if (!db.pipelines.some((p) => p.id === params.id)) {
      return response.untyped(notFound('pipeline'));
    }
    const parsed = createTriggerRequestSchema.safeParse(await request.json());
    if (!parsed.success) return response.untyped(invalid(parsed.error));
    const { errors, provider, runner } = triggerProblems(parsed.data);
    if (errors.length > 0 || !provider || !runner) return response.untyped(invalidFields(errors));
    const trigger = toTrigger(params.id, parsed.data, provider, runner);
    const secret = newSecret();
    db.triggers = [...db.triggers, trigger];
    db.triggerSecrets[trigger.id] = secret;
    return response(201).json({ ...trigger, secret });
  }),

  http.patch('/api/triggers/{id}', async ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const current = db.triggers.find((t) => t.id === params.id);
    if (!current) return response.untyped(notFound('trigger'));
    const stale = versionProblem(request, {
      version: current.version,
      subject: `The trigger of ${current.repository}`,
    });
    if (stale) return response.untyped(stale);
    const parsed = updateTriggerRequestSchema.safeParse(await request.json());
    if (!parsed.success) return response.untyped(invalid(parsed.error));
    const input: TriggerInput = {
      gitProviderId: parsed.data.gitProviderId ?? current.gitProvider.id,
      runnerId: parsed.data.runnerId ?? current.runner.id,
      repository: parsed.data.repository ?? current.repository,
      events: parsed.data.events ?? current.events,
      branchFilter:
        parsed.data.branchFilter === undefined ? current.branchFilter : parsed.data.branchFilter,
      modifiedFilesGlob:
        parsed.data.modifiedFilesGlob === undefined
          ? current.modifiedFilesGlob
          : parsed.data.modifiedFilesGlob,
    };
    const { errors, provider, runner } = triggerProblems(input);
    if (errors.length > 0 || !provider || !runner) return response.untyped(invalidFields(errors));
    const trigger = toTrigger(current.pipelineId, input, provider, runner, current);
    db.triggers = db.triggers.map((t) => (t.id === trigger.id ? trigger : t));
    return response(200).json(trigger);
  }),

  http.delete('/api/triggers/{id}', ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    if (!db.triggers.some((t) => t.id === params.id)) {
      return response.untyped(notFound('trigger'));
    }
    db.triggers = db.triggers.filter((t) => t.id !== params.id);
    delete db.triggerSecrets[params.id];
    return response(204).empty();
  }),

  http.post('/api/triggers/{id}/rotate-secret', ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const current = db.triggers.find((t) => t.id === params.id);
    if (!current) return response.untyped(notFound('trigger'));
    const trigger = {
      ...current,
      secretRotatedAt: new Date().toISOString(),
      version: current.version + 1,
      updatedBy: { id: db.person.id, name: db.person.name },
    };
    const secret = newSecret();
    db.triggers = db.triggers.map((t) => (t.id === trigger.id ? trigger : t));
    db.triggerSecrets[trigger.id] = secret;
    return response(200).json({ ...trigger, secret });
  }),

  http.get('/api/pipelines/{id}/runs', ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    if (!db.pipelines.some((p) => p.id === params.id)) {
      return response.untyped(notFound('pipeline'));
    }
    const items = db.runs
      .filter((run) => run.pipelineId === params.id)
      .sort((a, b) => b.number - a.number);
    return response(200).json(pageOf(items, new URL(request.url)));
  }),

  http.post('/api/pipelines/{id}/runs', async ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const pipeline = db.pipelines.find((p) => p.id === params.id);
    if (!pipeline) return response.untyped(notFound('pipeline'));
    const parsed = createRunRequestSchema.safeParse(
      await request
        .clone()
        .json()
        .catch(() => ({})),
    );
    if (!parsed.success) return response.untyped(invalid(parsed.error));
    const label = `pipeline ${pipeline.project}/${pipeline.name}`;
    const privilege = !pipeline.privileges.includes('run')
      ? 'run'
      : parsed.data.debug && !pipeline.privileges.includes('debug')
        ? 'debug'
        : undefined;
    if (privilege) return response.untyped(missingPrivilege(privilege, label));
    if (!pipeline.runnable.allowed) {
      return response.untyped(
        problemResponse(409, 'Conflict', {
          detail: pipeline.runnable.reason ?? 'This pipeline may not run now.',
          code: pipeline.runnable.code ?? 'not-runnable',
        }),
      );
    }
    const number =
      Math.max(0, ...db.runs.filter((r) => r.pipelineId === pipeline.id).map((r) => r.number)) + 1;
    const run = buildRun({
      pipelineId: pipeline.id,
      number,
      trigger: { kind: 'manual', userId: db.person.id, userName: db.person.name },
      debug: parsed.data.debug,
      createdAt: new Date().toISOString(),
    });
    db.runs = [...db.runs, run];
    return response(201).json(run);
  }),

  http.post('/api/runs/{id}/approve', ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const decided = decide(params.id, 'approved');
    return decided instanceof Response ? response.untyped(decided) : response(200).json(decided);
  }),

  http.post('/api/runs/{id}/deny', ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const decided = decide(params.id, 'denied');
    return decided instanceof Response ? response.untyped(decided) : response(200).json(decided);
  }),

  http.get('/api/runs/{id}/approvers', ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const run = db.runs.find((r) => r.id === params.id);
    if (!run || !db.pipelines.some((p) => p.id === run.pipelineId)) {
      return response.untyped(notFound('run'));
    }
    // The mock's approvers: the account's administrators (who hold every privilege).
    const items = db.people
      .filter((person) => person.level === 'administrator' && person.status === 'active')
      .map((person) => ({ id: person.id, name: person.name }));
    return response(200).json({
      items: items.slice(0, RUN_APPROVERS_MAX),
      truncated: items.length > RUN_APPROVERS_MAX,
    });
  }),
];
