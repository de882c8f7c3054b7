import { eq, inArray } from 'drizzle-orm';
import type { SsoProviderType } from '../../../contract/sso-providers';
import type { Db } from '../client';
import type { Privilege, ResourceType, TagMatch } from '../../../contract/access';
import {
  accessRules,
  accounts,
  clusters,
  gitProviders,
  invitations,
  pipelines,
  registries,
  ssoProviders,
  teamMembers,
  teams,
  users,
} from '../schema';
import { DAY } from '../../lib/clock';
import type { SecretBox } from '../../lib/secret-box';
import { randomToken, sha256 } from '../../lib/crypto';
import { createAccount, createActivePerson } from '../../modules/auth/auth.service';
import { sourceColumns } from '../../modules/pipelines/definition-sources';
import { recordFirstVersions } from '../../modules/pipelines/definition-versions';
import { type PipelineSource } from '../../../contract/pipeline-sources';
import { SEED_PIPELINES } from '../../../contract/seed-pipelines';

/** Every demo person signs in with this password (README, "Demo"). */
export const DEMO_PASSWORD = 'perimeter-demo';

const PEOPLE = [
  { email: 'ada@example.com', name: 'Ada Lovelace', level: 'administrator' },
  { email: 'grace@example.com', name: 'Grace Hopper', level: 'administrator' },
  { email: 'alan@example.com', name: 'Alan Turing', level: 'user' },
  { email: 'katherine@example.com', name: 'Katherine Johnson', level: 'user' },
  { email: 'margaret@example.com', name: 'Margaret Hamilton', level: 'user' },
  { email: 'linus@example.com', name: 'Linus Pauling', level: 'user' },
] as const;

const TEAMS: Record<string, string[]> = {
  qa: ['katherine@example.com', 'margaret@example.com'],
  payments: ['alan@example.com', 'linus@example.com'],
  platform: ['grace@example.com', 'alan@example.com'],
  'release-managers': ['margaret@example.com'],
};

/** Two SSO providers, and who signs in with each. Their secrets are made up. */
const SSO_PROVIDERS: {
  name: string;
  type: SsoProviderType;
  config: Record<string, string>;
  secret: string;
  people: string[];
}[] = [
  {
    name: 'Acme Okta',
    type: 'oidc',
    config: { issuerUrl: 'https://acme.okta.example/oauth2/default', clientId: 'perimeter' },
    secret: 'demo-client-secret',
    // The demo's providers are made-up hosts: a person assigned to one could not sign in (a
    // person assigned to a provider must sign in through it), so nobody is.
    people: [],
  },
  {
    name: 'Acme Directory',
    type: 'ldap',
    config: {
      url: 'ldaps://ldap.acme.example:636',
      bindDn: 'cn=perimeter,ou=services,dc=acme,dc=example',
      searchBase: 'ou=people,dc=acme,dc=example',
    },
    secret: 'demo-bind-password',
    people: [],
  },
];

/** Clusters and their tags (P-2.1). */
const CLUSTERS: [name: string, tags: string[]][] = [
  ['prod-eu', ['eu', 'production']],
  ['prod-us', ['production', 'us']],
  ['staging-eu', ['eu', 'staging']],
  ['qa-sandbox', ['qa']],
  ['dev', []],
];

/**
 * A certificate authority for the internal cluster: a real, self-signed certificate (its key was
 * thrown away), so that the console shows what a pasted CA looks like.
 */
