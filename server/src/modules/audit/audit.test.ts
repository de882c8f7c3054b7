import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AUDIT_ACTIONS,
  AUDIT_CSV_COLUMNS,
  REDACTED,
  REDACTED_CHANGED,
  auditEntrySchema,
  auditPageSchema,
  type AuditAction,
  type AuditEntry,
} from '../../../contract/audit';
import { INLINE_TEMPLATE } from '../../../contract/pipeline-sources';
import { auditEntries } from '../../db/schema';
import { DAY, MINUTE } from '../../lib/clock';
import { sha256 } from '../../lib/crypto';
import type { TestAgent, TestResponse } from '../../testing/test-agent';
import { createTestApp, TEST_PASSWORD, type TestContext } from '../../testing/test-app';
import { csvCell } from './audit.service';
import { admitSsoIdentity, loadSignInProvider } from '../sso/sign-in.service';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Admin = Awaited<ReturnType<TestContext['signedIn']>>;

const OIDC = {
  type: 'oidc',
  issuerUrl: 'https://login.example.com',
  clientId: 'perimeter',
} as const;

/** A cluster's connection settings (P-5.3) before any are set. */
const NO_CONNECTION = {
  apiServerUrl: null,
  caCertificate: null,
  serviceAccountToken: null,
  internal: false,
};

const GIT_PROVIDER = {
  name: 'gitlab',
  kind: 'gitlab',
  baseUrl: 'https://gitlab.acme.internal',
  credentials: { token: 'glpat-audited-token' },
  onPremise: true,
};
const GIT_PROVIDER_SNAPSHOT = {
  name: 'gitlab',
  kind: 'gitlab',
  baseUrl: 'https://gitlab.acme.internal',
  onPremise: true,
  behindFirewall: false,
  credentials: REDACTED,
};
const REGISTRY = {
  name: 'internal',
  domain: 'registry.acme.internal',
  credentials: { username: 'robot', password: 'registry-audited-password' },
};
const REGISTRY_SNAPSHOT = {
  name: 'internal',
  domain: 'registry.acme.internal',
  behindFirewall: false,
  credentials: REDACTED,
};

async function entries(
  admin: TestAgent,
  query = '',
): Promise<{ items: AuditEntry[]; total: number }> {
  const res = await admin.get(`/api/audit?pageSize=100${query}`);
  expect(res.status).toBe(200);
  return auditPageSchema.parse(await res.json());
}

/**
 * Runs one change and answers the one entry it left (it fails if it left none or several).
 * The clock moves a second first, so the new entry is the newest.
 */
/** How a pipeline's inline source is audited: the YAML is the editor's concern, not the log's. */
/** A pipeline made without a source: inline from the template, logged by digest and length. */
const INLINE = { type: 'inline', lines: 10, sha256: sha256(INLINE_TEMPLATE) };

async function oneEntryOf(
  admin: TestAgent,
  change: () => Promise<TestResponse>,
  status: number,
): Promise<AuditEntry> {
  const { total } = await entries(admin);
  t.clock.advance(1000);
  const res = await change();
  expect(res.status, await res.clone().text()).toBe(status);
  const after = await entries(admin);
  expect(after.total).toBe(total + 1);
  return auditEntrySchema.strict().parse(after.items[0]);
}

/** Runs a change that must fail and checks it left no entry. */
async function noEntryFrom(admin: TestAgent, change: () => Promise<TestResponse>, status: number) {
  const { total } = await entries(admin);
  const res = await change();
  expect(res.status, await res.clone().text()).toBe(status);
  expect((await entries(admin)).total).toBe(total);
}

/** The id of what a creation answered, leaving the answer readable. */
async function idFrom(res: TestResponse): Promise<string> {
  return ((await res.clone().json()) as { id: string }).id;
}

async function usersTeamId(admin: TestAgent): Promise<string> {
  const teams = await (await admin.get('/api/teams?q=users')).json();
  return teams.items.find((team: { builtIn: boolean; name: string }) => team.name === 'users').id;
}

async function etagOf(admin: TestAgent, pipelineId: string): Promise<string> {
  return (await admin.get(`/api/pipelines/${pipelineId}`)).headers.get('etag')!;
}

interface Case {
  action: AuditAction;
  /** Prepares what the change needs (its own entries are allowed), then makes the change. */
  run(admin: Admin): Promise<{ entry: AuditEntry; expected: Partial<AuditEntry> }>;
}

/** One case per kind of change (and a few kinds twice, done differently). */
/** A pipeline with a GitHub provider and a runner, for the trigger cases. */
async function triggerScene(admin: TestAgent, suffix: string) {
  const pipeline = await (
    await admin.post('/api/pipelines', { project: 'hooks', name: `build-${suffix}` })
  ).json();
  const provider = await (
    await admin.post('/api/git-providers', { name: `github-${suffix}`, kind: 'github' })
  ).json();
  const runner = await (await admin.post('/api/runners', { name: `runner-${suffix}` })).json();
  return { pipeline, provider, runner };
}

/** A run that a registered runner claimed and reported waiting at its approval step. */
async function waitingRunScene(admin: TestAgent, suffix: string) {
  const pipeline = await (
    await admin.post('/api/pipelines', {
      project: 'releases',
      name: `ship-${suffix}`,
      source: {
        type: 'inline',
        yaml: "version: '1.0'\nsteps:\n  approval:\n    type: pending-approval\n",
      },
    })
  ).json();
  const created = await (await admin.post('/api/runners', { name: `approvals-${suffix}` })).json();
  const runner = await (
    await t.agent().post('/api/runner/v1/register', {
      registrationToken: created.registrationToken,
      version: '1.0.0',
    })
  ).json();
  const headers = { authorization: `Bearer ${runner.credential}` };
  const run = await (await admin.post(`/api/pipelines/${pipeline.id}/runs`, {})).json();
  const poll = await t.agent().post('/api/runner/v1/poll', { waitSeconds: 0 }, { headers });
  expect((await poll.json()).job.id).toBe(run.id);
  const reported = await t.agent().post(
    `/api/runner/v1/jobs/${run.id}/status`,
    {
      state: 'pending-approval',
      steps: [{ name: 'approval', type: 'pending-approval', state: 'pending' }],
    },
    { headers },
  );
  expect(reported.status).toBe(204);
  return { pipeline, run };
}

function triggerSnapshotOf(suffix: string, events: string[], branchFilter: string | null) {
  return {
    gitProvider: `github-${suffix}`,
    runner: `runner-${suffix}`,
    // The administrator who made the trigger: its runs have their access to clusters.
    actsFor: expect.stringMatching(/^Person /),
    repository: 'acme/api',
    events,
    branchFilter,
    modifiedFilesGlob: null,
    secret: REDACTED,
  };
}

