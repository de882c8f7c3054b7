import { accountApiTokenSchema, type AccountApiToken } from '@contract/api-tokens';
import { POLICY_SECTIONS, policyPlanSchema, type PolicyPlan } from '@contract/policy';
import { problemSchema, type Problem } from '@contract/problem';
import { auditEntrySchema, type AuditEntry } from '@contract/audit';
import { invitationSchema, type Invitation } from '@contract/auth';
import {
  apiTokenSchema,
  createdApiTokenSchema,
  meSchema,
  type ApiToken,
  type CreatedApiToken,
  type Me,
} from '@contract/me';
import { sessionSchema, type Session } from '@contract/sessions';
import { ruleWithWarningsSchema, type RuleWithWarnings } from '@contract/access';
import { describeRule } from '@domain/access/rules';
import { clusterSchema, type Cluster } from '@contract/clusters';
import { pipelineSchema, type Pipeline } from '@contract/pipelines';
import {
  INLINE_TEMPLATE,
  pipelineSourcesSchema,
  type PipelineSources,
} from '@contract/pipeline-sources';
import { restrictionsSchema, type Restrictions } from '@contract/restrictions';
import {
  accountSettingsSchema,
  securitySettingsSchema,
  type AccountSettings,
  type SecuritySettings,
} from '@contract/settings';
import { ssoProviderSchema, type SsoProvider } from '@contract/sso-providers';
import { teamSchema, type Team } from '@contract/teams';
import { userSchema, type User } from '@contract/users';
import {
  gitProviderSchema,
  registrySchema,
  type GitProvider,
  type Registry,
} from '@contract/integrations';
import { runnerSchema, type Runner } from '@contract/runners';
import { runSchema, type Run } from '@contract/runs';
import { triggerSchema, type Trigger } from '@contract/triggers';

// Every fixture goes through its contract schema: a fixture that drifts from the API fails here.

let sequence = 0;
export const nextId = () => `00000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}`;

export function buildMe(overrides: Partial<Me> = {}): Me {
  return meSchema.parse({
    id: nextId(),
    email: 'ada@example.com',
    name: 'Ada Lovelace',
    level: 'administrator',
    teams: [
      { id: nextId(), name: 'users', builtIn: true },
      { id: nextId(), name: 'admins', builtIn: true },
    ],
    notifications: { buildFailed: true, buildSucceeded: false, approvalPending: true },
    account: {
      id: nextId(),
      name: 'Acme Corp',
      plan: 'enterprise',
      idleTimeoutMinutes: 60,
      pipelineSources: { inline: true, git: true, url: true },
    },
    ...overrides,
  });
}

export function buildUser(overrides: Partial<Me> = {}): Me {
  return buildMe({
    email: 'grace@example.com',
    name: 'Grace Hopper',
    level: 'user',
    teams: [{ id: nextId(), name: 'users', builtIn: true }],
    ...overrides,
  });
}

/** A person as the People screen lists them (`GET /api/users`). */
export function buildPerson(overrides: Partial<User> = {}): User {
  return userSchema.parse({
    id: nextId(),
    email: `person${sequence}@example.com`,
    name: `Person ${sequence}`,
    level: 'user',
    status: 'active',
    ssoProvider: null,
    teams: [],
    invitation: null,
    createdAt: '2026-03-01T09:00:00.000Z',
    ...overrides,
  });
}

export function buildTeam(overrides: Partial<Team> = {}): Team {
  return teamSchema.parse({
    id: nextId(),
    name: `team-${sequence}`,
    builtIn: false,
    managedBy: [],
    memberCount: 0,
    createdAt: '2026-03-01T09:00:00.000Z',
    ...overrides,
  });
}

