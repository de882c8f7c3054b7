/**
 * Git triggers (P-5.5, P-5.6): on a pipeline's page, the webhooks of private repositories that
 * queue its runs. Read needs read on the pipeline; every change needs update on it, and is
 * audited whoever makes it. Every change (a rotation too) records who made it (`updated_by`):
 * the runs the webhook queues deploy only to clusters that person may read (hooks.service.ts).
 *
 * The webhook secret is sealed (lib/secret-box.ts), not hashed: GitHub and Bitbucket Server sign
 * each delivery with it, so the server needs it back to check a signature. It is in the answers
 * to create and rotate, and in no other answer.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { FieldError } from '../../../contract/problem';
import {
  PULL_REQUEST_EVENTS,
  TRIGGER_EVENTS,
  repositoryProblem,
  type CreateTriggerRequest,
  type Trigger,
  type TriggerEvent,
  type TriggerList,
  type TriggerWithSecret,
  type UpdateTriggerRequest,
} from '../../../contract/triggers';
import { GIT_PROVIDER_KIND_LABELS } from '../../../contract/integrations';
import {
  RUNNER_CHOICES_MAX,
  type RunnerChoice,
  type RunnerChoiceList,
} from '../../../contract/runners';
import type { Db } from '../../db/client';
import { gitProviders, pipelines, runners, triggers, users } from '../../db/schema';
import type { Deps, Principal } from '../../lib/context';
import { randomToken } from '../../lib/crypto';
import { HttpProblem } from '../../lib/problem';
import { assertCurrentVersion } from '../../lib/versions';
import { accessOf, readableOr404, requirePrivilege, type Access } from '../access/access.service';
import { recordAudit, secretMarker } from '../audit/audit.service';
import { runnerStateOf } from '../runners/runners.service';
import { branchFilterProblem, globProblem } from './patterns';

type TriggerRow = typeof triggers.$inferSelect;
type ProviderRow = Pick<
  typeof gitProviders.$inferSelect,
  'id' | 'name' | 'kind' | 'behindFirewall'
>;
type RunnerRow = Pick<typeof runners.$inferSelect, 'id' | 'name' | 'appProxy' | 'revokedAt'>;
type PipelineRow = Pick<typeof pipelines.$inferSelect, 'id' | 'project' | 'name' | 'tags'>;
/** Who the trigger's runs act for: who created or last changed it (null once removed). */
type PersonRow = { id: string; name: string } | null;

const providerColumns = {
  id: gitProviders.id,
  name: gitProviders.name,
  kind: gitProviders.kind,
  behindFirewall: gitProviders.behindFirewall,
};
const runnerColumns = {
  id: runners.id,
  name: runners.name,
  appProxy: runners.appProxy,
  revokedAt: runners.revokedAt,
};
const personColumns = { id: users.id, name: users.name };

/** The signed-in person as a trigger records them. */
async function personOf(db: Db, principal: Principal): Promise<{ id: string; name: string }> {
  const [person] = await db
    .select(personColumns)
    .from(users)
    .where(and(eq(users.id, principal.userId), eq(users.accountId, principal.accountId)));
  return person ?? { id: principal.userId, name: 'someone' };
}

function toTrigger(
  row: TriggerRow,
  provider: ProviderRow,
  runner: RunnerRow,
  person: PersonRow,
  consoleUrl: string,
): Trigger {
  return {
    id: row.id,
    pipelineId: row.pipelineId,
    gitProvider: {
      id: provider.id,
      name: provider.name,
      kind: provider.kind,
      behindFirewall: provider.behindFirewall,
    },
    runner: { id: runner.id, name: runner.name, appProxy: runner.appProxy },
    repository: row.repository,
    events: row.events,
    branchFilter: row.branchFilter,
    modifiedFilesGlob: row.modifiedFilesGlob,
    webhookUrl: `${consoleUrl}/api/hooks/${row.id}`,
    secretRotatedAt: row.secretRotatedAt.toISOString(),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy && person ? { id: person.id, name: person.name } : null,
  };
}