const cases: Case[] = [
  {
    action: 'user.invited',
    async run(admin) {
      let id = '';
      const entry = await oneEntryOf(
        admin,
        async () => {
          const res = await admin.post('/api/users', { email: 'grace@example.com' });
          id = await idFrom(res);
          return res;
        },
        201,
      );
      return {
        entry,
        expected: {
          target: { type: 'user', id, name: 'grace' },
          before: null,
          after: {
            email: 'grace@example.com',
            name: 'grace',
            level: 'user',
            status: 'invited',
            ssoProvider: null,
            invitationExpiresAt: new Date(t.clock.now().getTime() + 7 * DAY).toISOString(),
          },
        },
      };
    },
  },
  {
    action: 'user.updated',
    async run(admin) {
      const person = await t.signedIn({
        audited: false,
        level: 'user',
        accountId: admin.accountId,
      });
      const entry = await oneEntryOf(
        admin,
        () => admin.patch(`/api/users/${person.userId}`, { level: 'administrator', name: 'Ada' }),
        200,
      );
      const common = { email: person.email, status: 'active', ssoProvider: null };
      return {
        entry,
        expected: {
          target: { type: 'user', id: person.userId, name: 'Ada' },
          before: { ...common, name: expect.stringMatching(/^Person /), level: 'user' },
          after: { ...common, name: 'Ada', level: 'administrator' },
        },
      };
    },
  },
  {
    action: 'user.updated',
    async run(admin) {
      const person = await t.signedIn({
        audited: false,
        level: 'user',
        accountId: admin.accountId,
      });
      const provider = await (
        await admin.post('/api/sso-providers', { ...OIDC, name: 'Okta', clientSecret: 's3cr3t' })
      ).json();
      const entry = await oneEntryOf(
        admin,
        () => admin.patch(`/api/users/${person.userId}`, { ssoProviderId: provider.id }),
        200,
      );
      return {
        entry,
        expected: {
          before: expect.objectContaining({ ssoProvider: null }),
          after: expect.objectContaining({ ssoProvider: { id: provider.id, name: 'Okta' } }),
        },
      };
    },
  },
  {
    action: 'user.removed',
    async run(admin) {
      const person = await t.signedIn({
        audited: false,
        level: 'user',
        accountId: admin.accountId,
      });
      const entry = await oneEntryOf(admin, () => admin.delete(`/api/users/${person.userId}`), 204);
      return {
        entry,
        expected: {
          target: { type: 'user', id: person.userId, name: expect.stringMatching(/^Person /) },
          before: expect.objectContaining({ email: person.email, status: 'active' }),
          after: null,
        },
      };
    },
  },
  {
    action: 'user.password-changed',
    async run(admin) {
      const entry = await oneEntryOf(
        admin,
        () =>
          admin.post('/api/me/password', {
            currentPassword: TEST_PASSWORD,
            newPassword: 'a brand new passphrase',
          }),
        204,
      );
      // A wrong current password changes nothing and leaves no entry.
      await noEntryFrom(
        admin,
        () =>
          admin.post('/api/me/password', {
            currentPassword: TEST_PASSWORD,
            newPassword: 'yet another passphrase',
          }),
        422,
      );
      return {
        entry,
        expected: {
          target: { type: 'user', id: admin.userId, name: expect.stringMatching(/^Person /) },
          before: { password: REDACTED },
          after: { password: REDACTED_CHANGED },
        },
      };
    },
  },
  {
    action: 'password-reset.issued',
    async run(admin) {
      const person = await t.signedIn({
        audited: false,
        level: 'user',
        accountId: admin.accountId,
      });
      const entry = await oneEntryOf(
        admin,
        () => admin.post(`/api/users/${person.userId}/password-reset`),
        200,
      );
      // The link itself is never in the log: only until when it works.
      return {
        entry,
        expected: {
          target: { type: 'user', id: person.userId, name: expect.stringMatching(/^Person /) },
          before: null,
          after: {
            email: person.email,
            resetExpiresAt: new Date(t.clock.now().getTime() + DAY).toISOString(),
          },
        },
      };
    },
  },
  {
    action: 'password-reset.used',
    async run(admin) {
      const person = await t.signedIn({
        audited: false,
        level: 'user',
        accountId: admin.accountId,
      });
      const { resetUrl } = await (
        await admin.post(`/api/users/${person.userId}/password-reset`)
      ).json();
      const token = resetUrl.slice(resetUrl.indexOf('#') + 1);
      const entry = await oneEntryOf(
        admin,
        () => t.agent().post(`/api/auth/password-reset/${token}`, { password: 'my own new pass' }),
        204,
      );
      return {
        entry,
        expected: {
          // The person proved who they are with the link, so they are the actor.
          actor: {
            kind: 'person',
            id: person.userId,
            name: expect.stringMatching(/^Person /),
            email: person.email,
          },
          target: { type: 'user', id: person.userId, name: expect.stringMatching(/^Person /) },
          before: { password: REDACTED },
          after: { password: REDACTED_CHANGED },
        },
      };
    },
  },
  {
    action: 'invitation.renewed',
    async run(admin) {
      const invited = await (await admin.post('/api/users', { email: 'renew@example.com' })).json();
      const first = invited.invitation.expiresAt;
      const entry = await oneEntryOf(
        admin,
        () => admin.post(`/api/users/${invited.id}/invitation`),
        200,
      );
      return {
        entry,
        expected: {
          target: { type: 'user', id: invited.id, name: 'renew' },
          before: expect.objectContaining({ invitationExpiresAt: first }),
          after: expect.objectContaining({
            invitationExpiresAt: new Date(t.clock.now().getTime() + 7 * DAY).toISOString(),
          }),
        },
      };
    },
  },
  {
    action: 'invitation.revoked',
    async run(admin) {
      const invited = await (await admin.post('/api/users', { email: 'gone@example.com' })).json();
      const entry = await oneEntryOf(
        admin,
        () => admin.delete(`/api/users/${invited.id}/invitation`),
        204,
      );
      return {
        entry,
        expected: {
          target: { type: 'user', id: invited.id, name: 'gone' },
          before: expect.objectContaining({ email: 'gone@example.com', status: 'invited' }),
          after: null,
        },
      };
    },
  },
  {
    action: 'team.created',
    async run(admin) {
      const person = await t.signedIn({
        audited: false,
        level: 'user',
        accountId: admin.accountId,
      });
      let id = '';
      const entry = await oneEntryOf(
        admin,
        async () => {
          const res = await admin.post('/api/teams', { name: 'qa', memberIds: [person.userId] });
          id = await idFrom(res);
          return res;
        },
        201,
      );
      return {
        entry,
        expected: {
          target: { type: 'team', id, name: 'qa' },
          before: null,
          after: { name: 'qa', members: [{ id: person.userId, name: expect.any(String) }] },
        },
      };
    },
  },
  {
    action: 'team.updated',
    async run(admin) {
      const [a, b] = [
        await t.signedIn({ audited: false, level: 'user', accountId: admin.accountId }),
        await t.signedIn({ audited: false, level: 'user', accountId: admin.accountId }),
      ];
      await admin.patch(`/api/users/${a.userId}`, { name: 'Alan' });
      await admin.patch(`/api/users/${b.userId}`, { name: 'Barbara' });
      const team = await (
        await admin.post('/api/teams', { name: 'ops', memberIds: [a.userId] })
      ).json();
      const entry = await oneEntryOf(
        admin,
        () =>
          admin.patch(`/api/teams/${team.id}`, {
            name: 'platform',
            addMemberIds: [b.userId],
            removeMemberIds: [a.userId],
          }),
        200,
      );
      return {
        entry,
        expected: {
          target: { type: 'team', id: team.id, name: 'platform' },
          before: { name: 'ops', members: [{ id: a.userId, name: 'Alan' }] },
          after: { name: 'platform', members: [{ id: b.userId, name: 'Barbara' }] },
        },
      };
    },
  },
  {
    action: 'team.deleted',
    async run(admin) {
      const team = await (await admin.post('/api/teams', { name: 'doomed' })).json();
      const rule = await (
        await admin.post('/api/rules', {
          teamId: team.id,
          resourceType: 'pipeline',
          privileges: ['read'],
          tags: ['qa'],
        })
      ).json();
      const entry = await oneEntryOf(admin, () => admin.delete(`/api/teams/${team.id}`), 204);
      return {
        entry,
        expected: {
          target: { type: 'team', id: team.id, name: 'doomed' },
          before: { name: 'doomed', members: [], rules: [rule.number] },
          after: null,
        },
      };
    },
  },
  {
    action: 'sso-provider.created',
    async run(admin) {
      let id = '';
      const entry = await oneEntryOf(
        admin,
        async () => {
          const res = await admin.post('/api/sso-providers', {
            ...OIDC,
            name: 'Auth0',
            clientSecret: 'created secret',
          });
          id = await idFrom(res);
          return res;
        },
        201,
      );
      return {
        entry,
        expected: {
          target: { type: 'sso-provider', id, name: 'Auth0' },
          before: null,
          after: {
            ...OIDC,
            name: 'Auth0',
            clientSecret: REDACTED,
            createPeople: false,
            groupMappings: [],
          },
        },
      };
    },
  },
  {
    action: 'sso-provider.updated',
    async run(admin) {
      const provider = await (
        await admin.post('/api/sso-providers', {
          type: 'ldap',
          name: 'Directory',
          url: 'ldaps://ldap.example.com',
          bindDn: 'cn=perimeter',
          searchBase: 'dc=example',
          bindPassword: 'first bind password',
        })
      ).json();
      const entry = await oneEntryOf(
        admin,
        () =>
          admin.put(`/api/sso-providers/${provider.id}`, {
            ...OIDC,
            name: 'Directory',
            clientSecret: 'replacing secret',
          }),
        200,
      );
      return {
        entry,
        expected: {
          target: { type: 'sso-provider', id: provider.id, name: 'Directory' },
          before: {
            type: 'ldap',
            name: 'Directory',
            url: 'ldaps://ldap.example.com',
            bindDn: 'cn=perimeter',
            searchBase: 'dc=example',
            startTls: false,
            bindPassword: REDACTED,
            createPeople: false,
            groupMappings: [],
          },
          after: {
            ...OIDC,
            name: 'Directory',
            clientSecret: REDACTED_CHANGED,
            createPeople: false,
            groupMappings: [],
          },
        },
      };
    },
  },
  {
    action: 'sso-provider.deleted',
    async run(admin) {
      const provider = await (
        await admin.post('/api/sso-providers', {
          type: 'saml',
          name: 'Shibboleth',
          ssoUrl: 'https://idp.example.com/sso',
          entityId: 'perimeter',
          certificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
        })
      ).json();
      const entry = await oneEntryOf(
        admin,
        () => admin.delete(`/api/sso-providers/${provider.id}`),
        204,
      );
      return {
        entry,
        expected: {
          target: { type: 'sso-provider', id: provider.id, name: 'Shibboleth' },
          before: expect.objectContaining({ type: 'saml', ssoUrl: 'https://idp.example.com/sso' }),
          after: null,
        },
      };
    },
  },
  {
    action: 'settings.account.updated',
    async run(admin) {
      const entry = await oneEntryOf(
        admin,
        () => admin.put('/api/settings/account', { invitationDomains: ['example.com'] }),
        200,
      );
      return {
        entry,
        expected: {
          target: {
            type: 'account',
            id: admin.accountId,
            name: expect.stringMatching(/^Account /),
          },
          before: { invitationDomains: [] },
          after: { invitationDomains: ['example.com'] },
        },
      };
    },
  },
  {
    action: 'settings.security.updated',
    async run(admin) {
      const entry = await oneEntryOf(
        admin,
        () => admin.put('/api/settings/security', { idleTimeoutMinutes: 30 }),
        200,
      );
      return {
        entry,
        expected: {
          target: {
            type: 'account',
            id: admin.accountId,
            name: expect.stringMatching(/^Account /),
          },
          before: { idleTimeoutMinutes: 60 },
          after: { idleTimeoutMinutes: 30 },
        },
      };
    },
  },
  {
    action: 'settings.pipeline-sources.updated',
    async run(admin) {
      const entry = await oneEntryOf(
        admin,
        () => admin.put('/api/settings/pipeline-sources', { inline: false, git: true, url: true }),
        200,
      );
      return {
        entry,
        expected: {
          target: {
            type: 'account',
            id: admin.accountId,
            name: expect.stringMatching(/^Account /),
          },
          before: { inline: true, git: true, url: true },
          after: { inline: false, git: true, url: true },
        },
      };
    },
  },
  {
    action: 'rule.created',
    async run(admin) {
      const teamId = await usersTeamId(admin);
      let id = '';
      const entry = await oneEntryOf(
        admin,
        async () => {
          const res = await admin.post('/api/rules', {
            teamId,
            resourceType: 'pipeline',
            privileges: ['read', 'run'],
            tags: ['qa', 'staging'],
          });
          id = await idFrom(res);
          return res;
        },
        201,
      );
      return {
        entry,
        expected: {
          target: { type: 'rule', id, name: 'Rule 4' },
          before: null,
          after: {
            number: 4,
            team: { id: teamId, name: 'users' },
            resourceType: 'pipeline',
            privileges: ['read', 'run'],
            tags: ['qa', 'staging'],
            tagMatch: 'any',
            sentence: expect.stringContaining('Team users can read, run pipelines'),
          },
        },
      };
    },
  },
  {
    action: 'rule.updated',
    async run(admin) {
      const teamId = await usersTeamId(admin);
      const rule = await (
        await admin.post('/api/rules', {
          teamId,
          resourceType: 'cluster',
          privileges: ['read'],
          tags: ['eu'],
        })
      ).json();
      const entry = await oneEntryOf(
        admin,
        () =>
          admin.put(`/api/rules/${rule.id}`, {
            teamId,
            resourceType: 'cluster',
            privileges: ['read', 'update'],
            tags: ['eu', 'us'],
            tagMatch: 'all',
          }),
        200,
      );
      return {
        entry,
        expected: {
          target: { type: 'rule', id: rule.id, name: `Rule ${rule.number}` },
          before: expect.objectContaining({ privileges: ['read'], tags: ['eu'], tagMatch: 'any' }),
          after: expect.objectContaining({
            privileges: ['read', 'update'],
            tags: ['eu', 'us'],
            tagMatch: 'all',
          }),
        },
      };
    },
  },
  {
    action: 'rule.deleted',
    async run(admin) {
      const teamId = await usersTeamId(admin);
      const rule = await (
        await admin.post('/api/rules', {
          teamId,
          resourceType: 'pipeline',
          privileges: ['debug'],
          tags: ['dev'],
        })
      ).json();
      const entry = await oneEntryOf(admin, () => admin.delete(`/api/rules/${rule.id}`), 204);
      return {
        entry,
        expected: {
          target: { type: 'rule', id: rule.id, name: `Rule ${rule.number}` },
          before: expect.objectContaining({ number: rule.number, privileges: ['debug'] }),
          after: null,
        },
      };
    },
  },
  {
    action: 'cluster.created',
    async run(admin) {
      let id = '';
      const entry = await oneEntryOf(
        admin,
        async () => {
          const res = await admin.post('/api/clusters', { name: 'prod-eu', tags: ['production'] });
          id = await idFrom(res);
          return res;
        },
        201,
      );
      return {
        entry,
        expected: {
          target: { type: 'cluster', id, name: 'prod-eu' },
          before: null,
          after: { name: 'prod-eu', tags: ['production'], ...NO_CONNECTION },
        },
      };
    },
  },
  {
    action: 'cluster.updated',
    async run(admin) {
      const cluster = await (
        await admin.post('/api/clusters', { name: 'qa-1', tags: ['qa'] })
      ).json();
      const entry = await oneEntryOf(
        admin,
        () => admin.patch(`/api/clusters/${cluster.id}`, { addTags: ['eu'], removeTags: ['qa'] }),
        200,
      );
      return {
        entry,
        expected: {
          target: { type: 'cluster', id: cluster.id, name: 'qa-1' },
          before: { name: 'qa-1', tags: ['qa'], ...NO_CONNECTION },
          after: { name: 'qa-1', tags: ['eu'], ...NO_CONNECTION },
        },
      };
    },
  },
  {
    action: 'cluster.deleted',
    async run(admin) {
      const cluster = await (await admin.post('/api/clusters', { name: 'old' })).json();
      const entry = await oneEntryOf(admin, () => admin.delete(`/api/clusters/${cluster.id}`), 204);
      return {
        entry,
        expected: {
          target: { type: 'cluster', id: cluster.id, name: 'old' },
          before: { name: 'old', tags: [], ...NO_CONNECTION },
          after: null,
        },
      };
    },
  },
  {
    action: 'git-provider.created',
    async run(admin) {
      let id = '';
      const entry = await oneEntryOf(
        admin,
        async () => {
          const res = await admin.post('/api/git-providers', GIT_PROVIDER);
          id = await idFrom(res);
          return res;
        },
        201,
      );
      return {
        entry,
        expected: {
          target: { type: 'git-provider', id, name: 'gitlab' },
          before: null,
          after: GIT_PROVIDER_SNAPSHOT,
        },
      };
    },
  },
  {
    action: 'git-provider.updated',
    async run(admin) {
      const provider = await (await admin.post('/api/git-providers', GIT_PROVIDER)).json();
      const entry = await oneEntryOf(
        admin,
        () =>
          admin.patch(`/api/git-providers/${provider.id}`, {
            behindFirewall: true,
            credentials: { token: 'a-new-token' },
          }),
        200,
      );
      return {
        entry,
        expected: {
          target: { type: 'git-provider', id: provider.id, name: 'gitlab' },
          before: GIT_PROVIDER_SNAPSHOT,
          after: { ...GIT_PROVIDER_SNAPSHOT, behindFirewall: true, credentials: REDACTED_CHANGED },
        },
      };
    },
  },
  {
    action: 'git-provider.deleted',
    async run(admin) {
      const provider = await (await admin.post('/api/git-providers', GIT_PROVIDER)).json();
      const entry = await oneEntryOf(
        admin,
        () => admin.delete(`/api/git-providers/${provider.id}`),
        204,
      );
      return {
        entry,
        expected: {
          target: { type: 'git-provider', id: provider.id, name: 'gitlab' },
          before: GIT_PROVIDER_SNAPSHOT,
          after: null,
        },
      };
    },
  },
  {
    action: 'git-provider.restrictions-updated',
    async run(admin) {
      const provider = await (await admin.post('/api/git-providers', GIT_PROVIDER)).json();
      const entry = await oneEntryOf(
        admin,
        () =>
          admin.put(`/api/git-providers/${provider.id}/restrictions`, {
            repositories: { pattern: '^acme/' },
            branches: '/^((pipeline-definition)$).*/g',
            paths: null,
          }),
        200,
      );
      return {
        entry,
        expected: {
          target: { type: 'git-provider', id: provider.id, name: 'gitlab' },
          before: { repositories: null, branches: null, paths: null },
          after: {
            repositories: { pattern: '^acme/' },
            branches: '/^((pipeline-definition)$).*/g',
            paths: null,
          },
        },
      };
    },
  },
  {
    action: 'registry.created',
    async run(admin) {
      let id = '';
      const entry = await oneEntryOf(
        admin,
        async () => {
          const res = await admin.post('/api/registries', REGISTRY);
          id = await idFrom(res);
          return res;
        },
        201,
      );
      return {
        entry,
        expected: {
          target: { type: 'registry', id, name: 'internal' },
          before: null,
          after: REGISTRY_SNAPSHOT,
        },
      };
    },
  },
  {
    action: 'registry.updated',
    async run(admin) {
      const registry = await (await admin.post('/api/registries', REGISTRY)).json();
      const entry = await oneEntryOf(
        admin,
        () => admin.patch(`/api/registries/${registry.id}`, { credentials: null }),
        200,
      );
      return {
        entry,
        expected: {
          target: { type: 'registry', id: registry.id, name: 'internal' },
          before: REGISTRY_SNAPSHOT,
          after: { ...REGISTRY_SNAPSHOT, credentials: null },
        },
      };
    },
  },
  {
    action: 'registry.deleted',
    async run(admin) {
      const registry = await (await admin.post('/api/registries', REGISTRY)).json();
      const entry = await oneEntryOf(
        admin,
        () => admin.delete(`/api/registries/${registry.id}?force=true`),
        204,
      );
      return {
        entry,
        expected: {
          target: { type: 'registry', id: registry.id, name: 'internal' },
          before: REGISTRY_SNAPSHOT,
          after: null,
        },
      };
    },
  },
  {
    action: 'pipeline.created',
    async run(admin) {
      let id = '';
      const entry = await oneEntryOf(
        admin,
        async () => {
          const res = await admin.post('/api/pipelines', {
            project: 'web',
            name: 'build',
            tags: ['staging'],
          });
          id = await idFrom(res);
          return res;
        },
        201,
      );
      return {
        entry,
        expected: {
          target: { type: 'pipeline', id, name: 'web/build' },
          before: null,
          after: { project: 'web', name: 'build', tags: ['staging'], source: INLINE },
        },
      };
    },
  },
  {
    action: 'pipeline.updated',
    async run(admin) {
      const pipeline = await (
        await admin.post('/api/pipelines', { project: 'pay', name: 'deploy', tags: ['payments'] })
      ).json();
      const etag = await etagOf(admin, pipeline.id);
      const entry = await oneEntryOf(
        admin,
        () =>
          admin.patch(
            `/api/pipelines/${pipeline.id}`,
            { addTags: ['production'] },
            { headers: { 'if-match': etag } },
          ),
        200,
      );
      return {
        entry,
        expected: {
          target: { type: 'pipeline', id: pipeline.id, name: 'pay/deploy' },
          before: { project: 'pay', name: 'deploy', tags: ['payments'], source: INLINE },
          after: {
            project: 'pay',
            name: 'deploy',
            tags: ['payments', 'production'],
            source: INLINE,
          },
        },
      };
    },
  },
  {
    action: 'pipeline.deleted',
    async run(admin) {
      const pipeline = await (
        await admin.post('/api/pipelines', { project: 'web', name: 'e2e' })
      ).json();
      const etag = await etagOf(admin, pipeline.id);
      const entry = await oneEntryOf(
        admin,
        () => admin.delete(`/api/pipelines/${pipeline.id}`, { headers: { 'if-match': etag } }),
        204,
      );
      return {
        entry,
        expected: {
          target: { type: 'pipeline', id: pipeline.id, name: 'web/e2e' },
          before: { project: 'web', name: 'e2e', tags: [], source: INLINE },
          after: null,
        },
      };
    },
  },
  {
    action: 'runner.created',
    async run(admin) {
      let id = '';
      const entry = await oneEntryOf(
        admin,
        async () => {
          const res = await admin.post('/api/runners', { name: 'dc-1' });
          id = await idFrom(res);
          return res;
        },
        201,
      );
      return {
        entry,
        expected: {
          target: { type: 'runner', id, name: 'dc-1' },
          before: null,
          after: { name: 'dc-1', revoked: false },
        },
      };
    },
  },
  {
    action: 'runner.revoked',
    async run(admin) {
      const runner = await (await admin.post('/api/runners', { name: 'dc-2' })).json();
      const entry = await oneEntryOf(admin, () => admin.delete(`/api/runners/${runner.id}`), 200);
      return {
        entry,
        expected: {
          target: { type: 'runner', id: runner.id, name: 'dc-2' },
          before: { name: 'dc-2', revoked: false },
          after: { name: 'dc-2', revoked: true },
        },
      };
    },
  },
  {
    action: 'trigger.created',
    async run(admin) {
      const { pipeline, provider, runner } = await triggerScene(admin, 'c');
      let id = '';
      const entry = await oneEntryOf(
        admin,
        async () => {
          const res = await admin.post(`/api/pipelines/${pipeline.id}/triggers`, {
            gitProviderId: provider.id,
            runnerId: runner.id,
            repository: 'acme/api',
            events: ['push'],
          });
          id = await idFrom(res);
          return res;
        },
        201,
      );
      return {
        entry,
        expected: {
          target: { type: 'trigger', id, name: 'acme/api → hooks/build-c' },
          before: null,
          after: triggerSnapshotOf('c', ['push'], null),
        },
      };
    },
  },
  {
    action: 'trigger.updated',
    async run(admin) {
      const { pipeline, provider, runner } = await triggerScene(admin, 'u');
      const trigger = await (
        await admin.post(`/api/pipelines/${pipeline.id}/triggers`, {
          gitProviderId: provider.id,
          runnerId: runner.id,
          repository: 'acme/api',
          events: ['push'],
        })
      ).json();
      const entry = await oneEntryOf(
        admin,
        () => admin.patch(`/api/triggers/${trigger.id}`, { branchFilter: '^main$' }),
        200,
      );
      return {
        entry,
        expected: {
          target: { type: 'trigger', id: trigger.id, name: 'acme/api → hooks/build-u' },
          before: triggerSnapshotOf('u', ['push'], null),
          after: triggerSnapshotOf('u', ['push'], '^main$'),
        },
      };
    },
  },
  {
    action: 'trigger.deleted',
    async run(admin) {
      const { pipeline, provider, runner } = await triggerScene(admin, 'd');
      const trigger = await (
        await admin.post(`/api/pipelines/${pipeline.id}/triggers`, {
          gitProviderId: provider.id,
          runnerId: runner.id,
          repository: 'acme/api',
          events: ['push'],
        })
      ).json();
      const entry = await oneEntryOf(admin, () => admin.delete(`/api/triggers/${trigger.id}`), 204);
      return {
        entry,
        expected: {
          target: { type: 'trigger', id: trigger.id, name: 'acme/api → hooks/build-d' },
          before: triggerSnapshotOf('d', ['push'], null),
          after: null,
        },
      };
    },
  },
  {
    action: 'trigger.secret-rotated',
    async run(admin) {
      const { pipeline, provider, runner } = await triggerScene(admin, 'r');
      const trigger = await (
        await admin.post(`/api/pipelines/${pipeline.id}/triggers`, {
          gitProviderId: provider.id,
          runnerId: runner.id,
          repository: 'acme/api',
          events: ['push'],
        })
      ).json();
      const entry = await oneEntryOf(
        admin,
        () => admin.post(`/api/triggers/${trigger.id}/rotate-secret`),
        200,
      );
      return {
        entry,
        expected: {
          target: { type: 'trigger', id: trigger.id, name: 'acme/api → hooks/build-r' },
          before: triggerSnapshotOf('r', ['push'], null),
          after: { ...triggerSnapshotOf('r', ['push'], null), secret: REDACTED_CHANGED },
        },
      };
    },
  },
  {
    action: 'run.approved',
    async run(admin) {
      const { run } = await waitingRunScene(admin, 'a');
      const entry = await oneEntryOf(admin, () => admin.post(`/api/runs/${run.id}/approve`), 200);
      return {
        entry,
        expected: {
          target: { type: 'run', id: run.id, name: 'releases/ship-a #1' },
          before: { state: 'pending-approval', step: 'approval' },
          after: { state: 'queued', step: 'approval', decision: 'approved' },
        },
      };
    },
  },
  {
    action: 'run.denied',
    async run(admin) {
      const { run } = await waitingRunScene(admin, 'd');
      const entry = await oneEntryOf(admin, () => admin.post(`/api/runs/${run.id}/deny`), 200);
      // A decision on a run that no longer waits is refused and leaves no entry.
      await noEntryFrom(admin, () => admin.post(`/api/runs/${run.id}/approve`), 409);
      return {
        entry,
        expected: {
          target: { type: 'run', id: run.id, name: 'releases/ship-d #1' },
          before: { state: 'pending-approval', step: 'approval' },
          after: { state: 'denied', step: 'approval', decision: 'denied' },
        },
      };
    },
  },
  {
    action: 'sessions.ended',
    async run(admin) {
      const person = await t.signedIn({
        audited: false,
        level: 'user',
        accountId: admin.accountId,
      });
      const [session] = (await (await person.get('/api/me/sessions')).json()).items;
      const entry = await oneEntryOf(
        admin,
        () => admin.delete(`/api/users/${person.userId}/sessions`),
        200,
      );
      // Nothing left to end: nothing recorded.
      await noEntryFrom(admin, () => admin.delete(`/api/users/${person.userId}/sessions`), 200);
      return {
        entry,
        expected: {
          target: { type: 'user', id: person.userId, name: expect.stringMatching(/^Person /) },
          before: { scope: 'all of the person', sessions: [session.id] },
          after: null,
        },
      };
    },
  },
  {
    action: 'session.signed-out',
    async run(admin) {
      const other = t.agent();
      await other.post('/api/auth/login', { email: admin.email, password: TEST_PASSWORD });
      const [session] = (await (await other.get('/api/me/sessions')).json()).items.filter(
        (s: { current: boolean }) => s.current,
      );
      const entry = await oneEntryOf(admin, () => other.post('/api/auth/logout'), 204);
      return {
        entry,
        expected: {
          target: { type: 'user', id: admin.userId, name: expect.stringMatching(/^Person /) },
          before: null,
          after: { session: session.id },
        },
      };
    },
  },
  {
    action: 'session.idle-ended',
    async run(admin) {
      const other = t.agent();
      await other.post('/api/auth/login', { email: admin.email, password: TEST_PASSWORD });
      const [session] = (await (await other.get('/api/me/sessions')).json()).items.filter(
        (s: { current: boolean }) => s.current,
      );
      // Only the administrator's own browser is active while the other one idles past 60 minutes.
      t.clock.advance(40 * MINUTE);
      await admin.post('/api/auth/activity');
      t.clock.advance(25 * MINUTE);
      const entry = await oneEntryOf(admin, () => other.get('/api/me'), 401);
      // The session is gone: asking again records nothing more.
      await noEntryFrom(admin, () => other.get('/api/me'), 401);
      return {
        entry,
        expected: {
          target: { type: 'user', id: admin.userId, name: expect.stringMatching(/^Person /) },
          before: null,
          after: { session: session.id, idleTimeoutMinutes: 60 },
        },
      };
    },
  },
  {
    action: 'session.signed-in',
    async run(admin) {
      const entry = await oneEntryOf(
        admin,
        () => t.agent().post('/api/auth/login', { email: admin.email, password: TEST_PASSWORD }),
        204,
      );
      return {
        entry,
        expected: {
          target: { type: 'user', id: admin.userId, name: expect.stringMatching(/^Person /) },
          before: null,
          after: { session: expect.any(String), method: 'password', address: expect.any(String) },
        },
      };
    },
  },
  {
    action: 'session.sign-in-failed',
    async run(admin) {
      const entry = await oneEntryOf(
        admin,
        () => t.agent().post('/api/auth/login', { email: admin.email, password: 'wrong guess' }),
        401,
      );
      return {
        entry,
        expected: {
          target: { type: 'user', id: admin.userId, name: expect.stringMatching(/^Person /) },
          before: null,
          after: {
            method: 'password',
            reason: 'wrong email or password',
            address: expect.any(String),
          },
        },
      };
    },
  },
  {
    action: 'user.joined-through-sso',
    async run(admin) {
      const created = await (
        await admin.post('/api/sso-providers', {
          ...OIDC,
          name: 'Joiners',
          clientSecret: 's3cr3t',
          createPeople: true,
        })
      ).json();
      const provider = await loadSignInProvider(t.deps, created.id);
      let joined = '';
      const entry = await oneEntryOf(
        admin,
        async () => {
          const person = await admitSsoIdentity(t.deps, provider, {
            email: `joiner-${created.id.slice(0, 8)}@example.com`,
            emailVerified: true,
            name: 'Joan Joiner',
            groups: undefined,
          });
          joined = person.id;
          return new Response(null, { status: 204 });
        },
        204,
      );
      return {
        entry,
        expected: {
          // The person who joined is the actor: nobody else was there.
          actor: {
            kind: 'person',
            id: joined,
            name: 'Joan Joiner',
            email: `joiner-${created.id.slice(0, 8)}@example.com`,
          },
          target: { type: 'user', id: joined, name: 'Joan Joiner' },
          before: null,
          after: {
            email: `joiner-${created.id.slice(0, 8)}@example.com`,
            name: 'Joan Joiner',
            level: 'user',
            ssoProvider: 'Joiners',
          },
        },
      };
    },
  },
  {
    action: 'team.members-synced',
    async run(admin) {
      const team = await (await admin.post('/api/teams', { name: 'synced' })).json();
      const created = await (
        await admin.post('/api/sso-providers', {
          ...OIDC,
          name: 'Syncing',
          clientSecret: 's3cr3t',
          groupMappings: [{ group: 'engineers', teamId: team.id }],
        })
      ).json();
      const provider = await loadSignInProvider(t.deps, created.id);
      const entry = await oneEntryOf(
        admin,
        async () => {
          await admitSsoIdentity(t.deps, provider, {
            email: admin.email,
            emailVerified: true,
            name: undefined,
            groups: ['engineers'],
          });
          return new Response(null, { status: 204 });
        },
        204,
      );
      return {
        entry,
        expected: {
          target: { type: 'team', id: team.id, name: 'synced' },
          before: { person: admin.email, member: false },
          after: { person: admin.email, member: true, ssoProvider: 'Syncing' },
        },
      };
    },
  },
  {
    action: 'api-token.created',
    async run(admin) {
      let prefix = '';
      const entry = await oneEntryOf(
        admin,
        async () => {
          const res = await admin.post('/api/me/tokens', { name: 'ci' });
          prefix = ((await res.clone().json()) as { prefix: string }).prefix;
          return res;
        },
        201,
      );
      return {
        entry,
        expected: {
          target: { type: 'user', id: admin.userId, name: expect.stringMatching(/^Person /) },
          before: null,
          after: { tokenName: 'ci', prefix, expiresAt: null },
        },
      };
    },
  },
  {
    action: 'api-token.revoked',
    async run(admin) {
      const token = await (await admin.post('/api/me/tokens', { name: 'old' })).json();
      const entry = await oneEntryOf(admin, () => admin.delete(`/api/me/tokens/${token.id}`), 204);
      return {
        entry,
        expected: {
          target: { type: 'user', id: admin.userId, name: expect.stringMatching(/^Person /) },
          before: { tokenName: 'old', prefix: token.prefix, expiresAt: null },
          after: null,
        },
      };
    },
  },
  {
    action: 'policy.imported',
    async run(admin) {
      const exported = await admin.get('/api/policy');
      const version = exported.headers.get('etag')!;
      const text = (await exported.text()).replace(
        'idleTimeoutMinutes: 60',
        'idleTimeoutMinutes: 30',
      );
      let after = '';
      const entry = await oneEntryOf(
        admin,
        async () => {
          const res = await admin.post('/api/policy/import', undefined, {
            rawBody: text,
            headers: { 'content-type': 'application/yaml', 'if-match': version },
          });
          after = ((await res.clone().json()) as { version: string }).version;
          return res;
        },
        200,
      );
      const none = { added: 0, changed: 0, removed: 0 };
      return {
        entry,
        expected: {
          target: { type: 'account', id: admin.accountId, name: expect.any(String) },
          before: { version },
          after: {
            version: after,
            changes: {
              settings: { ...none, changed: 1 },
              teams: none,
              rules: none,
              clusterTags: none,
              pipelineTags: none,
              restrictions: none,
            },
          },
        },
      };
    },
  },
];

