/**
 * Several replicas on one PostgreSQL database: real server processes (server/src/index.ts), as a
 * deployment runs them behind a load balancer. Runs only on PostgreSQL (scripts/test-pg.ts sets
 * it up): on the embedded database there is one process by design.
 *
 * The processes are shared by the tests, which run in order: three start at the same moment on
 * an empty database (the migration lock), then A and B serve the tests of what must hold across
 * replicas, and C, which reaches the database through a TCP proxy the test can cut, serves the
 * database blip and the graceful stop. Every process re-checks the queue only every 20 s, so a
 * runner woken within a second was woken by the notification, not by its own re-check.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from './env';
import { TEST_CLOCK_OFFSET_HEADER } from './modules/test-hooks/test-hooks';
import { Browser, poll, registerRunner, settled, type Reachable } from './testing/process-client';
import { startServerProcess, type ServerProcess } from './testing/server-process';

const serverUrl = testDatabaseUrl();
const MINUTE = 60_000;
const PASSWORD = 'a long password for replicas';
const ADMIN = 'ada@example.com';

const WITH_APPROVAL = `version: '1.0'
steps:
  build:
    type: build
    image_name: acme/api
  approval:
    type: pending-approval
  deploy:
    image: alpine:3.20
    commands: [echo deploy]
`;

/**
 * A TCP proxy in front of PostgreSQL that the test can cut (every connection through it closed,
 * new ones refused) and restore, as a network partition or a database restart would.
 */
class CuttableProxy {
  readonly #sockets = new Set<Socket>();
  #server: Server | undefined;
  port = 0;

  constructor(private readonly upstream: { host: string; port: number }) {}