/** What the audit log records of a trigger: its settings by name, its secret as a marker. */
function triggerSnapshot(
  row: TriggerRow,
  provider: ProviderRow,
  runner: RunnerRow,
  person: PersonRow,
  secretReplaced = false,
) {
  return {
    gitProvider: provider.name,
    runner: runner.name,
    // Whose access to clusters its runs have: a change of hands is a change worth recording.
    actsFor: row.updatedBy && person ? person.name : null,
    repository: row.repository,
    events: row.events,
    branchFilter: row.branchFilter,
    modifiedFilesGlob: row.modifiedFilesGlob,
    secret: secretMarker(true, secretReplaced),
  };
}
const triggerTarget = (row: TriggerRow, pipeline: PipelineRow) =>
  ({
    type: 'trigger',
    id: row.id,
    name: `${row.repository} → ${pipeline.project}/${pipeline.name}`,
  }) as const;

const labelOf = (pipeline: PipelineRow) => `pipeline ${pipeline.project}/${pipeline.name}`;
/** The start of a 412's sentence: "The trigger of acme/api on pipeline web/deploy". */
const subjectOf = (row: TriggerRow, pipeline: PipelineRow) =>
  `The trigger of ${row.repository} on ${labelOf(pipeline)}`;

async function readablePipeline(
  db: Db,
  principal: Principal,
  access: Access,
  id: string,
  forUpdate = false,
): Promise<PipelineRow> {
  const query = db
    .select({
      id: pipelines.id,
      project: pipelines.project,
      name: pipelines.name,
      tags: pipelines.tags,
    })
    .from(pipelines)
    .where(and(eq(pipelines.id, id), eq(pipelines.accountId, principal.accountId)));
  const [row] = forUpdate ? await query.for('update') : await query;
  return readableOr404(row, access, 'pipeline');
}

function noSuchTrigger() {
  return new HttpProblem(404, 'There is no such trigger, or you may not see its pipeline.');
}

/** The trigger with its provider, runner and pipeline, if the caller may read the pipeline. */
async function readableTrigger(
  db: Db,
  principal: Principal,
  access: Access,
  id: string,
  forUpdate = false,
) {
  const query = db
    .select({
      trigger: triggers,
      provider: providerColumns,
      runner: runnerColumns,
      person: personColumns,
      pipeline: {
        id: pipelines.id,
        project: pipelines.project,
        name: pipelines.name,
        tags: pipelines.tags,
      },
    })
    .from(triggers)
    .innerJoin(gitProviders, eq(gitProviders.id, triggers.gitProviderId))
    .innerJoin(runners, eq(runners.id, triggers.runnerId))
    .innerJoin(pipelines, eq(pipelines.id, triggers.pipelineId))
    .leftJoin(users, eq(users.id, triggers.updatedBy))
    .where(and(eq(triggers.id, id), eq(triggers.accountId, principal.accountId)));
  const [row] = forUpdate ? await query.for('update', { of: triggers }) : await query;
  if (!row) throw noSuchTrigger();
  try {
    readableOr404(row.pipeline, access, 'pipeline');
  } catch {
    throw noSuchTrigger();
  }
  return row;
}

async function providerOf(db: Db, accountId: string, id: string) {
  const [row] = await db
    .select(providerColumns)
    .from(gitProviders)
    .where(and(eq(gitProviders.id, id), eq(gitProviders.accountId, accountId)));
  return row;
}

async function runnerOf(db: Db, accountId: string, id: string) {
  const [row] = await db
    .select(runnerColumns)
    .from(runners)
    .where(and(eq(runners.id, id), eq(runners.accountId, accountId)));
  return row;
}

interface Settings {
  provider: ProviderRow | undefined;
  runner: RunnerRow | undefined;
  repository: string;
  events: TriggerEvent[];
  branchFilter: string | null;
  modifiedFilesGlob: string | null;
}

/**
 * Every reason the settings cannot be saved, at once, each on its field. `blame` says which
 * field a conflict between two of them lands on (the one the change touched).
 */