describe('every administrative change', () => {
  it('has a case below for every action of the contract', () => {
    expect(new Set(cases.map((c) => c.action))).toEqual(new Set(AUDIT_ACTIONS));
  });

  it.each(cases.map((c, index) => [`${c.action} (${index})`, c] as const))(
    '%s leaves exactly one entry: who, what, before and after',
    async (_name, { action, run }) => {
      const admin = await t.signedIn({ audited: false });
      const { entry, expected } = await run(admin);
      expect(entry).toEqual({
        id: expect.any(String),
        at: t.clock.now().toISOString(),
        actor: {
          kind: 'person',
          id: admin.userId,
          name: expect.stringMatching(/^Person /),
          email: admin.email,
        },
        action,
        target: expect.anything(),
        before: expect.anything(),
        after: expect.anything(),
        ...expected,
      });
      // The detail answers the same entry.
      const detail = await admin.get(`/api/audit/${entry.id}`);
      expect(detail.status).toBe(200);
      expect(await detail.json()).toEqual(entry);
    },
  );

  it('names the API token a change came through', async () => {
    const admin = await t.signedIn({ audited: false });
    const token = await (await admin.post('/api/me/tokens', { name: 'terraform' })).json();
    const bearer = { headers: { authorization: `Bearer ${token.token}` } };
    const entry = await oneEntryOf(
      admin,
      () => t.agent().post('/api/clusters', { name: 'from-terraform' }, bearer),
      201,
    );
    expect(entry.actor).toEqual({
      kind: 'token',
      id: admin.userId,
      name: expect.stringMatching(/^Person /),
      email: admin.email,
      tokenId: token.id,
      tokenName: 'terraform',
    });
    // The entry keeps naming the token after it is revoked, and the person after a rename.
    await admin.delete(`/api/me/tokens/${token.id}`);
    await admin.patch('/api/me', { name: 'Someone Else' });
    expect((await (await admin.get(`/api/audit/${entry.id}`)).json()).actor).toEqual(entry.actor);
  });

  it('keeps the entries of a person who was removed, under the name they had', async () => {
    const admin = await t.signedIn({ audited: false });
    const other = await t.signedIn({ audited: false, accountId: admin.accountId });
    const entry = await oneEntryOf(other, () => other.post('/api/clusters', { name: 'k8s' }), 201);
    await admin.delete(`/api/users/${other.userId}`);
    const kept = await (await admin.get(`/api/audit/${entry.id}`)).json();
    expect(kept.actor).toEqual(entry.actor);
    expect((await entries(admin, `&actorId=${other.userId}`)).total).toBe(1);
  });

  it('records an administrator removing themselves', async () => {
    const admin = await t.signedIn({ audited: false });
    const other = await t.signedIn({ audited: false, accountId: admin.accountId });
    expect((await other.delete(`/api/users/${other.userId}`)).status).toBe(204);
    const removed = (await entries(admin, '&action=user.removed')).items;
    expect(removed).toHaveLength(1);
    expect(removed[0]!.actor.id).toBe(other.userId);
    expect(removed[0]!.target.id).toBe(other.userId);
  });

  it('writes nothing for an update that changes nothing', async () => {
    const admin = await t.signedIn({ audited: false });
    const cluster = await (await admin.post('/api/clusters', { name: 'same', tags: ['a'] })).json();
    const team = await (await admin.post('/api/teams', { name: 'same' })).json();
    await noEntryFrom(
      admin,
      () => admin.patch(`/api/clusters/${cluster.id}`, { tags: ['a'] }),
      200,
    );
    await noEntryFrom(admin, () => admin.patch(`/api/teams/${team.id}`, { name: 'same' }), 200);
    await noEntryFrom(
      admin,
      () => admin.put('/api/settings/security', { idleTimeoutMinutes: 60 }),
      200,
    );
  });

  it('writes nothing for the changes that are not administrative: accepting an invitation, one’s own profile', async () => {
    const admin = await t.signedIn({ audited: false });
    const invited = await (await admin.post('/api/users', { email: 'self@example.com' })).json();
    const { total } = await entries(admin);
    const token = invited.invitationUrl.split('#')[1];
    const accepted = await t
      .agent()
      .post(`/api/auth/invitations/${token}/accept`, { password: 'a long enough password' });
    expect(accepted.status).toBe(204);
    expect((await admin.patch('/api/me', { name: 'Renamed' })).status).toBe(200);
    expect((await entries(admin)).total).toBe(total);
  });
});

