import type { Invitation } from '@contract/auth';
import type { AccountApiToken } from '@contract/api-tokens';
import type { ApiToken, Me } from '@contract/me';
import type { Session } from '@contract/sessions';
import type { RuleWithWarnings } from '@contract/access';
import type { Cluster } from '@contract/clusters';
import type { Pipeline, PipelineVersion } from '@contract/pipelines';
import type { AuditEntry } from '@contract/audit';
import type { AccountSettings, SecuritySettings } from '@contract/settings';
import type { SsoProvider } from '@contract/sso-providers';
import type { Team } from '@contract/teams';
import type { User } from '@contract/users';
import type { GitProvider, Registry } from '@contract/integrations';
import type { Runner } from '@contract/runners';
import type { Run } from '@contract/runs';
import type { Restrictions } from '@contract/restrictions';
import type { Trigger } from '@contract/triggers';
import type { PolicyPlan } from '@contract/policy';
import {
  buildAccountSettings,
  buildMe,
  buildPerson,
  buildPolicyPlan,
  buildSession,
  buildSecuritySettings,
  buildTeam,
} from './factories';

export const MOCK_PASSWORD = 'correct horse battery staple';
export const MOCK_CSRF_TOKEN = 'csrf-test-token';
/** The one person the directory of every mock LDAP provider knows (db.person, signed in through it). */
export const MOCK_DIRECTORY_USER = {
  username: 'ada',
  password: 'directory password',
  dn: 'uid=ada,ou=people,dc=example,dc=org',
  groups: ['cn=engineers,ou=groups,dc=example,dc=org'],
};

/** An invitation link of the mock API, by its token. */
/** The mock account's exported policy (issue 20), abridged. */
export const MOCK_POLICY_TEXT = `# yaml-language-server: $schema=http://localhost:3000/api/policy/schema.json
version: 1
settings:
  idleTimeoutMinutes: 60
  invitationDomains: []
  pipelineSources: { inline: true, git: true, url: true }
teams:
  - name: admins
  - name: users
rules: []
tags: { clusters: {}, pipelines: {} }
restrictions: {}
`;

export type MockInvitation = Invitation & {
  userId: string;
  state: 'valid' | 'used' | 'expired';
  /** What the invited person chose, once accepted. */
  accepted?: { password: string; name?: string };
};