function settingsErrors(
  settings: Settings,
  blame: { kind: 'gitProviderId' | 'events'; appProxy: 'runnerId' | 'events' },
): FieldError[] {
  const errors: FieldError[] = [];
  const { provider, runner } = settings;
  if (!provider) errors.push({ path: 'gitProviderId', message: 'There is no such git provider.' });
  if (!runner) errors.push({ path: 'runnerId', message: 'There is no such runner.' });
  else if (runner.revokedAt) {
    errors.push({
      path: 'runnerId',
      message: `Runner ${runner.name} was revoked: choose a runner that can still poll.`,
    });
  }
  if (provider) {
    const problem = repositoryProblem(provider.kind, settings.repository);
    if (problem) errors.push({ path: 'repository', message: problem });
    const offered: readonly string[] = TRIGGER_EVENTS[provider.kind];
    const foreign = settings.events.filter((event) => !offered.includes(event));
    if (foreign.length > 0) {
      errors.push({
        path: blame.kind,
        message: `${GIT_PROVIDER_KIND_LABELS[provider.kind]} does not send ${foreign.join(', ')}; it offers ${offered.join(', ')}.`,
      });
    }
  }
  const pullRequests = settings.events.filter((event) => PULL_REQUEST_EVENTS.includes(event));
  if (runner && !runner.appProxy && pullRequests.length > 0) {
    errors.push({
      path: blame.appProxy,
      message: `Pull-request events (${pullRequests.join(', ')}) reach the platform only through a runner’s app-proxy, and runner ${runner.name} has none (P-5.6).`,
    });
  }
  if (settings.branchFilter !== null) {
    const problem = branchFilterProblem(settings.branchFilter);
    if (problem) errors.push({ path: 'branchFilter', message: problem });
  }
  if (settings.modifiedFilesGlob !== null) {
    const problem = globProblem(settings.modifiedFilesGlob);
    if (problem) errors.push({ path: 'modifiedFilesGlob', message: problem });
  }
  return errors;
}

function assertValid(errors: FieldError[]) {
  if (errors.length === 0) return;
  const detail =
    errors.length === 1 ? errors[0]!.message : `${errors.length} fields need attention.`;
  throw new HttpProblem(422, detail, { errors });
}

/** Empty text is no filter. */
const orNull = (value: string | null | undefined) =>
  value === undefined || value === null || value.trim() === '' ? null : value;

/** `GET /api/pipelines/:id/triggers`: needs read on the pipeline. */
export async function listTriggers(
  { db }: Deps,
  principal: Principal,
  pipelineId: string,
  consoleUrl: string,
): Promise<TriggerList> {
  const access = await accessOf(db, principal, 'pipeline');
  await readablePipeline(db, principal, access, pipelineId);
  const rows = await db
    .select({
      trigger: triggers,
      provider: providerColumns,
      runner: runnerColumns,
      person: personColumns,
    })
    .from(triggers)
    .innerJoin(gitProviders, eq(gitProviders.id, triggers.gitProviderId))
    .innerJoin(runners, eq(runners.id, triggers.runnerId))
    .leftJoin(users, eq(users.id, triggers.updatedBy))
    .where(eq(triggers.pipelineId, pipelineId))
    .orderBy(asc(triggers.createdAt), asc(triggers.id));
  return {
    items: rows.map((r) => toTrigger(r.trigger, r.provider, r.runner, r.person, consoleUrl)),
  };
}

/**
 * `GET /api/pipelines/:id/runner-choices`: the runners a trigger of the pipeline may use (not
 * revoked), by name, for whoever may add one (update on the pipeline). Only what choosing needs:
 * the runners list with versions and poll times stays administrators-only.
 */
export async function listRunnerChoices(
  { db, clock }: Deps,
  principal: Principal,
  pipelineId: string,
): Promise<RunnerChoiceList> {
  const access = await accessOf(db, principal, 'pipeline');
  const pipeline = await readablePipeline(db, principal, access, pipelineId);
  requirePrivilege(access, { type: 'pipeline', tags: pipeline.tags }, 'update', labelOf(pipeline));
  const rows = await db
    .select()
    .from(runners)
    .where(and(eq(runners.accountId, principal.accountId), isNull(runners.revokedAt)))
    .orderBy(asc(runners.name), asc(runners.id))
    .limit(RUNNER_CHOICES_MAX);
  const now = clock.now();
  return {
    items: rows.map((row) => ({
      id: row.id,
      name: row.name,
      appProxy: row.appProxy,
      // Revoked rows are filtered out above.
      state: runnerStateOf(row, now) as RunnerChoice['state'],
    })),
  };
}