describe('a change that fails', () => {
  it('leaves no entry: 422, 403, 404, 409, 412 and 428 alike', async () => {
    const admin = await t.signedIn({ audited: false });
    const user = await t.signedIn({ audited: false, level: 'user', accountId: admin.accountId });
    const missing = '00000000-0000-4000-8000-000000000000';
    const teamId = await usersTeamId(admin);
    const provider = await (
      await admin.post('/api/sso-providers', { ...OIDC, name: 'Okta', clientSecret: 'x' })
    ).json();
    await admin.post('/api/clusters', { name: 'taken' });
    const pipeline = await (await admin.post('/api/pipelines', { project: 'p', name: 'q' })).json();
    const team = await (await admin.post('/api/teams', { name: 'kept' })).json();

    const failures: Array<[() => Promise<TestResponse>, number]> = [
      // 422: invalid input, caught by the contract or by the service.
      [() => admin.post('/api/users', { email: 'not an email' }), 422],
      [() => admin.patch(`/api/users/${user.userId}`, { ssoProviderId: missing }), 422],
      [() => admin.post('/api/teams', { name: 'kept' }), 422],
      [() => admin.patch(`/api/teams/${team.id}`, { addMemberIds: [missing] }), 422],
      [() => admin.post('/api/clusters', { name: 'taken' }), 422],
      [() => admin.put('/api/settings/security', { idleTimeoutMinutes: 14 }), 422],
      [() => admin.put('/api/settings/account', { invitationDomains: ['not a domain'] }), 422],
      [
        () =>
          admin.put(`/api/sso-providers/${provider.id}`, {
            type: 'ldap',
            name: 'Okta',
            url: 'ldaps://x.example.com',
            bindDn: 'cn=x',
            searchBase: 'dc=x',
          }),
        422,
      ],
      [
        () =>
          admin.post('/api/rules', {
            teamId,
            resourceType: 'pipeline',
            privileges: ['read'],
            tags: ['UPPER CASE'],
          }),
        422,
      ],
      // 403: not an administrator, or the change needs one.
      [() => user.put('/api/settings/security', { idleTimeoutMinutes: 30 }), 403],
      [() => user.post('/api/clusters', { name: 'mine' }), 403],
      [() => user.delete(`/api/users/${admin.userId}`), 403],
      // 404: nothing to change.
      [() => admin.delete(`/api/users/${missing}`), 404],
      [() => admin.delete(`/api/teams/${missing}`), 404],
      [() => admin.delete(`/api/sso-providers/${missing}`), 404],
      [() => admin.delete(`/api/rules/${missing}`), 404],
      [() => admin.delete(`/api/clusters/${missing}`), 404],
      [() => admin.patch(`/api/clusters/${missing}`, { tags: ['x'] }), 404],
      // 409: the last administrator, a built-in team, an address in use.
      [() => admin.patch(`/api/users/${admin.userId}`, { level: 'user' }), 409],
      [() => admin.delete(`/api/users/${admin.userId}`), 409],
      [() => admin.patch(`/api/teams/${teamId}`, { name: 'everyone' }), 409],
      [() => admin.post('/api/users', { email: user.email }), 409],
      [() => admin.post(`/api/users/${user.userId}/invitation`), 409],
      // 412 and 428: a pipeline change without the current version.
      [() => admin.patch(`/api/pipelines/${pipeline.id}`, { tags: ['x'] }), 428],
      [
        () =>
          admin.patch(
            `/api/pipelines/${pipeline.id}`,
            { tags: ['x'] },
            { headers: { 'if-match': '"9"' } },
          ),
        412,
      ],
    ];
    for (const [change, status] of failures) await noEntryFrom(admin, change, status);
  });

  it('leaves no entry when the change is rolled back after the entry was written', async () => {
    // The entry is written in the change's transaction: if anything fails after it, both go.
    const admin = await t.signedIn({ audited: false });
    const { total } = await entries(admin);
    await expect(
      t.deps.db.transaction(async (tx) => {
        const { recordAudit } = await import('./audit.service');
        await recordAudit(
          tx,
          {
            accountId: admin.accountId,
            userId: admin.userId,
            level: 'administrator',
            via: 'session',
          },
          {
            at: t.clock.now(),
            action: 'cluster.created',
            target: { type: 'cluster', id: admin.accountId, name: 'ghost' },
            before: null,
            after: { name: 'ghost' },
          },
        );
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect((await entries(admin)).total).toBe(total);
  });
});

describe('secrets', () => {
  it('never appear in an entry: SSO secrets, bind passwords, invitation links, tokens, passwords', async () => {
    const admin = await t.signedIn({ audited: false });
    const secrets = {
      clientSecret: 'oidc-client-secret-1f2e3d',
      newClientSecret: 'oidc-client-secret-rotated-9a8b',
      bindPassword: 'ldap-bind-password-7c6b',
      newBindPassword: 'ldap-bind-password-rotated-5d4e',
      password: 'the invited person password',
      gitToken: 'glpat-secret-in-the-audit-test',
      newGitToken: 'glpat-rotated-in-the-audit-test',
      registryPassword: 'registry-password-in-the-audit-test',
      serviceAccountToken: 'service-account-token-in-the-audit-test',
    };
    const oidc = await (
      await admin.post('/api/sso-providers', {
        ...OIDC,
        name: 'Okta',
        clientSecret: secrets.clientSecret,
      })
    ).json();
    await admin.put(`/api/sso-providers/${oidc.id}`, {
      ...OIDC,
      name: 'Okta',
      clientSecret: secrets.newClientSecret,
    });
    const ldap = await (
      await admin.post('/api/sso-providers', {
        type: 'ldap',
        name: 'Directory',
        url: 'ldaps://ldap.example.com',
        bindDn: 'cn=perimeter',
        searchBase: 'dc=example',
        bindPassword: secrets.bindPassword,
      })
    ).json();
    await admin.put(`/api/sso-providers/${ldap.id}`, {
      type: 'ldap',
      name: 'Directory 2',
      url: 'ldaps://ldap.example.com',
      bindDn: 'cn=perimeter',
      searchBase: 'dc=example',
      bindPassword: secrets.newBindPassword,
    });
    await admin.delete(`/api/sso-providers/${ldap.id}`);
    const git = await (
      await admin.post('/api/git-providers', {
        ...GIT_PROVIDER,
        credentials: { token: secrets.gitToken },
      })
    ).json();
    await admin.patch(`/api/git-providers/${git.id}`, {
      credentials: { username: 'ci', token: secrets.newGitToken },
    });
    await admin.post('/api/registries', {
      ...REGISTRY,
      credentials: { username: 'robot', password: secrets.registryPassword },
    });
    await admin.post('/api/clusters', {
      name: 'connected',
      apiServerUrl: 'https://k8s.example.com',
      serviceAccountToken: secrets.serviceAccountToken,
    });
    const invited = await (await admin.post('/api/users', { email: 'secret@example.com' })).json();
    const renewed = await (await admin.post(`/api/users/${invited.id}/invitation`)).json();
    const links = [invited.invitationUrl, renewed.invitationUrl].map(
      (url: string) => url.split('#')[1]!,
    );
    await t
      .agent()
      .post(`/api/auth/invitations/${links[1]}/accept`, { password: secrets.password });
    await admin.patch(`/api/users/${invited.id}`, { ssoProviderId: oidc.id });
    const tokens = [
      await (await admin.post('/api/me/tokens', { name: 'one' })).json(),
      await (await admin.post('/api/me/tokens', { name: 'two' })).json(),
    ].map((token) => token.token as string);
    for (const token of tokens) {
      await t.agent().post(
        '/api/clusters',
        { name: `via-${token.slice(-6)}` },
        {
          headers: { authorization: `Bearer ${token}` },
        },
      );
    }
    await admin.delete(`/api/users/${invited.id}`);

    // Everything the log holds, through the API and straight from the table.
    const listed = await entries(admin);
    expect(listed.total).toBeGreaterThanOrEqual(10);
    const csv = await (await admin.get('/api/audit', { headers: { accept: 'text/csv' } })).text();
    const rows = await t.deps.db
      .select()
      .from(auditEntries)
      .where(eq(auditEntries.accountId, admin.accountId));
    const everything = [JSON.stringify(listed), csv, JSON.stringify(rows)];
    const cookies = [...admin.cookies.values()];
    for (const secret of [...Object.values(secrets), ...links, ...tokens, ...cookies]) {
      for (const text of everything) expect(text).not.toContain(secret);
    }
    // No password hash either (scrypt$…), nor a SHA-256 of a link or token.
    for (const text of everything) {
      expect(text).not.toMatch(/scrypt\$/);
      expect(text).not.toMatch(/\b[0-9a-f]{64}\b/);
    }
  });

  it('are redacted by key name too, wherever a snapshot would carry one', async () => {
    const { redact } = await import('./audit.service');
    expect(
      redact({
        name: 'x',
        clientSecret: 'a',
        nested: { password: 'b', token: 'c', list: [{ bindPassword: 'd' }] },
        secret: null,
        kept: REDACTED_CHANGED,
      }),
    ).toEqual({
      name: 'x',
      clientSecret: REDACTED,
      nested: { password: REDACTED, token: REDACTED, list: [{ bindPassword: REDACTED }] },
      secret: null,
      kept: REDACTED_CHANGED,
    });
  });
});

describe('GET /api/audit', () => {
  let admin: Admin;
  let other: Admin;
  const start = () => new Date(t.clock.now().getTime());
  let t0: Date;

  beforeAll(async () => {
    admin = await t.signedIn({ audited: false });
    other = await t.signedIn({ audited: false, accountId: admin.accountId });
    t0 = start();
    // 25 clusters by the admin, a minute apart, then a team and a rule by the other person.
    for (let index = 1; index <= 25; index += 1) {
      t.clock.advance(60_000);
      await admin.post('/api/clusters', { name: `c-${String(index).padStart(2, '0')}` });
    }
    t.clock.advance(60_000);
    await other.post('/api/teams', { name: 'night-shift' });
    t.clock.advance(60_000);
    await other.put('/api/settings/security', { idleTimeoutMinutes: 120 });
  });

  it('pages newest first', async () => {
    const first = auditPageSchema.parse(await (await admin.get('/api/audit?pageSize=10')).json());
    expect(first.total).toBe(27);
    expect(first.items.map((entry) => entry.action).slice(0, 3)).toEqual([
      'settings.security.updated',
      'team.created',
      'cluster.created',
    ]);
    expect(first.items[2]!.target.name).toBe('c-25');
    const third = auditPageSchema.parse(
      await (await admin.get('/api/audit?pageSize=10&page=3')).json(),
    );
    expect(third.items.map((entry) => entry.target.name)).toEqual([
      'c-07',
      'c-06',
      'c-05',
      'c-04',
      'c-03',
      'c-02',
      'c-01',
    ]);
    const times = [...first.items, ...third.items].map((entry) => Date.parse(entry.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('says how many entries there are on a short page, a full last page and past the end', async () => {
    const page = async (query: string) =>
      auditPageSchema.parse(await (await admin.get(`/api/audit?${query}`)).json());
    // 27 entries: a short last page, a full last page (27 = 3 × 9), and pages beyond them.
    expect(await page('pageSize=10&page=3')).toMatchObject({ total: 27, page: 3 });
    expect((await page('pageSize=9&page=3')).items).toHaveLength(9);
    expect((await page('pageSize=9&page=3')).total).toBe(27);
    expect(await page('pageSize=9&page=4')).toMatchObject({ items: [], total: 27 });
    expect(await page('pageSize=10&page=9')).toMatchObject({ items: [], total: 27 });
    expect(await page('pageSize=100')).toMatchObject({ total: 27 });
    expect(await page('action=rule.created')).toMatchObject({ items: [], total: 0 });
    const deep = await page('targetType=cluster&pageSize=7&page=4');
    expect(deep.total).toBe(25);
    expect(deep.items.map((entry) => entry.target.name)).toEqual(['c-04', 'c-03', 'c-02', 'c-01']);
  });

  it('filters by person, action, target kind, target and time', async () => {
    expect((await entries(admin, `&actorId=${other.userId}`)).total).toBe(2);
    expect((await entries(admin, `&actorId=${admin.userId}`)).total).toBe(25);
    expect((await entries(admin, '&action=team.created')).items.map((e) => e.target.name)).toEqual([
      'night-shift',
    ]);
    expect((await entries(admin, '&targetType=account')).total).toBe(1);
    expect((await entries(admin, '&targetType=cluster')).total).toBe(25);
    const c10 = (await entries(admin, '&targetType=cluster')).items.find(
      (e) => e.target.name === 'c-10',
    )!;
    expect((await entries(admin, `&targetId=${c10.target.id}`)).items).toEqual([c10]);
    // from is inclusive, to exclusive: minutes 10 to 12 are c-10 and c-11.
    const minute = (n: number) => new Date(t0.getTime() + n * 60_000).toISOString();
    const range = await entries(admin, `&from=${minute(10)}&to=${minute(12)}`);
    expect(range.items.map((e) => e.target.name)).toEqual(['c-11', 'c-10']);
    const combined = await entries(
      admin,
      `&actorId=${admin.userId}&action=cluster.created&from=${minute(24)}`,
    );
    expect(combined.items.map((e) => e.target.name)).toEqual(['c-25', 'c-24']);
  });

  it('refuses filters it cannot read, each with its reason', async () => {
    const cases: Array<[string, string, string]> = [
      ['action=user.deleted', 'action', 'Choose one of the actions the audit log records.'],
      ['targetType=planet', 'targetType', expect.stringContaining('Choose a target kind') as never],
      ['actorId=42', 'actorId', 'Not a valid person id.'],
      [
        'from=yesterday',
        'from',
        'Give the start of the time range as an ISO 8601 time, such as 2026-01-31T00:00:00Z.',
      ],
      [
        'from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z',
        'to',
        'The end of the time range must come after its start.',
      ],
      ['pageSize=101', 'pageSize', 'A page holds at most 100 items.'],
    ];
    for (const [query, path, message] of cases) {
      const res = await admin.get(`/api/audit?${query}`);
      expect(res.status, query).toBe(422);
      expect((await res.json()).errors, query).toEqual([{ path, message }]);
    }
  });

  it('downloads the whole filtered list as CSV', async () => {
    const res = await admin.get('/api/audit?pageSize=5&targetType=cluster', {
      headers: { accept: 'text/csv' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="perimeter-audit-${t.clock.now().toISOString().slice(0, 10)}.csv"`,
    );
    const lines = (await res.text()).split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toBe(AUDIT_CSV_COLUMNS.join(','));
    // Every cluster, not a page of them, newest first.
    expect(lines.slice(1, -1)).toHaveLength(25);
    expect(lines[1]).toContain(',c-25,');
    expect(lines[25]).toContain(',c-01,');
    expect(lines[1]!.split(',').slice(2, 10)).toEqual([
      'person',
      admin.userId,
      expect.stringMatching(/^Person /),
      admin.email,
      '',
      'cluster.created',
      'cluster',
      expect.any(String),
    ]);
    expect(lines[1]).toMatch(
      /,,"\{""name"":""c-25"",""tags"":\[\],""internal"":false,""apiServerUrl"":null,""caCertificate"":null,""serviceAccountToken"":null\}"$/,
    );
  });

  it('answers a CSV with only the header when nothing matches', async () => {
    const res = await admin.get(
      `/api/audit?actorId=${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`,
      {
        headers: { accept: 'text/csv' },
      },
    );
    expect(await res.text()).toBe(`${AUDIT_CSV_COLUMNS.join(',')}\r\n`);
  });

  it('pages through a CSV longer than one batch without losing or repeating an entry', async () => {
    const big = await t.signedIn({ audited: false });
    // 1,203 entries, many at the same instant, so the keyset must order within an instant.
    const values = Array.from({ length: 1203 }, (_, index) => ({
      accountId: big.accountId,
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, Math.floor(index / 7))),
      actorUserId: big.userId,
      actorName: 'Bulk',
      actorEmail: big.email,
      action: 'cluster.created' as const,
      targetType: 'cluster' as const,
      targetId: big.accountId,
      targetName: `bulk-${index}`,
      before: null,
      after: { name: `bulk-${index}` },
    }));
    await t.deps.db.insert(auditEntries).values(values);
    const csv = await (await big.get('/api/audit', { headers: { accept: 'text/csv' } })).text();
    const names = csv
      .split('\r\n')
      .slice(1, -1)
      .map((line) => line.split(',')[10]);
    expect(names).toHaveLength(1203);
    expect(new Set(names).size).toBe(1203);
    // Newest first: the six entries of the last instant lead.
    expect(new Set(names.slice(0, 6))).toEqual(
      new Set(['bulk-1197', 'bulk-1198', 'bulk-1199', 'bulk-1200', 'bulk-1201', 'bulk-1202']),
    );
  });

  it('keeps CSV cells from being read as formulas or breaking rows', async () => {
    expect(csvCell('=HYPERLINK("http://evil.example","x")')).toBe(
      `"'=HYPERLINK(""http://evil.example"",""x"")"`,
    );
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(null)).toBe('');

    // And through the API: a person named like a formula, renaming a pipeline like one.
    const sneaky = await t.signedIn({ audited: false });
    await sneaky.patch('/api/me', { name: '=cmd|" /C calc"!A0' });
    await sneaky.post('/api/pipelines', { project: 'p', name: 'x' });
    const csv = await (await sneaky.get('/api/audit', { headers: { accept: 'text/csv' } })).text();
    const row = csv.split('\r\n')[1]!;
    expect(row).toContain(`,"'=cmd|"" /C calc""!A0",`);
    expect(row).not.toMatch(/,=/);
  });

  it('shows each account only its own entries', async () => {
    const stranger = await t.signedIn({ audited: false });
    await stranger.post('/api/clusters', { name: 'elsewhere' });
    const mine = await entries(admin);
    expect(mine.items.some((e) => e.target.name === 'elsewhere')).toBe(false);
    const theirs = await entries(stranger);
    expect(theirs.total).toBe(1);
    const foreign = theirs.items[0]!;
    expect((await admin.get(`/api/audit/${foreign.id}`)).status).toBe(404);
    expect((await entries(admin, `&targetId=${foreign.target.id}`)).total).toBe(0);
    const csv = await (await admin.get('/api/audit', { headers: { accept: 'text/csv' } })).text();
    expect(csv).not.toContain('elsewhere');
  });

  it('answers 404 for an entry that does not exist', async () => {
    const res = await admin.get('/api/audit/00000000-0000-4000-8000-000000000000');
    expect(res.status).toBe(404);
    expect((await admin.get('/api/audit/not-an-id')).status).toBe(422);
  });

  it('is refused to people with user level', async () => {
    const user = await t.signedIn({ audited: false, level: 'user', accountId: admin.accountId });
    expect((await user.get('/api/audit')).status).toBe(403);
    expect((await user.get('/api/audit', { headers: { accept: 'text/csv' } })).status).toBe(403);
    const { items } = await entries(admin);
    expect((await user.get(`/api/audit/${items[0]!.id}`)).status).toBe(403);
  });
});

describe('entries cannot be changed or deleted', () => {
  it('has no route that edits or deletes an entry (404 or 405), for a session or a token', async () => {
    const admin = await t.signedIn({ audited: false });
    await admin.post('/api/clusters', { name: 'keep-me' });
    const { items } = await entries(admin);
    const id = items[0]!.id;
    const token = (await (await admin.post('/api/me/tokens', { name: 'x' })).json()).token;
    const bearer = { headers: { authorization: `Bearer ${token}` } };
    for (const path of ['/api/audit', `/api/audit/${id}`]) {
      for (const method of ['PUT', 'PATCH', 'DELETE', 'POST']) {
        const viaSession = await admin.request(method, path, { action: 'user.invited' });
        expect([404, 405], `${method} ${path}`).toContain(viaSession.status);
        const viaToken = await t.agent().request(method, path, { action: 'user.invited' }, bearer);
        expect([404, 405], `${method} ${path} with a token`).toContain(viaToken.status);
      }
    }
    // The entry is as it was.
    expect(await (await admin.get(`/api/audit/${id}`)).json()).toEqual(items[0]);
    const doc = await (await t.agent().get('/api/openapi.json')).json();
    const auditPaths = Object.entries(doc.paths as object).filter(([path]) =>
      path.startsWith('/api/audit'),
    );
    expect(auditPaths).toHaveLength(2);
    for (const [, methods] of auditPaths) {
      expect(Object.keys(methods as object)).toEqual(['get']);
    }
  });
});
