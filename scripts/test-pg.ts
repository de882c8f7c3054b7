/**
 * Runs on real PostgreSQL (TEST_DATABASE_URL; CI sets it) the server test files that exercise
 * what PostgreSQL can do differently from PGlite; each file gets a database of its own there.
 * Without TEST_DATABASE_URL, says so and passes. `--all` runs the whole server project instead.
 *
 * PGlite is the same PostgreSQL compiled to WebAssembly, so plain SQL behaves alike on both.
 * What differs: PGlite has one connection (concurrent requests take turns, so row locks,
 * SKIP LOCKED and races never really happen), its driver parses differently (count(*) and
 * bigint arrive as numbers from PGlite, as strings from node-postgres), errors and a closed pool
 * surface through another driver, and the server differs in version, locale and time zone.
 *
 * Every server test file is listed below, in ON_POSTGRES or in PGLITE_ONLY, each with its
 * reason; the run fails on a file in neither (a new file must be placed) and on a listed file
 * that no longer exists (a rename must be followed), so none drops out of this run unnoticed.
 * Put a new file in ON_POSTGRES when it races requests, relies on a transaction, a lock or a
 * constraint, filters or sorts in SQL beyond equality, or reads aggregates, JSON, arrays or
 * times that SQL computed. The migrations run on PostgreSQL in every file listed here.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const ON_POSTGRES: Record<string, string> = {
  'server/src/modules/policy/policy.test.ts':
    'policy import: one transaction under the account row lock, rolled back whole on a failure halfway; arrays and jsonb restrictions compared after a round trip',
  'server/src/modules/sso/sso.test.ts':
    'SSO sign-in: FOR UPDATE on the person, advisory lock and JSON filter on failed sign-ins, mappings joined',
  'server/src/modules/runners/runners.test.ts':
    'runner claims: six polls at once over FOR UPDATE SKIP LOCKED; a poll woken after commit',
  'server/src/modules/runs/runs-actions.test.ts':
    'two approvals at once (row lock, one wins with 409); run numbers under the pipeline lock',
  'server/src/modules/hooks/hooks.test.ts':
    'one delivery twice at once (unique index, ON CONFLICT DO NOTHING); runs queued in a transaction',
  'server/src/modules/users/users.test.ts':
    'two administrators demoting each other at once (row lock); ILIKE search, count(*) over ()',
  'server/src/modules/users/invitations.test.ts':
    'two simultaneous uses of one link; upsert of invitations',
  'server/src/modules/users/password-resets.test.ts':
    'two simultaneous uses of one reset link (row lock); upsert of the person’s link',
  'server/src/modules/audit/audit.test.ts':
    'rollback of an entry with its change; timestamptz ranges; keyset paging of the CSV; jsonb; offset as a subquery',
  'server/src/modules/access/enforcement.test.ts':
    'the access filter in SQL: @>, any(), unnest, untagged, with search and paging',
  'server/src/modules/access/rules.test.ts':
    'array operators and ILIKE over array_to_string in the rule filters; cascade with the team',
  'server/src/modules/access/insight.test.ts':
    'rules picked by tag overlap (&&) in SQL; holders counted with FILTER and hashed subqueries',
  'server/src/modules/access/effective.test.ts':
    'the effective-permissions matrix: the tag-set filter, ILIKE search and paging in SQL, against the engine',
  'server/src/modules/teams/teams.test.ts':
    'member counts from jsonb_object_agg and ->> (bigint), sorting by them; name uniqueness',
  'server/src/modules/pipelines/cluster-references.test.ts':
    'readable clusters filtered in SQL (tag operators) inside the run’s and the delivery’s transaction; users set null on delete',
  'server/src/modules/pipelines/pipelines.test.ts':
    'unique index on lower(project, name) mapped to 409; tag filters; lower() sorting and ILIKE',
  'server/src/modules/pipelines/definition-versions.test.ts':
    'saves at once under the row lock and the (pipeline_id, n) key; sha256() and regexp_replace in the backfill',
  'server/src/modules/pipelines/readable-list.test.ts':
    'the access filter (tag sets, `= any(int[])`) and its counts and searches against the engine',
  'server/src/modules/access/tag-sets.test.ts':
    'the tag_set_of trigger (plpgsql, insert … on conflict), identity ids committed out of order',
  'server/src/modules/pipelines/tag-escalation.test.ts':
    'a dry run is a change rolled back in its transaction; sequences of If-Match changes',
  'server/src/app.test.ts': 'the pool: health check, a closed pool answered as a 500',
  'server/src/modules/auth/login-throttle.test.ts':
    '50 sign-ins at once over one upsert per key (row lock): at most the limit are checked',
  'server/src/secrets.test.ts':
    'a write refused by the database: each driver’s error (params, detail) logged without values',
  'server/src/lib/logger.test.ts':
    'each driver’s error shape (detail, where, params) logged without the values',
  'server/src/db/seed/large.test.ts':
    'plain inserts through each driver (text[] literals, jsonb, timestamptz) that the app then reads',
  'server/src/replicas.test.ts':
    'real server processes sharing one database: migration lock, sessions, throttle, idle timeout, LISTEN/NOTIFY, a cut connection',
  'server/src/metrics/metrics.test.ts':
    'count(*) by state as each driver returns it (a string from node-postgres); the pool gauges',
  'server/src/db/backups.test.ts':
    'pg_dump and pg_restore round trip into a fresh database; every row of every table compared',
  'server/src/modules/sessions/sessions.test.ts':
    'ending sessions: a deleted session refused at its next request, which reads it from the database',
  'server/src/modules/sso/oidc.test.ts':
    'admitting an SSO identity in one transaction under a row lock (FOR UPDATE) with team sync; the pending sign-in deleted as it is read (DELETE … RETURNING), so a replay finds none',
  'server/src/robustness.test.ts':
    'hostile values through the driver: SQLSTATE 22P02/22001 mapped to 4xx, never a 500',
  'server/src/modules/sso/ldap.test.ts':
    'LDAP sign-in against slapd: the admit transaction (person row locked), the throttle upserts, team sync and failed sign-in audit in transactions',
  'server/src/modules/sso/saml.test.ts':
    'a pending sign-in deleted as it is read (DELETE … RETURNING) and admission with team sync in one transaction with a row lock',
};

const PGLITE_ONLY: Record<string, string> = {
  'server/src/modules/policy/policy-plan.test.ts': 'no database: the plan over a state in memory',
  'server/src/cli/policy-cli.test.ts':
    'the policy CLI over HTTP: argument handling and output; the import it calls is policy.test.ts on PostgreSQL',
  'server/src/testing/idp/slapd.test.ts': 'the LDAP test directory alone, no database',
  // No database at all.
  'server/domain/access/rules.test.ts': 'no database',
  'server/domain/pipeline-references.test.ts': 'no database',
  'server/domain/tags.test.ts': 'no database',
  'server/domain/access/engine.property.test.ts': 'no database',
  'server/domain/access/engine.test.ts': 'no database',
  'server/domain/access/explain.test.ts': 'no database',
  'server/domain/access/impact.test.ts': 'no database',
  'server/domain/access/tag-change.test.ts': 'no database',
  'server/src/env.test.ts': 'no database',
  'server/src/base-path.test.ts':
    'routing, cookies and links under BASE_PATH; the queries are those the root tests run',
  'server/src/lib/client-address.test.ts':
    'forwarded headers over a loopback socket; the throttle’s SQL is login-throttle.test.ts’s',
  'server/src/data-folder.test.ts':
    'real servers on an embedded data folder; on PostgreSQL there is no folder to lock',
  'server/src/lib/mailer.test.ts': 'no database',
  'server/src/lib/outbound.test.ts': 'no database',
  'server/src/lib/secret-box.test.ts': 'no database',
  'server/src/lib/passwords.test.ts': 'sign-ins and hashes; no SQL of its own',
  'server/src/modules/integrations/connection-checks.test.ts': 'no database',
  'server/src/modules/pipelines/pipeline-format.test.ts': 'no database',
  // Sequential CRUD, validation and authorization over plain SQL: the same on both.
  'server/src/authorization.test.ts': 'route guards; no SQL of its own',
  'server/src/db/seed/demo.test.ts': 'plain inserts of the demo seed',
  'server/src/modules/auth/auth.test.ts': 'sequential sign-in, throttle and session checks',
  'server/src/modules/auth/setup-token.test.ts':
    'the setup token: a check before any SQL; real servers on an embedded data folder',
  'server/src/modules/auth/session-cache.test.ts':
    'sessions are remembered on the embedded database only; on PostgreSQL every lookup reads',
  'server/src/db/identity-writes.test.ts':
    'the embedded database’s identity version; PostgreSQL has none (other servers write too)',
  'server/src/modules/clusters/cluster-connection.test.ts': 'sequential CRUD and validation',
  'server/src/modules/clusters/cluster-versions.test.ts': 'If-Match, sequential',
  'server/src/modules/git-providers/git-providers.test.ts': 'sequential CRUD and validation',
  'server/src/modules/me/me.test.ts': 'sequential CRUD and validation',
  'server/src/modules/api-tokens/api-tokens.test.ts':
    'sequential CRUD, validation and scope checks; the migration test runs on PGlite itself',
  'server/src/openapi.test.ts': 'reads the OpenAPI document alone, no query',
  'server/src/modules/pipelines/definition-format.test.ts': 'validation of definitions on save',
  'server/src/modules/pipelines/name-collisions.test.ts':
    'sequential answers to a name clash; the unique index under a race is pipelines.test.ts’s',
  'server/src/modules/pipelines/definition-sources.test.ts':
    'validation; its migration test runs on a PGlite of its own either way',
  'server/src/modules/registries/registries.test.ts': 'sequential CRUD and validation',
  'server/src/modules/restrictions/restrictions.test.ts':
    'validation and RE2 matching in JavaScript',
  'server/src/modules/runners/reference-runner.test.ts':
    'the runner agent’s logic; the claims it makes are runners.test.ts’s',
  'server/src/modules/runs/runs.test.ts': 'a sequential list',
  'server/src/modules/settings/pipeline-sources.test.ts': 'sequential settings',
  'server/src/modules/settings/settings.test.ts': 'sequential settings and session timeouts',
  'server/src/modules/sso-providers/sso-providers.test.ts': 'sequential CRUD and validation',
  'server/src/modules/test-hooks/test-hooks.test.ts': 'a request header and the clock',
  'server/src/modules/triggers/triggers.test.ts': 'sequential CRUD and validation',
};

/** The files of the server project (vitest.config.ts: `server/**\/*.test.ts`). */
function serverTestFiles(): string[] {
  return readdirSync('server', { recursive: true, encoding: 'utf8' })
    .map((path) => `server/${path.replaceAll('\\', '/')}`)
    .filter((path) => path.endsWith('.test.ts') && !path.includes('/node_modules/'))
    .sort();
}