  async open(): Promise<void> {
    const server = createServer((client) => {
      const database = connect(this.upstream.port, this.upstream.host);
      for (const socket of [client, database]) {
        this.#sockets.add(socket);
        socket.on('close', () => this.#sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          database.destroy();
        });
      }
      client.pipe(database).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.#server = server;
  }

  cut(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const socket of this.#sockets) socket.destroy();
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

interface Replica extends Reachable {
  name: string;
  process: ServerProcess;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Retries `check` every 100 ms until it holds, for up to `ms`. */
async function eventually(check: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('did not happen in time');
    await sleep(100);
  }
}

/** The levels of the log lines a process wrote (pino's JSON lines; 50 is error, 60 fatal). */
function logLevels(server: Replica): number[] {
  return server.process
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => (JSON.parse(line) as { level: number }).level);
}

describe.skipIf(!serverUrl)('several replicas on one PostgreSQL database', () => {
  const databaseName = `perimeter_test_replicas_${randomBytes(6).toString('hex')}`;
  const databaseUrl = new URL(serverUrl ?? 'postgres://localhost/none');
  databaseUrl.pathname = `/${databaseName}`;
  const proxy = new CuttableProxy({
    host: databaseUrl.hostname,
    port: Number(databaseUrl.port || 5432),
  });
  const replicas: Replica[] = [];
  let a: Replica;
  let b: Replica;
  let c: Replica;
  const admin = new Browser();
  let pipelineId: string;

  async function superuser(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    return client;
  }

  beforeAll(async () => {
    const client = await superuser();
    await client.query(`create database ${databaseName}`);
    await client.end();
    await proxy.open();
    const behindProxy = new URL(databaseUrl);
    behindProxy.host = `127.0.0.1:${proxy.port}`;

    // One key for all, as replicas of one database must share it.
    const secretsKey = randomBytes(32).toString('base64');
    const env = { QUEUE_RECHECK_MS: '20000', PERIMETER_TEST_HOOKS: '1' };
    const start = (name: string, url: string) => {
      const server = startServerProcess({ databaseUrl: url, secretsKey, env });
      return { name, process: server, url: '' };
    };
    // The same moment, on an empty database.
    const started = [
      start('A', databaseUrl.toString()),
      start('B', databaseUrl.toString()),
      start('C', behindProxy.toString()),
    ];
    replicas.push(...started);
    const ports = await Promise.all(started.map((replica) => replica.process.listening));
    started.forEach((replica, i) => (replica.url = `http://127.0.0.1:${ports[i]}`));
    [a, b, c] = started as [Replica, Replica, Replica];
  }, 180_000);

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.process.stop('SIGKILL')));
    await proxy.cut();
    const client = await superuser();
    await client.query(`drop database if exists ${databaseName} with (force)`);
    await client.end();
  }, 60_000);

  it('three replicas started at once on an empty database all become ready, and every migration is applied once', async () => {
    for (const replica of replicas) {
      const ready = await fetch(`${replica.url}/api/health/ready`);
      expect(ready.status, replica.name).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready', migrations: 'done' });
      expect(
        logLevels(replica).filter((level) => level >= 50),
        replica.name,
      ).toEqual([]);
    }
    const journal = JSON.parse(
      readFileSync('server/src/db/migrations/meta/_journal.json', 'utf8'),
    ) as { entries: unknown[] };
    const client = new pg.Client({ connectionString: databaseUrl.toString() });
    await client.connect();
    const { rows } = await client.query<{ applied: string; distinct: string }>(
      'select count(*) as applied, count(distinct hash) as distinct from drizzle.__drizzle_migrations',
    );
    await client.end();
    expect(rows[0]).toEqual({
      applied: String(journal.entries.length),
      distinct: String(journal.entries.length),
    });
  });

  it('a session signed in through A works on B, and signing out on B ends it on A', async () => {
    const setup = await fetch(`${a.url}/api/auth/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ADMIN, name: 'Ada', password: PASSWORD }),
    });
    expect(setup.status).toBe(201);
    // The administrator's session for the tests that follow.
    await admin.signIn(a, ADMIN, PASSWORD);

    const person = new Browser();
    await person.signIn(a, ADMIN, PASSWORD);
    expect((await person.request(b, 'GET', '/api/me')).status).toBe(200);
    expect((await person.request(b, 'POST', '/api/auth/logout')).status).toBe(204);
    expect((await person.request(a, 'GET', '/api/me')).status).toBe(401);
    expect((await admin.request(b, 'GET', '/api/me')).status).toBe(200);
  });

  it('a session ended through B from another browser is refused on A at its next request, and lists the address it signed in from', async () => {
    const laptop = new Browser();
    const phone = new Browser();
    await laptop.signIn(a, ADMIN, PASSWORD);
    await phone.signIn(a, ADMIN, PASSWORD);
    expect((await phone.request(a, 'GET', '/api/me')).status).toBe(200);

    const listed = await laptop.request(b, 'GET', '/api/me/sessions');
    expect(listed.status).toBe(200);
    const { items } = (await listed.json()) as {
      items: { id: string; current: boolean; address: string | null; startedAt: string }[];
    };
    // The phone's is the most recent sign-in but the laptop's own (the administrator's is older).
    const phoneSession = items
      .filter((session) => !session.current)
      .sort((x, y) => y.startedAt.localeCompare(x.startedAt))[0]!;
    expect(phoneSession.address).toBe('127.0.0.1');

    const ended = await laptop.request(b, 'DELETE', `/api/me/sessions/${phoneSession.id}`);
    expect(ended.status).toBe(204);
    expect((await phone.request(a, 'GET', '/api/me')).status).toBe(401);
    expect((await laptop.request(a, 'GET', '/api/me')).status).toBe(200);
    expect((await admin.request(a, 'GET', '/api/me')).status).toBe(200);
  });

  it('counts failed sign-ins made on both: 3 on A and 2 on B lock the email on both', async () => {
    const attempt = (server: Replica) =>
      fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'mallory@example.com', password: 'not the password' }),
      }).then((answer) => answer.status);
    const statuses = [
      await attempt(a),
      await attempt(a),
      await attempt(a),
      await attempt(b),
      await attempt(b),
    ];
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    // Counted apart, A would have seen 3 failures and B 2: neither would lock.
    expect(await attempt(a)).toBe(429);
    expect(await attempt(b)).toBe(429);
  });

  it('holds the idle timeout across both: activity on A keeps the session alive on B; idle past it, it is ended on both', async () => {
    const settings = await admin.request(a, 'PUT', '/api/settings/security', {
      idleTimeoutMinutes: 15,
    });
    expect(settings.status).toBe(200);
    const person = new Browser();
    await person.signIn(b, ADMIN, PASSWORD);
    // The servers' clocks, moved forward per request (PERIMETER_TEST_HOOKS).
    const at = (minutes: number) => ({ [TEST_CLOCK_OFFSET_HEADER]: String(minutes * MINUTE) });

    expect((await person.request(a, 'POST', '/api/auth/activity', {}, at(10))).status).toBe(204);
    // 20 minutes after signing in on B, 10 after the activity on A: alive.
    expect((await person.request(b, 'GET', '/api/me', undefined, at(20))).status).toBe(200);
    // 16 minutes after the last activity: idle on both.
    expect((await person.request(b, 'GET', '/api/me', undefined, at(26))).status).toBe(401);
    expect((await person.request(a, 'GET', '/api/me', undefined, at(26))).status).toBe(401);
    // Ended, not merely idle at that time: now it is refused too.
    expect((await person.request(a, 'GET', '/api/me')).status).toBe(401);
  });

  it('wakes a runner long-polling on B within a second when a run is queued on A', async () => {
    const created = await admin.request(a, 'POST', '/api/pipelines', {
      name: 'api',
      project: 'payments',
      tags: [],
      source: { type: 'inline', yaml: WITH_APPROVAL },
    });
    expect(created.status).toBe(201);
    pipelineId = ((await created.json()) as { id: string }).id;
    const credential = await registerRunner(admin, a, 'waker');

    const waiting = poll(b, credential, 20);
    await sleep(500);
    expect(await settled(waiting)).toBe(false);
    const queuedAt = performance.now();
    const queued = await admin.request(a, 'POST', `/api/pipelines/${pipelineId}/runs`, {});
    expect(queued.status).toBe(201);
    const run = (await queued.json()) as { id: string };
    const { job, at } = await waiting;
    expect(job?.id).toBe(run.id);
    expect(at - queuedAt).toBeLessThan(1000);
  });

  it('gives a run approved through B back to the runner long-polling on A', async () => {
    const credential = await registerRunner(admin, b, 'approvals');
    const queued = await admin.request(b, 'POST', `/api/pipelines/${pipelineId}/runs`, {});
    expect(queued.status).toBe(201);
    const run = (await queued.json()) as { id: string };
    const { job } = await poll(a, credential, 0);
    expect(job?.id).toBe(run.id);
    const steps = job!.plan.map((step) =>
      step.name === 'build' ? { ...step, state: 'succeeded' as const } : step,
    );
    const reported = await fetch(`${a.url}/api/runner/v1/jobs/${run.id}/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
      body: JSON.stringify({ state: 'pending-approval', steps }),
    });
    expect(reported.status).toBe(204);

    const waiting = poll(a, credential, 20);
    await sleep(500);
    expect(await settled(waiting)).toBe(false);
    const approvedAt = performance.now();
    expect((await admin.request(b, 'POST', `/api/runs/${run.id}/approve`, {})).status).toBe(200);
    const { job: resumed, at } = await waiting;
    expect(resumed?.id).toBe(run.id);
    expect(resumed?.plan.map((step) => step.state)).toEqual(['succeeded', 'succeeded', 'pending']);
    expect(at - approvedAt).toBeLessThan(1000);
  });

  it('a database blip makes a replica unready, not dead; after it, the replica is ready, serves and hears queued runs again', async () => {
    // Connections in C's pool (idle now) and its listening connection, all to be cut.
    expect((await admin.request(c, 'GET', '/api/me')).status).toBe(200);
    expect((await fetch(`${c.url}/api/health/ready`)).status).toBe(200);

    await proxy.cut();
    await eventually(async () => (await fetch(`${c.url}/api/health/ready`)).status === 503, 10_000);
    const ready = await fetch(`${c.url}/api/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'unready', database: 'unreachable' });
    expect((await fetch(`${c.url}/api/health/live`)).status).toBe(200);
    await sleep(1000);
    expect(c.process.process.exitCode).toBeNull();
    expect((await fetch(`${c.url}/api/health/live`)).status).toBe(200);
    expect(c.process.output()).toContain('the connection that listens for queued runs dropped');

    await proxy.open();
    await eventually(async () => (await fetch(`${c.url}/api/health/ready`)).status === 200, 15_000);
    expect((await admin.request(c, 'GET', '/api/me')).status).toBe(200);
    expect(c.process.process.exitCode).toBeNull();
    expect(logLevels(c).filter((level) => level >= 60)).toEqual([]);

    // Listening again, C hears of a run queued on A at once.
    await eventually(
      async () => c.process.output().includes('listening for queued runs again'),
      15_000,
    );
    const credential = await registerRunner(admin, a, 'after-the-blip');
    const waiting = poll(c, credential, 20);
    await sleep(500);
    const queuedAt = performance.now();
    const queued = await admin.request(a, 'POST', `/api/pipelines/${pipelineId}/runs`, {});
    expect(queued.status).toBe(201);
    const { job, at } = await waiting;
    expect(job?.id).toBe(((await queued.json()) as { id: string }).id);
    expect(at - queuedAt).toBeLessThan(1000);
  }, 60_000);

  it('on SIGTERM, answers a waiting long-poll with no job at once and stops without waiting for it', async () => {
    const credential = await registerRunner(admin, a, 'at-shutdown');
    const waiting = poll(c, credential, 25);
    await sleep(500);
    expect(await settled(waiting)).toBe(false);
    const signalledAt = performance.now();
    const exited = c.process.stop('SIGTERM');
    const { job, at } = await waiting;
    expect(job).toBeNull();
    expect(at - signalledAt).toBeLessThan(1000);
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(performance.now() - signalledAt).toBeLessThan(5000);
  }, 30_000);
});