export function buildSsoProvider(overrides: Partial<SsoProvider> = {}): SsoProvider {
  const id = overrides.id ?? nextId();
  const own = `http://localhost:3000/api/auth/sso/${id}`;
  // Every type's own fields: the schema keeps those of the type chosen.
  return ssoProviderSchema.parse({
    type: 'oidc',
    id,
    name: 'Okta',
    peopleCount: 0,
    createdAt: '2026-03-01T09:00:00.000Z',
    updatedAt: '2026-03-01T09:00:00.000Z',
    createPeople: false,
    groupMappings: [],
    issuerUrl: 'https://acme.okta.example/oauth2/default',
    clientId: 'perimeter',
    groupsClaim: 'groups',
    clientSecretSet: true,
    redirectUri: `${own}/callback`,
    ssoUrl: 'https://idp.example/sso',
    entityId: 'https://idp.example/metadata',
    certificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
    emailAttribute: '',
    groupsAttribute: 'groups',
    metadataUrl: `${own}/metadata`,
    spEntityId: `${own}/metadata`,
    acsUrl: `${own}/callback`,
    url: 'ldaps://ldap.example:636',
    bindDn: 'cn=perimeter,ou=services,dc=example,dc=org',
    searchBase: 'ou=people,dc=example,dc=org',
    userFilter: '(|(uid={username})(mail={username}))',
    groupSearchBase: '',
    startTls: false,
    caCertificate: '',
    bindPasswordSet: true,
    ...overrides,
  });
}

export function buildAccountSettings(overrides: Partial<AccountSettings> = {}): AccountSettings {
  return accountSettingsSchema.parse({
    name: 'Acme Corp',
    plan: 'enterprise',
    invitationDomains: [],
    mailDelivery: 'none',
    ...overrides,
  });
}

export function buildInvitation(overrides: Partial<Invitation> = {}): Invitation {
  return invitationSchema.parse({
    email: 'grace@example.com',
    name: 'grace',
    accountName: 'Acme Corp',
    expiresAt: '2026-12-01T09:00:00.000Z',
    ...overrides,
  });
}

export function buildApiToken(overrides: Partial<ApiToken> = {}): ApiToken {
  return apiTokenSchema.parse({
    id: nextId(),
    name: 'deploy-script',
    prefix: 'prm_3f9a',
    scope: 'read-write',
    administrator: false,
    createdAt: '2026-03-01T09:00:00.000Z',
    lastUsedAt: null,
    expiresAt: '2027-03-01T09:00:00.000Z',
    ...overrides,
  });
}

/** A token of the account as administrators list it (`GET /api/api-tokens`), with its owner. */
export function buildAccountApiToken(overrides: Partial<AccountApiToken> = {}): AccountApiToken {
  return accountApiTokenSchema.parse({
    ...buildApiToken(),
    owner: { id: nextId(), name: 'Alan Turing', email: 'alan@example.com', level: 'user' },
    ...overrides,
  });
}

export function buildCreatedApiToken(overrides: Partial<CreatedApiToken> = {}): CreatedApiToken {
  const token = `prm_${crypto.randomUUID().replaceAll('-', '')}`;
  return createdApiTokenSchema.parse({
    ...buildApiToken({ prefix: token.slice(0, 8) }),
    token,
    ...overrides,
  });
}

export function buildSession(overrides: Partial<Session> = {}): Session {
  return sessionSchema.parse({
    id: crypto.randomUUID(),
    device: 'Firefox 128 on Linux',
    address: '192.0.2.10',
    startedAt: '2026-03-01T09:00:00.000Z',
    lastActiveAt: '2026-03-01T09:30:00.000Z',
    current: false,
    ...overrides,
  });
}

export function buildProblem(
  status: number,
  title: string,
  extra: Omit<Partial<Problem>, 'status' | 'title'> = {},
): Problem {
  return problemSchema.parse({ status, title, ...extra });
}

