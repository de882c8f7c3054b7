import { randomBytes } from 'node:crypto';
import type { RunState } from '../../contract/runs';
import { RUNNER_ONLINE_WINDOW_MS } from '../../contract/runners';
import type { Db } from '../db/client';
import { accounts, pipelines, runners, runs } from '../db/schema';

/**
 * Runners and runs inserted directly (their API has tests of its own), for the operator's tools:
 * the metrics and the backups. `runStates` gives how many runs of each state; the runners are
 * two online, one offline, one waiting to register and one revoked, as of `now`.
 */
export async function seedRunnersAndRuns(
  db: Db,
  now: Date,
  runStates: Partial<Record<RunState, number>>,
): Promise<{ accountId: string }> {
  const [account] = await db.select({ id: accounts.id }).from(accounts).limit(1);
  const [pipeline] = await db.select({ id: pipelines.id }).from(pipelines).limit(1);
  if (!account || !pipeline) throw new Error('seed an account with a pipeline first (seedDemo)');
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const runner = (name: string, extra: Partial<typeof runners.$inferInsert>) => ({
    accountId: account.id,
    name,
    createdAt: ago(3_600_000),
    registeredAt: ago(3_600_000),
    credentialHash: randomBytes(16).toString('hex'),
    runnerVersion: '1.0.0',
    ...extra,
  });
  const inserted = await db
    .insert(runners)
    .values([
      runner('online-1', { lastPollAt: ago(5_000) }),
      runner('online-2', { lastPollAt: ago(RUNNER_ONLINE_WINDOW_MS - 5_000) }),
      runner('offline', { lastPollAt: ago(RUNNER_ONLINE_WINDOW_MS + 5_000) }),
      runner('waiting', {
        registeredAt: null,
        credentialHash: null,
        registrationTokenHash: randomBytes(16).toString('hex'),
        registrationExpiresAt: ago(-3_600_000),
      }),
      runner('revoked', { lastPollAt: ago(1_000), revokedAt: ago(500) }),
    ])
    .returning({ id: runners.id });
  let number = 0;
  const rows = Object.entries(runStates).flatMap(([state, howMany]) =>
    Array.from({ length: howMany ?? 0 }, () => {
      number += 1;
      return {
        accountId: account.id,
        pipelineId: pipeline.id,
        number,
        state: state as RunState,
        trigger: { kind: 'manual' as const, userId: null, userName: 'Ada' },
        claimedByRunnerId: state === 'queued' ? null : inserted[0]!.id,
        createdAt: ago(60_000 - number),
      };
    }),
  );
  if (rows.length > 0) await db.insert(runs).values(rows);
  return { accountId: account.id };
}