export const DEMO_CA_CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIBhDCCASugAwIBAgIUa0bFuWAV5RkvajRXecdbY0/5t5MwCgYIKoZIzj0EAwIw
GDEWMBQGA1UEAwwNa3ViZXJuZXRlcy1jYTAeFw0yNjExMjUwMzIyMDVaFw0zNjEx
MjIwMzIyMDVaMBgxFjAUBgNVBAMMDWt1YmVybmV0ZXMtY2EwWTATBgcqhkjOPQIB
BggqhkjOPQMBBwNCAASs1QRH8jKNBwDVKz+IXyiv718dRsLCJqhyDHvEY0dNXYyF
xEVNEnh1h6VNeKS4ajlwxBWNRmBd/bDu0++BONwvo1MwUTAdBgNVHQ4EFgQUu30u
sXcRefAbpdPN7uodP07mNVQwHwYDVR0jBBgwFoAUu30usXcRefAbpdPN7uodP07m
NVQwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAiANIpq8YmlIaq2n
ODYXK1ztiJrbZRiRSVgJEasgpQ9sswIgOjG0D318fdhnh3L6zchcbAtf2YnI1PxW
rZICvd8cQPU=
-----END CERTIFICATE-----`;

/** Connection settings of two clusters (P-5.3); the tokens are made up. */
const CLUSTER_CONNECTIONS: Record<
  string,
  { apiServerUrl: string; caCertificate: string | null; token: string; internal: boolean }
> = {
  'prod-eu': {
    apiServerUrl: 'https://prod-eu.k8s.acme.example:6443',
    caCertificate: null,
    token: 'demo-service-account-token-prod-eu',
    internal: false,
  },
  'staging-eu': {
    apiServerUrl: 'https://staging-eu.k8s.acme.internal:6443',
    caCertificate: DEMO_CA_CERTIFICATE,
    token: 'demo-service-account-token-staging-eu',
    internal: true,
  },
};

/**
 * Git providers (P-5.1): the two names the documentation's pipelines use (`git:`), behind the
 * firewall, and two the platform can reach. Credentials are made up.
 */
const GIT_PROVIDERS = [
  {
    name: 'my-internal-git-provider',
    kind: 'github-enterprise',
    baseUrl: 'https://github-internal.example.com',
    credentials: { token: 'demo-ghe-token' },
    onPremise: true,
    behindFirewall: true,
  },
  {
    name: 'my-internal-git-repo',
    kind: 'bitbucket-server',
    baseUrl: 'https://bitbucket.acme.internal',
    credentials: { username: 'perimeter', token: 'demo-bitbucket-token' },
    onPremise: true,
    behindFirewall: true,
  },
  {
    name: 'gitlab-acme',
    kind: 'gitlab',
    baseUrl: 'https://gitlab.acme.example',
    credentials: null,
    onPremise: true,
    behindFirewall: false,
  },
  {
    name: 'github',
    kind: 'github',
    baseUrl: 'https://api.github.com',
    credentials: { token: 'demo-github-token' },
    onPremise: false,
    behindFirewall: false,
  },
] as const;

/** Container registries (P-5.2): the one the documentation's push steps name (`registry:`). */
const REGISTRIES = [
  {
    name: 'my-internal-docker-registry',
    domain: 'registry.acme.internal:5000',
    credentials: { username: 'perimeter', password: 'demo-registry-password' },
    behindFirewall: true,
  },
  {
    name: 'docker-hub',
    domain: 'registry-1.docker.io',
    credentials: { username: 'acmerobotics', password: 'demo-docker-hub-token' },
    behindFirewall: false,
  },
  { name: 'ghcr', domain: 'ghcr.io', credentials: null, behindFirewall: false },
] as const;

/** A deployment that waits for a person with approve before it touches production (P-6.5). */
const DEPLOY_WITH_APPROVAL = `version: '1.0'
stages:
  - build
  - approve
  - deploy
steps:
  build_image:
    title: Build the image
    stage: build
    type: build
    image_name: acme/payments
    tag: \${{CF_SHORT_REVISION}}
    registry: my-internal-docker-registry
  ask_for_permission:
    title: Wait for a release manager
    stage: approve
    type: pending-approval
  deploy_to_production:
    title: Deploy to production
    stage: deploy
    type: deploy
    kind: kubernetes
    cluster: prod-eu
    namespace: payments
    service: payments
    candidate:
      image: \${{build_image}}
      registry: my-internal-docker-registry