/** A cluster as an administrator sees it (every privilege, tags editable). */
export function buildCluster(overrides: Partial<Cluster> = {}): Cluster {
  return clusterSchema.parse({
    id: nextId(),
    name: `cluster-${sequence}`,
    tags: [],
    createdAt: '2026-03-01T09:00:00.000Z',
    updatedAt: '2026-03-01T09:00:00.000Z',
    privileges: ['read', 'update', 'delete'],
    canEditTags: true,
    provider: 'custom',
    apiServerUrl: null,
    caCertificate: null,
    serviceAccountTokenSet: false,
    internal: false,
    version: 1,
    ...overrides,
  });
}

/**
 * A pipeline as an administrator sees it (every privilege, tags editable), defined inline from
 * the template and allowed to run.
 */
export function buildPipeline(overrides: Partial<Pipeline> = {}): Pipeline {
  return pipelineSchema.parse({
    id: nextId(),
    name: `pipeline-${sequence}`,
    project: 'payments',
    tags: [],
    source: { type: 'inline', yaml: INLINE_TEMPLATE },
    runnable: { allowed: true, code: null, reason: null },
    version: 1,
    createdAt: '2026-03-01T09:00:00.000Z',
    updatedAt: '2026-03-01T09:00:00.000Z',
    privileges: ['read', 'update', 'delete', 'run', 'approve', 'debug'],
    canEditTags: true,
    ...overrides,
  });
}

/** A rule with its sentence written from its fields; `team` defaults to the built-in users. */
export function buildRule(overrides: Partial<RuleWithWarnings> = {}): RuleWithWarnings {
  const rule = {
    id: nextId(),
    number: sequence,
    team: { id: nextId(), name: 'users', builtIn: true },
    resourceType: 'cluster' as const,
    privileges: ['read' as const],
    tags: ['untagged'],
    tagMatch: 'any' as const,
    note: null,
    createdAt: '2026-03-01T09:00:00.000Z',
    updatedAt: '2026-03-01T09:00:00.000Z',
    impliedPrivileges: [],
    warnings: [],
    ...overrides,
  };
  return ruleWithWarningsSchema.parse({
    sentence: describeRule({ ...rule, teamName: rule.team.name }),
    ...rule,
  });
}

/** The security settings while nobody has changed the default idle timeout. */
export function buildSecuritySettings(overrides: Partial<SecuritySettings> = {}): SecuritySettings {
  return securitySettingsSchema.parse({
    idleTimeoutMinutes: 60,
    updatedAt: null,
    updatedBy: null,
    ...overrides,
  });
}

/** An audit entry: by default Ada Lovelace renaming team `qa` to `qa-eu`. */
export function buildAuditEntry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  const teamId = nextId();
  return auditEntrySchema.parse({
    id: nextId(),
    at: '2026-03-01T09:00:00.000Z',
    actor: { kind: 'person', id: nextId(), name: 'Ada Lovelace', email: 'ada@example.com' },
    action: 'team.updated',
    target: { type: 'team', id: teamId, name: 'qa-eu' },
    before: { name: 'qa', memberIds: [] },
    after: { name: 'qa-eu', memberIds: [] },
    ...overrides,
  });
}

/** A runner that registered and polled a moment ago (online), without the app-proxy. */
export function buildRunner(overrides: Partial<Runner> = {}): Runner {
  const now = new Date().toISOString();
  return runnerSchema.parse({
    id: nextId(),
    name: `runner-${sequence}`,
    state: 'online',
    createdAt: '2026-03-01T09:00:00.000Z',
    registeredAt: '2026-03-01T09:05:00.000Z',
    lastPollAt: now,
    version: '1.0.0',
    appProxy: false,
    revokedAt: null,
    ...overrides,
  });
}

