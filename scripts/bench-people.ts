/**
 * `npm run bench:people`: seeds one account with 10,000 people and 500 teams, then times the
 * people and teams list endpoints through the real app (`app.request`, no network) and prints
 * p50 / p95 / max per endpoint. In-memory PGlite by default; with BENCH_DATABASE_URL
 * (`postgres://…`) a fresh database on that server, dropped at the end. It prints figures and
 * fails only when a request does (QUALITY.md's bar is ≤ 50 ms p95; docs/performance.md keeps
 * the results).
 *
 * BENCH_RUNS and BENCH_EXPLAIN work as scripts/bench-kit.ts describes.
 */
import { performance } from 'node:perf_hooks';
import type { SsoProviderType } from '../server/contract/sso-providers';
import { createApp } from '../server/src/app';
import type { Db } from '../server/src/db/client';
import { invitations, ssoProviders, teamMembers, teams, users } from '../server/src/db/schema';
import { DAY, MINUTE } from '../server/src/lib/clock';
import { sha256 } from '../server/src/lib/crypto';
import { createAccount, createActivePerson } from '../server/src/modules/auth/auth.service';
import { TestAgent } from '../server/src/testing/test-agent';
import {
  benchDeps,
  inBatches,
  printTable,
  runBenchmark,
  seededRandom,
  timeRequests,
} from './bench-kit';

const PEOPLE = 10_000; // the signed-in administrator included
const TEAMS = 500;
const ADMIN = { email: 'bench-admin@example.com', password: 'bench-people-password' };

const FIRST_NAMES = [
  'Ada', 'Alan', 'Barbara', 'Claude', 'Dennis', 'Donald', 'Edsger', 'Frances', 'Grace', 'Hedy',
  'Ivan', 'John', 'Katherine', 'Ken', 'Leslie', 'Linus', 'Margaret', 'Mary', 'Niklaus', 'Radia',
  'Richard', 'Robin', 'Sophie', 'Tim', 'Tony', 'Vint', 'Whitfield', 'Yukihiro', 'Shafi', 'Jean',
]; // prettier-ignore
const LAST_NAMES = [
  'Lovelace', 'Turing', 'Liskov', 'Shannon', 'Ritchie', 'Knuth', 'Dijkstra', 'Allen', 'Hopper',
  'Lamarr', 'Sutherland', 'McCarthy', 'Johnson', 'Thompson', 'Lamport', 'Torvalds', 'Hamilton',
  'Keller', 'Wirth', 'Perlman', 'Stallman', 'Milner', 'Wilson', 'Berners-Lee', 'Hoare', 'Cerf',
  'Diffie', 'Matsumoto', 'Goldwasser', 'Sammet', 'Backus', 'Kay', 'Engelbart', 'Hellman', 'Rivest',
  'Shamir', 'Adleman', 'Kahn', 'Bachman', 'Codd',
]; // prettier-ignore

const SSO_PROVIDERS: { name: string; type: SsoProviderType; config: Record<string, string> }[] = [
  { name: 'Okta', type: 'oidc', config: { issuerUrl: 'https://okta.example', clientId: 'perimeter' } },
  { name: 'Shibboleth', type: 'saml', config: { ssoUrl: 'https://idp.example/sso', entityId: 'perimeter', certificate: 'MIIB' } },
  { name: 'Directory', type: 'ldap', config: { url: 'ldaps://ldap.example', bindDn: 'cn=perimeter', searchBase: 'ou=people' } },
]; // prettier-ignore

const { random, pick, uuid: seededUuid } = seededRandom(20261124);

/**
 * One account: the administrator who signs in (the one hashed password), 9,999 more people in
 * bulk (about 10% administrators, 5% invited with a pending link, 30% on one of three SSO
 * providers), 500 teams and 2 to 4 memberships per person, skewed so that low-numbered teams
 * are large (team-0001 has over a thousand members, the last ones a few dozen).
 */