`;

/** Demo sources refer to git providers by name; the seed turns names into ids. */
type DemoSource =
  | PipelineSource
  | { type: 'git'; provider: string; repository: string; branch: string; path: string };

/** Pipelines as project, name, tags and where their definition comes from (P-4.1). */
const PIPELINES: [project: string, name: string, tags: string[], source: DemoSource][] = [
  [
    'payments',
    'deploy',
    ['payments', 'production'],
    { type: 'inline', yaml: DEPLOY_WITH_APPROVAL },
  ],
  [
    'payments',
    'build',
    ['payments'],
    {
      type: 'git',
      provider: 'my-internal-git-provider',
      repository: 'acme/payments',
      branch: 'pipeline-definition',
      path: 'codefresh.yml',
    },
  ],
  // The seeds' git-clone, build and push, naming the internal provider and registry above.
  ['web', 'build', [], { type: 'inline', yaml: SEED_PIPELINES.cloneBuildAndPush }],
  ['web', 'e2e', ['qa', 'staging'], { type: 'url', url: 'https://ci.acme.example/web/e2e.yml' }],
  [
    'platform',
    'terraform',
    ['platform', 'production'],
    {
      type: 'git',
      provider: 'gitlab-acme',
      repository: 'platform/terraform',
      branch: 'main',
      path: 'ci/terraform.yml',
    },
  ],
];

/** P-4.3: the internal provider serves definitions only from the seeds' branch, as YAML files. */
const RESTRICTIONS: Record<string, { branches: string; paths: string }> = {
  'my-internal-git-provider': { branches: '/^((pipeline-definition)$).*/g', paths: '*.yml' },
};

/** Rules beyond the three defaults (rules 1–3), numbered 4 onwards in this order. */
const RULES: {
  team: string;
  resourceType: ResourceType;
  privileges: Privilege[];
  tags: string[];
  tagMatch?: TagMatch;
}[] = [
  { team: 'qa', resourceType: 'cluster', privileges: ['read'], tags: ['staging', 'qa'] },
  { team: 'qa', resourceType: 'pipeline', privileges: ['read', 'run'], tags: ['staging', 'qa'] },
  { team: 'payments', resourceType: 'pipeline', privileges: ['update', 'run'], tags: ['payments'] },
  { team: 'payments', resourceType: 'pipeline', privileges: ['create'], tags: ['payments'] },
  {
    team: 'release-managers',
    resourceType: 'pipeline',
    privileges: ['approve'],
    tags: ['production'],
  },
  { team: 'platform', resourceType: 'cluster', privileges: ['update'], tags: ['*'] },
  {
    team: 'platform',
    resourceType: 'pipeline',
    privileges: ['update', 'delete', 'run', 'debug'],
    tags: ['platform', 'production'],
    tagMatch: 'all',
  },
  // payments/deploy deploys to prod-eu: whoever runs it must read that cluster (docs/decisions.md).
  {
    team: 'payments',
    resourceType: 'cluster',
    privileges: ['read'],
    tags: ['eu', 'production'],
    tagMatch: 'all',
  },
];

/**
 * A deterministic demo account: two administrators, four users, one pending invitation, two
 * SSO providers, four teams, five clusters (two with connection settings), five pipelines and
 * rules for them, four git providers and three registries, so that a newcomer sees a living
 * console at once. `secrets` seals the made-up credentials, as the server would.
 */
export async function seedDemo(db: Db, secrets: SecretBox): Promise<void> {
  const now = new Date();
  const accountId = await createAccount(db, 'Acme Robotics');
  const ids = new Map<string, string>();
  for (const person of PEOPLE) {
    ids.set(
      person.email,
      await createActivePerson(db, accountId, { ...person, password: DEMO_PASSWORD }),
    );
  }
  const [invited] = await db
    .insert(users)
    .values({
      accountId,
      email: 'edsger@example.com',
      name: 'Edsger Dijkstra',
      level: 'user',
      status: 'invited',
    })
    .returning({ id: users.id });
  // Nobody knows this link: "Resend invitation" on the People screen makes one to copy.
  await db.insert(invitations).values({
    accountId,
    userId: invited!.id,
    tokenHash: sha256(randomToken()),
    invitedBy: ids.get('ada@example.com')!,
    createdAt: now,
    expiresAt: new Date(now.getTime() + 7 * DAY),
  });
  for (const { people, secret, ...provider } of SSO_PROVIDERS) {
    const [row] = await db
      .insert(ssoProviders)
      .values({
        accountId,
        ...provider,
        secretSealed: secrets.seal(secret),
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: ssoProviders.id });
    await db.update(users).set({ ssoProviderId: row!.id }).where(inArray(users.email, people));
  }
  const teamIds = new Map<string, string>();
  for (const [name, members] of Object.entries(TEAMS)) {
    const [team] = await db
      .insert(teams)
      .values({ accountId, name, createdAt: now })
      .returning({ id: teams.id });
    teamIds.set(name, team!.id);
    await db
      .insert(teamMembers)
      .values(members.map((email) => ({ accountId, teamId: team!.id, userId: ids.get(email)! })));
  }
  await db.insert(clusters).values(
    CLUSTERS.map(([name, tags]) => {
      const connection = CLUSTER_CONNECTIONS[name];
      return {
        accountId,
        name,
        tags,
        ...(connection && {
          apiServerUrl: connection.apiServerUrl,
          caCertificate: connection.caCertificate,
          serviceAccountTokenSealed: secrets.seal(connection.token),
          internal: connection.internal,
        }),
        createdAt: now,
        updatedAt: now,
      };
    }),
  );
  const sealed = (credentials: object | null) =>
    credentials && secrets.seal(JSON.stringify(credentials));
  const providers = await db
    .insert(gitProviders)
    .values(
      GIT_PROVIDERS.map(({ credentials, ...provider }) => ({
        accountId,
        ...provider,
        credentialsSealed: sealed(credentials),
        restrictBranches: RESTRICTIONS[provider.name]?.branches ?? null,
        restrictPaths: RESTRICTIONS[provider.name]?.paths ?? null,
        createdAt: now,
        updatedAt: now,
      })),
    )
    .returning({ id: gitProviders.id, name: gitProviders.name });
  const providerIds = new Map(providers.map((provider) => [provider.name, provider.id]));
  await db.insert(registries).values(
    REGISTRIES.map(({ credentials, ...registry }) => ({
      accountId,
      ...registry,
      credentialsSealed: sealed(credentials),
      createdAt: now,
      updatedAt: now,
    })),
  );
  await db.insert(pipelines).values(
    PIPELINES.map(([project, name, tags, source]) => ({
      accountId,
      project,
      name,
      tags,
      ...sourceColumns(
        source.type === 'git' && 'provider' in source
          ? {
              type: 'git',
              gitProviderId: providerIds.get(source.provider)!,
              repository: source.repository,
              branch: source.branch,
              path: source.path,
            }
          : source,
      ),
      createdAt: now,
      updatedAt: now,
    })),
  );
  // Each inline definition is its pipeline's version 1 (issue 20), saved by Ada.
  await recordFirstVersions(db, accountId, ids.get('ada@example.com')!);
  await db.insert(accessRules).values(
    RULES.map(({ team, tagMatch = 'any', ...rule }, index) => ({
      accountId,
      number: 4 + index,
      teamId: teamIds.get(team)!,
      tagMatch,
      ...rule,
      createdAt: now,
      updatedAt: now,
    })),
  );
  await db
    .update(accounts)
    .set({ lastRuleNumber: 3 + RULES.length })
    .where(eq(accounts.id, accountId));
}
