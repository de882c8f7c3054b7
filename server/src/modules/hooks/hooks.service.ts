/**
 * `POST /api/hooks/:triggerId`: a git provider's webhook delivery. No session and no CSRF: the
 * provider's signature (or GitLab's token) is the only proof, checked over the raw bytes before
 * the body is parsed. In order:
 *
 * 404 unknown trigger → 415 not JSON → 413 over 1 MiB (counted while reading) → 401 wrong or
 * missing signature → 400 not a JSON object, or no delivery id (`delivery-id-missing`) → 202 nothing to queue (ping, an event the trigger
 * does not select, another repository, a branch the filter refuses, no modified file matching the
 * glob, a revoked runner, a delivery id already received, a pipeline that may not run now — its
 * inline definition deploying to a cluster the trigger's person may not read included) → 201 a
 * run queued for the trigger's runner.
 */
import { and, eq, lt } from 'drizzle-orm';
import { GIT_PROVIDER_KIND_LABELS, type GitProviderKind } from '../../../contract/integrations';
import type { RunTrigger } from '../../../contract/runs';
import type { HookIgnored, HookQueued } from '../../../contract/triggers';
import { gitProviders, hookDeliveries, pipelines, runners, triggers, users } from '../../db/schema';
import type { Db } from '../../db/client';
import type { Deps } from '../../lib/context';
import type { ClusterActor } from '../pipelines/cluster-references';
import { HttpProblem } from '../../lib/problem';
import { refusedCharacter, truncateText, type TextKind } from '../../lib/text-input';
import { queueNotifier, queueRun, TRIGGERED_RUN_STEPS } from '../runs/queue';
import { planRun } from '../runs/runs.service';
import { anyFileMatches, branchMatches } from '../triggers/patterns';
import { readDelivery, type DeliveredEvent } from './payloads';
import { deliveryIsAuthentic } from './signatures';

/** The largest delivery accepted: GitHub caps its payloads at 25 MB, but pushes are far smaller. */
export const MAX_HOOK_BODY_BYTES = 1024 * 1024;

/** How long a delivery id is remembered: a replay within this window queues nothing. */
export const HOOK_DELIVERY_MEMORY_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The header in which each provider names the delivery (one id per event, kept on redelivery).
 * Every delivery must carry it: one without could not be told from a replay.
 */
const DELIVERY_ID_HEADER: Record<GitProviderKind, string> = {
  github: 'X-GitHub-Delivery',
  'github-enterprise': 'X-GitHub-Delivery',
  gitlab: 'X-Gitlab-Event-UUID',
  'bitbucket-server': 'X-Request-Id',
};

/** Longer ids are cut to this length; providers send UUIDs (36 characters). */
const MAX_DELIVERY_ID_LENGTH = 200;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function noSuchTrigger() {
  return new HttpProblem(404, 'There is no such trigger: check the webhook URL.');
}