/** `POST /api/pipelines/:id/triggers`: needs update on the pipeline. */
export async function createTrigger(
  { db, clock, secrets }: Deps,
  principal: Principal,
  pipelineId: string,
  input: CreateTriggerRequest,
  consoleUrl: string,
): Promise<TriggerWithSecret> {
  const access = await accessOf(db, principal, 'pipeline');
  const secret = randomToken();
  return db.transaction(async (tx) => {
    const pipeline = await readablePipeline(tx, principal, access, pipelineId, true);
    requirePrivilege(
      access,
      { type: 'pipeline', tags: pipeline.tags },
      'update',
      labelOf(pipeline),
    );
    const settings: Settings = {
      provider: await providerOf(tx, principal.accountId, input.gitProviderId),
      runner: await runnerOf(tx, principal.accountId, input.runnerId),
      repository: input.repository,
      events: [...new Set(input.events)],
      branchFilter: orNull(input.branchFilter),
      modifiedFilesGlob: orNull(input.modifiedFilesGlob),
    };
    assertValid(settingsErrors(settings, { kind: 'events', appProxy: 'events' }));
    const person = await personOf(tx, principal);
    const now = clock.now();
    const [created] = await tx
      .insert(triggers)
      .values({
        accountId: principal.accountId,
        pipelineId,
        gitProviderId: settings.provider!.id,
        runnerId: settings.runner!.id,
        repository: settings.repository,
        events: settings.events,
        branchFilter: settings.branchFilter,
        modifiedFilesGlob: settings.modifiedFilesGlob,
        secretSealed: secrets.seal(secret),
        secretRotatedAt: now,
        createdAt: now,
        updatedAt: now,
        updatedBy: principal.userId,
      })
      .returning();
    await recordAudit(tx, principal, {
      at: now,
      action: 'trigger.created',
      target: triggerTarget(created!, pipeline),
      before: null,
      after: triggerSnapshot(created!, settings.provider!, settings.runner!, person),
    });
    return {
      ...toTrigger(created!, settings.provider!, settings.runner!, person, consoleUrl),
      secret,
    };
  });
}

/** `GET /api/triggers/:id`: needs read on its pipeline. */
export async function getTrigger(
  { db }: Deps,
  principal: Principal,
  id: string,
  consoleUrl: string,
): Promise<Trigger> {
  const access = await accessOf(db, principal, 'pipeline');
  const row = await readableTrigger(db, principal, access, id);
  return toTrigger(row.trigger, row.provider, row.runner, row.person, consoleUrl);
}

/**
 * `PATCH /api/triggers/:id`: any subset of the settings; needs update on its pipeline. An
 * `If-Match` (optional) must name the current version.
 */