/** A GitHub push trigger of a pipeline, on main. */
export function buildTrigger(overrides: Partial<Trigger> = {}): Trigger {
  const id = overrides.id ?? nextId();
  return triggerSchema.parse({
    id,
    pipelineId: nextId(),
    gitProvider: { id: nextId(), name: 'github', kind: 'github', behindFirewall: false },
    runner: { id: nextId(), name: 'dc-eu-1', appProxy: false },
    repository: 'acme/api',
    events: ['push'],
    branchFilter: '^main$',
    modifiedFilesGlob: null,
    webhookUrl: `http://localhost/api/hooks/${id}`,
    secretRotatedAt: '2026-03-01T09:00:00.000Z',
    version: 1,
    createdAt: '2026-03-01T09:00:00.000Z',
    updatedAt: '2026-03-01T09:00:00.000Z',
    updatedBy: { id: nextId(), name: 'Ada Lovelace' },
    ...overrides,
  });
}

/** A run queued by a push to main, not yet claimed. */
export function buildRun(overrides: Partial<Run> = {}): Run {
  return runSchema.parse({
    id: nextId(),
    pipelineId: nextId(),
    number: 1,
    state: 'queued',
    trigger: {
      kind: 'webhook',
      triggerId: nextId(),
      event: 'push',
      repository: 'acme/api',
      branch: 'main',
      revision: '1a2b3c4d5e6f7a8b9c0d',
      message: 'Fix the login page',
    },
    runner: null,
    debug: false,
    steps: [],
    decisions: [],
    createdAt: '2026-03-01T09:00:00.000Z',
    claimedAt: null,
    finishedAt: null,
    ...overrides,
  });
}

/** A GitLab on premise, reachable from the platform, with credentials, never tested. */
export function buildGitProvider(overrides: Partial<GitProvider> = {}): GitProvider {
  return gitProviderSchema.parse({
    id: nextId(),
    name: `gitlab-${sequence}`,
    kind: 'gitlab',
    baseUrl: 'https://gitlab.example.com',
    credentialsSet: true,
    onPremise: true,
    behindFirewall: false,
    lastTest: null,
    version: 1,
    createdAt: '2026-03-01T09:00:00.000Z',
    updatedAt: '2026-03-01T09:00:00.000Z',
    ...overrides,
  });
}

/** A registry reachable from the platform, with credentials, never tested. */
export function buildRegistry(overrides: Partial<Registry> = {}): Registry {
  return registrySchema.parse({
    id: nextId(),
    name: `registry-${sequence}`,
    domain: 'registry.example.com',
    credentialsSet: true,
    behindFirewall: false,
    lastTest: null,
    version: 1,
    createdAt: '2026-03-01T09:00:00.000Z',
    updatedAt: '2026-03-01T09:00:00.000Z',
    ...overrides,
  });
}

/** The source switches while nobody has changed them: every source on, no pipeline yet. */
export function buildPipelineSources(overrides: Partial<PipelineSources> = {}): PipelineSources {
  return pipelineSourcesSchema.parse({
    inline: true,
    git: true,
    url: true,
    usage: { inline: 0, git: 0, url: 0 },
    updatedAt: null,
    updatedBy: null,
    ...overrides,
  });
}

/** A git provider's restrictions while none is set (everything allowed), never changed. */
export function buildRestrictions(overrides: Partial<Restrictions> = {}): Restrictions {
  return restrictionsSchema.parse({
    gitProviderId: nextId(),
    repositories: null,
    branches: null,
    paths: null,
    pipelines: { total: 0, refused: 0 },
    version: 1,
    updatedAt: null,
    updatedBy: null,
    ...overrides,
  });
}

/** A plan that changes nothing and has no problems, with `overrides` (issue 20). */
export function buildPolicyPlan(overrides: Partial<PolicyPlan> = {}): PolicyPlan {
  const none = { added: [], changed: [], removed: [] };
  return policyPlanSchema.parse({
    version: '"policy-1"',
    problems: [],
    sections: Object.fromEntries(POLICY_SECTIONS.map((section) => [section, none])),
    impact: { gains: [], losses: [], truncated: false },
    ...overrides,
  });
}