type MockDb = {
  /** Whether the first administrator still has to be created. */
  needsSetup: boolean;
  /** The setup token creating the first administrator requires; null when none is required. */
  setupToken: string | null;
  /** Who can sign in, with `password` (MOCK_PASSWORD until they change it). */
  person: Me;
  password: string;
  /** Whether that person currently has a session. */
  signedIn: boolean;
  tokens: ApiToken[];
  /** Other people's tokens, as `GET /api/api-tokens` lists them beside the person's own. */
  othersTokens: AccountApiToken[];
  /** The signed-in person's sessions; the one marked `current` is this browser's. */
  sessions: Session[];
  /** The people whose sessions an administrator ended (`DELETE /api/users/:id/sessions`). */
  sessionsEndedOf: string[];
  /** How many times `POST /api/settings/security/end-sessions` signed everyone else out. */
  everyoneSignedOut: number;
  /** How many activity signals (`POST /api/auth/activity`) arrived. */
  activitySignals: number;
  /**
   * The people of the account, as the People screen lists them; the signed-in person is the
   * first. Their `teams` are worked out from `teams` and `members` when answered.
   */
  people: User[];
  /** The built-in teams and any others; member counts are worked out when answered. */
  teams: Team[];
  /** Members of the teams that are not built in, by team id. */
  members: Record<string, string[]>;
  ssoProviders: SsoProvider[];
  /** Secrets the mock API was sent, by provider id: never answered. */
  ssoSecrets: Record<string, string>;
  accountSettings: AccountSettings;
  invitations: Record<string, MockInvitation>;
  /** Addresses "Forgot your password?" was asked for. */
  passwordResetRequests: string[];
  /** Password-reset links by token; `password` is what the person chose with it. */
  passwordResets: Record<
    string,
    { userId: string; state: 'valid' | 'used' | 'expired'; password?: string }
  >;
  /** Clusters and pipelines as the signed-in person sees them (privileges included). */
  clusters: Cluster[];
  pipelines: Pipeline[];
  /** Saved definition versions by pipeline id, oldest first (issue 20). */
  pipelineVersions: Record<string, PipelineVersion[]>;
  /** Access rules, by number. */
  rules: RuleWithWarnings[];
  /** The idle timeout; `person.account.idleTimeoutMinutes` follows it when it is saved. */
  securitySettings: SecuritySettings;
  /** The audit log, in any order: the mock API answers it newest first. */
  auditEntries: AuditEntry[];
  /**
   * The policy document (issue 20) as exported, and its version (`"policy-<n>"`). The mock API
   * does not compute plans: an import is answered with `plan` (a test sets the scene), and
   * applying one stores the document sent as the new export.
   */
  policy: { text: string; version: number; plan: PolicyPlan };
  /** Git providers (P-5.1); never their credentials. */
  gitProviders: GitProvider[];
  /** Container registries (P-5.2); never their credentials. */
  registries: Registry[];
  /** Credentials the mock API was sent, by git provider or registry id: never answered. */
  integrationCredentials: Record<string, unknown>;
  /** Service-account tokens of clusters the mock API was sent, by cluster id: never answered. */
  clusterTokens: Record<string, string>;
  /** Runners (P-5.4), git triggers of pipelines and their runs, by the runners handlers. */
  runners: Runner[];
  triggers: Trigger[];
  /** Webhook secrets the mock API gave out, by trigger id: answered only on create and rotate. */
  triggerSecrets: Record<string, string>;
  runs: Run[];
  /**
   * Who set the pipeline-source switches last (P-4.2); the switches themselves are
   * `person.account.pipelineSources`, which the create dialog reads too.
   */
  pipelineSourcesChange: {
    updatedAt: string | null;
    updatedBy: { id: string; name: string } | null;
  };
  /** Restrictions of git providers (P-4.3) by provider id; a provider not here has none. */
  restrictions: Record<string, Restrictions>;
};

function initialDb(): MockDb {
  const person = buildMe();
  return {
    needsSetup: false,
    setupToken: null,
    person,
    password: MOCK_PASSWORD,
    signedIn: true,
    tokens: [],
    othersTokens: [],
    sessions: [buildSession({ current: true })],
    sessionsEndedOf: [],
    everyoneSignedOut: 0,
    activitySignals: 0,
    people: [
      buildPerson({
        id: person.id,
        email: person.email,
        name: person.name,
        level: 'administrator',
      }),
      buildPerson({ email: 'grace@example.com', name: 'Grace Hopper' }),
    ],
    teams: [
      buildTeam({ id: person.teams[1]!.id, name: 'admins', builtIn: true }),
      buildTeam({ id: person.teams[0]!.id, name: 'users', builtIn: true }),
    ],
    members: {},
    ssoProviders: [],
    ssoSecrets: {},
    accountSettings: buildAccountSettings(),
    invitations: {},
    passwordResets: {},
    passwordResetRequests: [],
    clusters: [],
    pipelines: [],
    pipelineVersions: {},
    rules: [],
    securitySettings: buildSecuritySettings({
      idleTimeoutMinutes: person.account.idleTimeoutMinutes,
    }),
    auditEntries: [],
    policy: { text: MOCK_POLICY_TEXT, version: 1, plan: buildPolicyPlan() },
    gitProviders: [],
    registries: [],
    integrationCredentials: {},
    clusterTokens: {},
    runners: [],
    triggers: [],
    triggerSecrets: {},
    runs: [],
    pipelineSourcesChange: { updatedAt: null, updatedBy: null },
    restrictions: {},
  };
}

/**
 * The state behind the mock API, reset before each test: by default an administrator who is
 * signed in, one other person, the built-in teams, no tokens and no SSO providers. Tests change
 * it directly to set the scene.
 */
export const db: MockDb = initialDb();

export function resetDb(): void {
  Object.assign(db, initialDb());
}