/** The body's bytes, refused with 413 as soon as more than `limit` have arrived. */
export async function readLimited(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

function tooLarge(limit: number) {
  return new HttpProblem(413, `A webhook delivery may be at most ${limit / 1024 / 1024} MiB.`);
}

/**
 * The trigger's secret; undefined when this server cannot open it (it was sealed under another
 * SECRETS_KEY). The delivery then fails its signature check like any other, and the log tells
 * the operator to rotate the secret.
 */
function secretOf(deps: Deps, trigger: { id: string; secretSealed: string }): string | undefined {
  try {
    return deps.secrets.open(trigger.secretSealed);
  } catch {
    deps.logger.warn(
      { triggerId: trigger.id },
      'webhook secret cannot be opened with this server’s SECRETS_KEY; rotate the trigger’s secret',
    );
    return undefined;
  }
}

function isJsonContentType(value: string | null): boolean {
  const type = value?.split(';')[0]?.trim().toLowerCase();
  return type === 'application/json';
}

export async function receiveHook(
  deps: Deps,
  triggerId: string,
  request: Request,
): Promise<{ status: 201; body: HookQueued } | { status: 202; body: HookIgnored }> {
  if (!UUID.test(triggerId)) throw noSuchTrigger();
  const [found] = await deps.db
    .select({
      trigger: triggers,
      kind: gitProviders.kind,
      runnerRevokedAt: runners.revokedAt,
      runnerName: runners.name,
    })
    .from(triggers)
    .innerJoin(gitProviders, eq(gitProviders.id, triggers.gitProviderId))
    .innerJoin(runners, eq(runners.id, triggers.runnerId))
    .innerJoin(pipelines, eq(pipelines.id, triggers.pipelineId))
    .where(eq(triggers.id, triggerId));
  if (!found) throw noSuchTrigger();
  const { trigger, kind } = found;

  if (!isJsonContentType(request.headers.get('content-type'))) {
    throw new HttpProblem(
      415,
      'Send the webhook as application/json (in GitHub: Content type application/json).',
    );
  }
  const body = await readLimited(request, MAX_HOOK_BODY_BYTES);
  const header = (name: string) => request.headers.get(name) ?? undefined;
  if (!deliveryIsAuthentic(kind, secretOf(deps, trigger), body, header)) {
    throw new HttpProblem(401, 'The delivery’s signature does not match the trigger’s secret.', {
      code: 'invalid-signature',
    });
  }

  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    throw new HttpProblem(400, 'The delivery is not valid JSON.');
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new HttpProblem(400, 'The delivery is not a JSON object.');
  }

  const deliveryId = header(DELIVERY_ID_HEADER[kind])?.trim().slice(0, MAX_DELIVERY_ID_LENGTH);
  if (!deliveryId) {
    throw new HttpProblem(
      400,
      `The delivery has no ${DELIVERY_ID_HEADER[kind]} header. ${GIT_PROVIDER_KIND_LABELS[kind]} sends one with every delivery; Perimeter needs it to recognise a replay, so it queues nothing without it.`,
      { code: 'delivery-id-missing' },
    );
  }
  const decision = decide(kind, trigger, found, payload as Record<string, unknown>, header);
  const at = deps.clock.now();
  const outcome = await deps.db.transaction(async (tx) => {
    // Forget this trigger's ids older than the window (cheap: the trigger's rows only).
    await tx
      .delete(hookDeliveries)
      .where(
        and(
          eq(hookDeliveries.triggerId, trigger.id),
          lt(hookDeliveries.receivedAt, new Date(at.getTime() - HOOK_DELIVERY_MEMORY_MS)),
        ),
      );
    const recorded = await tx
      .insert(hookDeliveries)
      .values({ triggerId: trigger.id, deliveryId, receivedAt: at })
      .onConflictDoNothing()
      .returning({ deliveryId: hookDeliveries.deliveryId });
    if (recorded.length === 0) {
      return {
        ignored: `This delivery (${deliveryId}) was already received; a replay queues nothing.`,
      };
    }
    if ('ignored' in decision) return decision;
    const [pipeline] = await tx
      .select()
      .from(pipelines)
      .where(eq(pipelines.id, trigger.pipelineId))
      .for('update');
    // The switches and restrictions bind webhooks as they bind the Run button (P-4.2, P-4.3),
    // and the clusters it deploys to are judged for the person who last changed the trigger.
    const plan = await planRun(tx, pipeline!, {
      kind: 'trigger',
      person: await triggerPerson(tx, trigger),
    });
    if ('refused' in plan) {
      return { ignored: `The pipeline may not run now: ${plan.refused.reason}` };
    }
    const run = await queueRun(tx, {
      accountId: trigger.accountId,
      pipelineId: trigger.pipelineId,
      trigger: decision.runTrigger,
      runnerId: trigger.runnerId,
      // A git or url definition is loaded by the runner; until then the run clones the repository.
      steps: plan.steps.length > 0 ? plan.steps : TRIGGERED_RUN_STEPS,
      at,
    });
    return { run };
  });
  if ('ignored' in outcome) {
    return { status: 202, body: { queued: false, reason: outcome.ignored } };
  }
  const { run } = outcome;
  queueNotifier(deps).notify(trigger.accountId);
  return { status: 201, body: { queued: true, runId: run.id, number: run.number } };
}

