/**
 * `npm run seed:large`: issue 17's large account (server/src/db/seed/large.ts) into the database
 * `npm start` uses: PGlite in DATA_DIR (default ./.data), or DATABASE_URL. SEED_PIPELINES (default
 * 20000) scales it; SEED_ANALYZE=1|0 runs `analyze` afterwards (default: on PostgreSQL, where
 * autovacuum would soon do it, not on PGlite, where nothing does). Prints the sign-in
 * credentials at the end.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../server/src/db/client';
import { LARGE_ADMIN, LARGE_MEMBER, seedLarge } from '../server/src/db/seed/large';
import { loadEnv } from '../server/src/env';
import { lockDataDir } from '../server/src/lib/data-dir';

const env = loadEnv();
const pipelines = Number(process.env.SEED_PIPELINES ?? 20_000);
const lock = env.DATABASE_URL ? undefined : lockDataDir(env.DATA_DIR);
const database = await openDatabase(
  env.DATABASE_URL
    ? { kind: 'postgres', url: env.DATABASE_URL }
    : { kind: 'pglite', dataDir: env.DATA_DIR },
);
const where = env.DATABASE_URL ? new URL(env.DATABASE_URL).host : `PGlite in ${env.DATA_DIR}`;
let failed = false;
try {
  const taken = (await database.db.execute(
    sql`select email from users where email in (${LARGE_ADMIN.email}, ${LARGE_MEMBER.email})`,
  )) as unknown as { rows: unknown[] };
  if (taken.rows.length > 0) {
    throw new Error(
      `${where} already holds the large account (${LARGE_ADMIN.email}): start from an empty ` +
        'DATA_DIR or database.',
    );
  }
  const start = performance.now();
  const seeded = await seedLarge(database.db, {
    pipelines,
    progress: (table, rows) =>
      console.log(
        `${((performance.now() - start) / 1000).toFixed(1).padStart(6)} s  ${table}: ${rows.toLocaleString('en-US')}`,
      ),
  });
  const analyze = process.env.SEED_ANALYZE
    ? process.env.SEED_ANALYZE === '1'
    : database.driver === 'postgres';
  if (analyze) await database.db.execute(sql`analyze`);
  const { scale } = seeded;
  console.log(
    `\nSeeded ${where} in ${((performance.now() - start) / 1000).toFixed(0)} s` +
      `${analyze ? ' (analyzed)' : ''}: ${scale.pipelines} pipelines, ${scale.people} people, ` +
      `${scale.teams} teams, ${scale.rules} rules (+3 defaults), ${scale.clusters} clusters, ` +
      `${scale.audit} audit entries, ${scale.runs} runs on one pipeline.\n`,
  );
  console.log(`Administrator: ${seeded.admin.email} / ${seeded.admin.password}`);
  console.log(
    `Member (in ${seeded.memberTeamIds.length} teams, ${seeded.memberRules} rules through them): ` +
      `${seeded.member.email} / ${seeded.member.password}`,
  );
} catch (error) {
  failed = true;
  console.error(error instanceof Error ? error.message : error);
} finally {
  await database.close();
  lock?.release();
}
process.exit(failed ? 1 : 0);