const problems: string[] = [];
const files = serverTestFiles();
for (const file of files) {
  const placed = Number(file in ON_POSTGRES) + Number(file in PGLITE_ONLY);
  if (placed === 0) {
    problems.push(`${file} is in neither ON_POSTGRES nor PGLITE_ONLY: place it`);
  }
  if (placed === 2) problems.push(`${file} is in both ON_POSTGRES and PGLITE_ONLY`);
}
for (const file of [...Object.keys(ON_POSTGRES), ...Object.keys(PGLITE_ONLY)]) {
  if (!existsSync(file)) problems.push(`${file} is listed but does not exist: renamed or removed?`);
}
if (problems.length > 0) {
  console.error(`scripts/test-pg.ts: ${problems.join('\n  ')}`);
  process.exit(1);
}

const url = process.env.TEST_DATABASE_URL;
if (!url) {
  console.log('TEST_DATABASE_URL is not set: the server suite ran on PGlite only.');
  process.exit(0);
}
const all = process.argv.includes('--all');
const selected = all ? [] : Object.keys(ON_POSTGRES);
console.log(
  `Running ${all ? 'the server suite' : `${selected.length} of ${files.length} server test files`} ` +
    `on PostgreSQL (${new URL(url).host}).`,
);
// The files wait on the server more than they compute: one worker per core, not vitest's
// default of one fewer, runs them about a fifth faster on two cores.
const workers = '--maxWorkers=100%';
const result = spawnSync('vitest', ['run', '--project', 'server', workers, ...selected], {
  stdio: 'inherit',
  env: { ...process.env, PERIMETER_TEST_ON_POSTGRES: '1' },
});
process.exit(result.status ?? 1);
