import { count, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { runners, runs } from '../db/schema';

/**
 * Runs by state across every account: one `group by` over the runs table per scrape. Runs are
 * kept, so this reads the whole table; at a scrape every 30 s it stays well under a
 * millisecond per thousand runs (docs/operations.md, "Metrics").
 */
export async function readRunCounts(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .select({ state: runs.state, count: count() })
    .from(runs)
    .groupBy(runs.state);
  return new Map(rows.map((row) => [row.state, Number(row.count)]));
}

/**
 * Runners that are not revoked, by the state the console shows (runners.service.ts,
 * runnerStateOf): waiting until registered, then online when it polled since `onlineSince`.
 */
export async function readRunnerCounts(
  db: Db,
  onlineSince: Date,
): Promise<{ online: number; offline: number; waiting: number }> {
  const polledRecently = sql`${runners.lastPollAt} >= ${onlineSince.toISOString()}`;
  const [row] = await db
    .select({
      waiting: sql<number>`count(*) filter (where ${runners.registeredAt} is null)`,
      online: sql<number>`count(*) filter (where ${runners.registeredAt} is not null and ${polledRecently})`,
      registered: sql<number>`count(*) filter (where ${runners.registeredAt} is not null)`,
    })
    .from(runners)
    .where(isNull(runners.revokedAt));
  const waiting = Number(row?.waiting ?? 0);
  const online = Number(row?.online ?? 0);
  return { online, offline: Number(row?.registered ?? 0) - online, waiting };
}
