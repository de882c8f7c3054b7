/**
 * Hybrid runners (P-5.4): the administration side (register, list, revoke) and the runner's own
 * side (trade the one-time registration token for a credential, poll, report).
 *
 * Registration tokens and runner credentials are stored as SHA-256 only: the server only needs
 * to recognise them, so a database leak does not leak a usable credential. Each is shown once.
 */
import { and, asc, count, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import {
  REGISTRATION_TOKEN_TTL_MS,
  RUNNER_ONLINE_WINDOW_MS,
  type CreatedRunner,
  type CreateRunnerRequest,
  type Job,
  type RegisteredRunner,
  type RegisterRunnerRequest,
  type Runner,
  type RunnerPage,
} from '../../../contract/runners';
import type { ListQuery } from '../../../contract/pagination';
import type { Db } from '../../db/client';
import { runners, runs } from '../../db/schema';
import type { Deps, Principal } from '../../lib/context';
import { randomToken, sha256 } from '../../lib/crypto';
import { HttpProblem, invalidField } from '../../lib/problem';
import { anyContains, offsetOf } from '../../lib/sql';
import { recordAudit } from '../audit/audit.service';
import { waitForJob } from '../runs/queue';

export type RunnerRow = typeof runners.$inferSelect;

/** Prefixes say what a leaked value is (and let secret scanners find it). */
const REGISTRATION_TOKEN_PREFIX = 'prreg_';
const CREDENTIAL_PREFIX = 'prrun_';

export function runnerStateOf(row: RunnerRow, now: Date): Runner['state'] {
  if (row.revokedAt) return 'revoked';
  if (!row.registeredAt) return 'waiting';
  const polled = row.lastPollAt?.getTime() ?? 0;
  return now.getTime() - polled <= RUNNER_ONLINE_WINDOW_MS ? 'online' : 'offline';
}

export function toRunner(row: RunnerRow, now: Date): Runner {
  return {
    id: row.id,
    name: row.name,
    state: runnerStateOf(row, now),
    createdAt: row.createdAt.toISOString(),
    registeredAt: row.registeredAt?.toISOString() ?? null,
    lastPollAt: row.lastPollAt?.toISOString() ?? null,
    version: row.runnerVersion,
    appProxy: row.appProxy,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** What the audit log records of a runner; its token and credential never. */
const runnerSnapshot = (row: RunnerRow) => ({
  name: row.name,
  revoked: row.revokedAt !== null,
});
const runnerTarget = (row: RunnerRow) => ({ type: 'runner', id: row.id, name: row.name }) as const;

function noSuchRunner() {
  return new HttpProblem(404, 'There is no such runner.');
}

/** `GET /api/runners`: every runner of the account, revoked ones included, by name. */
export async function listRunners(
  { db, clock }: Deps,
  principal: Principal,
  query: ListQuery,
): Promise<RunnerPage> {
  const where = and(
    eq(runners.accountId, principal.accountId),
    query.q ? anyContains([runners.name], query.q) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(runners)
      .where(where)
      .orderBy(asc(sql`lower(${runners.name})`), asc(runners.id))
      .limit(query.pageSize)
      .offset(offsetOf(query)),
    db.select({ value: count() }).from(runners).where(where),
  ]);
  const now = clock.now();
  return {
    items: rows.map((row) => toRunner(row, now)),
    total: total?.value ?? 0,
    page: query.page,
    pageSize: query.pageSize,
  };
}

async function runnerOf(db: Db, accountId: string, id: string, forUpdate = false) {
  const query = db
    .select()
    .from(runners)
    .where(and(eq(runners.id, id), eq(runners.accountId, accountId)));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw noSuchRunner();
  return row;
}

export async function getRunner(
  { db, clock }: Deps,
  principal: Principal,
  id: string,
): Promise<Runner> {
  return toRunner(await runnerOf(db, principal.accountId, id), clock.now());
}

/** `POST /api/runners`: the registration token is in this answer and nowhere else, ever. */
export async function createRunner(
  { db, clock }: Deps,
  principal: Principal,
  input: CreateRunnerRequest,
): Promise<CreatedRunner> {
  const registrationToken = `${REGISTRATION_TOKEN_PREFIX}${randomToken()}`;
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + REGISTRATION_TOKEN_TTL_MS);
  const row = await db.transaction(async (tx) => {
    const [clash] = await tx
      .select({ id: runners.id })
      .from(runners)
      .where(
        and(
          eq(runners.accountId, principal.accountId),
          sql`lower(${runners.name}) = lower(${input.name})`,
        ),
      );
    if (clash) throw invalidField('name', `A runner named ${input.name} already exists.`);
    const [created] = await tx
      .insert(runners)
      .values({
        accountId: principal.accountId,
        name: input.name,
        registrationTokenHash: sha256(registrationToken),
        registrationExpiresAt: expiresAt,
        createdAt: now,
      })
      .returning();
    await recordAudit(tx, principal, {
      at: now,
      action: 'runner.created',
      target: runnerTarget(created!),
      before: null,
      after: runnerSnapshot(created!),
    });
    return created!;
  });
  return {
    ...toRunner(row, now),
    registrationToken,
    registrationExpiresAt: expiresAt.toISOString(),
  };
}

/**
 * `DELETE /api/runners/:id`: revokes the runner. Its credential (and an unused registration
 * token) stop working at once; the row stays, listed as revoked, so runs keep naming it. The runs
 * only it could take are cancelled, and so are those it had claimed and not finished: it can no
 * longer report on them. Revoking a revoked runner changes nothing and writes no audit entry.
 */
export async function revokeRunner(
  { db, clock }: Deps,
  principal: Principal,
  id: string,
): Promise<Runner> {
  const now = clock.now();
  const row = await db.transaction(async (tx) => {
    const current = await runnerOf(tx, principal.accountId, id, true);
    if (current.revokedAt) return current;
    const [revoked] = await tx
      .update(runners)
      .set({ revokedAt: now, registrationTokenHash: null })
      .where(eq(runners.id, id))
      .returning();
    await tx
      .update(runs)
      .set({ state: 'cancelled', finishedAt: now })
      .where(
        or(
          and(eq(runs.runnerId, id), eq(runs.state, 'queued')),
          and(eq(runs.claimedByRunnerId, id), inArray(runs.state, ['running', 'pending-approval'])),
        ),
      );
    await recordAudit(tx, principal, {
      at: now,
      action: 'runner.revoked',
      target: runnerTarget(revoked!),
      before: runnerSnapshot(current),
      after: runnerSnapshot(revoked!),
    });
    return revoked!;
  });
  return toRunner(row, now);
}

const invalidRegistration = () =>
  new HttpProblem(
    401,
    'The registration token is not valid: it is unknown, was used already, has expired or its runner was revoked. Register the runner again in the console for a new one.',
    { code: 'invalid-registration-token' },
  );

/**
 * `POST /api/runner/v1/register`: trades the one-time token for the runner's credential. One
 * statement clears the token and stores the credential's hash, so two registrations racing with
 * the same token cannot both succeed.
 */
export async function registerRunner(
  { db, clock }: Deps,
  input: RegisterRunnerRequest,
): Promise<RegisteredRunner> {
  const credential = `${CREDENTIAL_PREFIX}${randomToken()}`;
  const now = clock.now();
  const [registered] = await db
    .update(runners)
    .set({
      registrationTokenHash: null,
      registrationExpiresAt: null,
      credentialHash: sha256(credential),
      registeredAt: now,
      // Registering is its first contact: it shows online until it has had time to poll.
      lastPollAt: now,
      runnerVersion: input.version,
      appProxy: input.appProxy ?? false,
    })
    .where(
      and(
        eq(runners.registrationTokenHash, sha256(input.registrationToken)),
        isNull(runners.revokedAt),
        isNull(runners.credentialHash),
        sql`${runners.registrationExpiresAt} > ${now.toISOString()}`,
      ),
    )
    .returning({ id: runners.id });
  if (!registered) throw invalidRegistration();
  return { runnerId: registered.id, credential };
}

/** The runner a credential belongs to, unless it was revoked; null otherwise. */
export async function runnerByCredential(db: Db, credential: string): Promise<RunnerRow | null> {
  const [row] = await db
    .select()
    .from(runners)
    .where(and(eq(runners.credentialHash, sha256(credential)), isNull(runners.revokedAt)));
  return row ?? null;
}

/**
 * `POST /api/runner/v1/poll`: records the contact (time, version, app-proxy), then waits up to
 * `waitSeconds` for a run to claim.
 */
export async function poll(
  deps: Deps,
  runner: RunnerRow,
  input: { version?: string; appProxy?: boolean; waitSeconds: number },
  signal: AbortSignal,
): Promise<Job | null> {
  await deps.db
    .update(runners)
    .set({
      lastPollAt: deps.clock.now(),
      runnerVersion: input.version ?? runner.runnerVersion,
      appProxy: input.appProxy ?? runner.appProxy,
    })
    .where(eq(runners.id, runner.id));
  return waitForJob(deps, runner, input.waitSeconds * 1000, signal);
}