async function seed(db: Db) {
  const now = Date.now();
  const accountId = await createAccount(db, 'Bench Industries');
  const adminId = await createActivePerson(db, accountId, {
    ...ADMIN,
    name: 'Bench Administrator',
    level: 'administrator',
  });

  const providers = await db
    .insert(ssoProviders)
    .values(
      SSO_PROVIDERS.map((provider) => ({
        ...provider,
        accountId,
        createdAt: new Date(now),
        updatedAt: new Date(now),
      })),
    )
    .returning({ id: ssoProviders.id });

  const people: (typeof users.$inferInsert)[] = [];
  const pending: (typeof invitations.$inferInsert)[] = [];
  for (let i = 1; i < PEOPLE; i += 1) {
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    const invited = random() < 0.05;
    const createdAt = new Date(now - (PEOPLE - i) * 7 * MINUTE);
    const person = {
      id: seededUuid(),
      accountId,
      email: `${first}.${last}.${i}@example.com`.toLowerCase(),
      name: `${first} ${last}`,
      level: random() < 0.1 ? ('administrator' as const) : ('user' as const),
      status: invited ? ('invited' as const) : ('active' as const),
      ssoProviderId: random() < 0.3 ? pick(providers).id : null,
      createdAt,
      updatedAt: createdAt,
    };
    people.push(person);
    if (invited) {
      // Most links are still valid; some have run out.
      const sent = now - Math.floor(random() * 10) * DAY;
      pending.push({
        accountId,
        userId: person.id,
        tokenHash: sha256(`bench-invitation-${i}`),
        invitedBy: adminId,
        createdAt: new Date(sent),
        expiresAt: new Date(sent + 7 * DAY),
      });
    }
  }
  await inBatches(people, (batch) => db.insert(users).values(batch));
  await inBatches(pending, (batch) => db.insert(invitations).values(batch));

  const teamRows = Array.from({ length: TEAMS }, (_, n) => ({
    id: seededUuid(),
    accountId,
    name: `team-${String(n + 1).padStart(4, '0')}`,
    createdAt: new Date(now - (TEAMS - n) * DAY),
  }));
  await inBatches(teamRows, (batch) => db.insert(teams).values(batch));

  const memberships: (typeof teamMembers.$inferInsert)[] = [];
  for (const userId of [adminId, ...people.map((person) => person.id!)]) {
    const chosen = new Set<number>();
    const wanted = 2 + Math.floor(random() * 3);
    while (chosen.size < wanted) chosen.add(Math.floor(TEAMS * random() ** 2));
    for (const n of chosen) memberships.push({ accountId, teamId: teamRows[n]!.id, userId });
  }
  await inBatches(memberships, (batch) => db.insert(teamMembers).values(batch));
  return {
    teams: teamRows,
    people: PEOPLE,
    memberships: memberships.length,
    invited: pending.length,
  };
}

await runBenchmark(async (database, label) => {
  const app = createApp(benchDeps(database));
  const seedStart = performance.now();
  const seeded = await seed(database.db);
  const seedMs = performance.now() - seedStart;
  console.log(`Database: ${label}`);
  console.log(
    `Seeded ${seeded.people} people (${seeded.invited} invited), ${seeded.teams.length} teams ` +
      `and ${seeded.memberships} memberships in ${(seedMs / 1000).toFixed(1)} s.`,
  );

  const agent = new TestAgent(app);
  const login = await agent.post('/api/auth/login', ADMIN);
  if (login.status !== 204) throw new Error(`sign-in: ${login.status} ${await login.text()}`);

  const customTeam = seeded.teams.find((team) => team.name === 'team-0250')!;
  const paths = [
    '/api/users',
    '/api/users?q=hopper',
    '/api/users?sort=-email',
    '/api/users?sort=createdAt&page=250',
    `/api/users?teamId=${customTeam.id}`,
    '/api/teams',
    '/api/teams?q=team-04',
    '/api/teams?sort=-memberCount',
  ];
  const rows = await timeRequests(
    database.db,
    paths.map((path) => ({
      label: `GET ${path.replace(customTeam.id, '<team-0250>')}`,
      agent,
      path,
    })),
  );
  printTable(rows, label);
});