type TriggerRow = typeof triggers.$inferSelect;

/**
 * The person a trigger's runs act for (who created or last changed it), as they are now: null
 * when they were removed (the column was set null) or cannot sign in.
 */
async function triggerPerson(db: Db, trigger: TriggerRow): Promise<ClusterActor | null> {
  if (!trigger.updatedBy) return null;
  const [person] = await db
    .select({ userId: users.id, accountId: users.accountId, level: users.level })
    .from(users)
    .where(
      and(
        eq(users.id, trigger.updatedBy),
        eq(users.accountId, trigger.accountId),
        eq(users.status, 'active'),
      ),
    );
  return person ?? null;
}

/**
 * The delivery's branch, revision and message are kept with the run; text they cannot hold (a
 * NUL, an unpaired surrogate, a control character: lib/text-input.ts) is refused with 422, as
 * in any other request. Git itself allows none of these in a ref, a SHA or a commit message.
 */
function assertStorable(delivered: DeliveredEvent): void {
  const fields: [string, string | null, TextKind][] = [
    ['branch', delivered.branch, 'single-line'],
    ['revision', delivered.revision, 'single-line'],
    ['message', delivered.message, 'multi-line'],
  ];
  for (const [path, value, kind] of fields) {
    const message = value === null ? undefined : refusedCharacter(value, kind);
    if (message) {
      throw new HttpProblem(422, `The delivery’s ${path}: ${message}`, {
        errors: [{ path, message }],
      });
    }
  }
}

/** What the delivery asks for: a run with this trigger, or nothing and why. */
function decide(
  kind: GitProviderKind,
  trigger: TriggerRow,
  runner: { runnerRevokedAt: Date | null; runnerName: string },
  payload: Record<string, unknown>,
  header: (name: string) => string | undefined,
): { ignored: string } | { runTrigger: RunTrigger } {
  const read = readDelivery(kind, payload, header);
  const ignored = (reason: string) => ({ ignored: reason });
  if (!read.ok) return ignored(read.reason);
  const { delivered } = read;
  assertStorable(delivered);
  const event = trigger.events.find((name) => name === delivered.event);
  if (!event) return ignored(`The trigger does not select the ${delivered.event} event.`);
  if (
    delivered.repository !== null &&
    delivered.repository.toLowerCase() !== trigger.repository.toLowerCase()
  ) {
    return ignored(
      `The event is for repository ${delivered.repository}, not ${trigger.repository}.`,
    );
  }
  if (trigger.branchFilter !== null) {
    if (delivered.branch === null) {
      return ignored('The event names no branch, and the trigger filters branches.');
    }
    if (!branchMatches(trigger.branchFilter, delivered.branch)) {
      return ignored(
        `Branch ${delivered.branch} does not match the filter ${trigger.branchFilter}.`,
      );
    }
  }
  // When the payload lists no files (pull requests, Bitbucket Server), the glob cannot be
  // applied and the run is queued: skipping a build is worse than an extra one (decisions.md).
  if (
    trigger.modifiedFilesGlob !== null &&
    delivered.files !== null &&
    !anyFileMatches(trigger.modifiedFilesGlob, delivered.files)
  ) {
    return ignored(`No modified file matches ${trigger.modifiedFilesGlob}.`);
  }
  if (runner.runnerRevokedAt) {
    return ignored(
      `Nothing was queued: its runner ${runner.runnerName} was revoked. Choose another runner for the trigger.`,
    );
  }
  return {
    runTrigger: {
      kind: 'webhook',
      triggerId: trigger.id,
      event,
      repository: trigger.repository,
      branch: delivered.branch,
      revision: delivered.revision,
      message: delivered.message === null ? null : truncateText(delivered.message, 2000),
    },
  };
}