export async function updateTrigger(
  { db, clock }: Deps,
  principal: Principal,
  id: string,
  change: UpdateTriggerRequest,
  consoleUrl: string,
  ifMatch?: string,
): Promise<Trigger> {
  const access = await accessOf(db, principal, 'pipeline');
  return db.transaction(async (tx) => {
    const current = await readableTrigger(tx, principal, access, id, true);
    const { pipeline } = current;
    requirePrivilege(
      access,
      { type: 'pipeline', tags: pipeline.tags },
      'update',
      labelOf(pipeline),
    );
    assertCurrentVersion(ifMatch, current.trigger.version, subjectOf(current.trigger, pipeline));
    const settings: Settings = {
      provider:
        change.gitProviderId === undefined
          ? current.provider
          : await providerOf(tx, principal.accountId, change.gitProviderId),
      runner:
        change.runnerId === undefined
          ? current.runner
          : await runnerOf(tx, principal.accountId, change.runnerId),
      repository: change.repository ?? current.trigger.repository,
      events: change.events ? [...new Set(change.events)] : current.trigger.events,
      branchFilter:
        change.branchFilter === undefined
          ? current.trigger.branchFilter
          : orNull(change.branchFilter),
      modifiedFilesGlob:
        change.modifiedFilesGlob === undefined
          ? current.trigger.modifiedFilesGlob
          : orNull(change.modifiedFilesGlob),
    };
    const errors = settingsErrors(settings, {
      kind: change.events ? 'events' : 'gitProviderId',
      appProxy: change.events ? 'events' : 'runnerId',
    });
    // A runner revoked since the trigger was saved does not block other changes to it.
    const keptRevoked = change.runnerId === undefined;
    assertValid(
      errors.filter((e) => !(keptRevoked && e.path === 'runnerId' && current.runner.revokedAt)),
    );
    const person = await personOf(tx, principal);
    const [updated] = await tx
      .update(triggers)
      .set({
        gitProviderId: settings.provider!.id,
        runnerId: settings.runner!.id,
        repository: settings.repository,
        events: settings.events,
        branchFilter: settings.branchFilter,
        modifiedFilesGlob: settings.modifiedFilesGlob,
        version: current.trigger.version + 1,
        updatedAt: clock.now(),
        updatedBy: principal.userId,
      })
      .where(eq(triggers.id, id))
      .returning();
    await recordAudit(tx, principal, {
      at: updated!.updatedAt,
      action: 'trigger.updated',
      target: triggerTarget(updated!, pipeline),
      before: triggerSnapshot(current.trigger, current.provider, current.runner, current.person),
      after: triggerSnapshot(updated!, settings.provider!, settings.runner!, person),
    });
    return toTrigger(updated!, settings.provider!, settings.runner!, person, consoleUrl);
  });
}

/**
 * `DELETE /api/triggers/:id`: needs update on its pipeline (a trigger is part of it). An
 * `If-Match` (optional) must name the current version.
 */
export async function deleteTrigger(
  { db, clock }: Deps,
  principal: Principal,
  id: string,
  ifMatch?: string,
) {
  const access = await accessOf(db, principal, 'pipeline');
  await db.transaction(async (tx) => {
    const current = await readableTrigger(tx, principal, access, id, true);
    const { pipeline } = current;
    requirePrivilege(
      access,
      { type: 'pipeline', tags: pipeline.tags },
      'update',
      labelOf(pipeline),
    );
    assertCurrentVersion(ifMatch, current.trigger.version, subjectOf(current.trigger, pipeline));
    await tx.delete(triggers).where(eq(triggers.id, id));
    await recordAudit(tx, principal, {
      at: clock.now(),
      action: 'trigger.deleted',
      target: triggerTarget(current.trigger, pipeline),
      before: triggerSnapshot(current.trigger, current.provider, current.runner, current.person),
      after: null,
    });
  });
}

/**
 * `POST /api/triggers/:id/rotate-secret`: a new secret, shown in this answer only; the old one
 * stops working at once (deliveries signed with it get 401).
 */
export async function rotateTriggerSecret(
  { db, clock, secrets }: Deps,
  principal: Principal,
  id: string,
  consoleUrl: string,
): Promise<TriggerWithSecret> {
  const access = await accessOf(db, principal, 'pipeline');
  const secret = randomToken();
  return db.transaction(async (tx) => {
    const current = await readableTrigger(tx, principal, access, id, true);
    const { pipeline } = current;
    requirePrivilege(
      access,
      { type: 'pipeline', tags: pipeline.tags },
      'update',
      labelOf(pipeline),
    );
    const person = await personOf(tx, principal);
    const now = clock.now();
    const [updated] = await tx
      .update(triggers)
      .set({
        secretSealed: secrets.seal(secret),
        secretRotatedAt: now,
        version: current.trigger.version + 1,
        updatedAt: now,
        updatedBy: principal.userId,
      })
      .where(eq(triggers.id, id))
      .returning();
    await recordAudit(tx, principal, {
      at: now,
      action: 'trigger.secret-rotated',
      target: triggerTarget(updated!, pipeline),
      before: triggerSnapshot(current.trigger, current.provider, current.runner, current.person),
      after: triggerSnapshot(updated!, current.provider, current.runner, person, true),
    });
    return { ...toTrigger(updated!, current.provider, current.runner, person, consoleUrl), secret };
  });
}
