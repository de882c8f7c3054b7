import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  documentedOperations,
  UNKNOWN_ID,
  type DocumentedOperation,
} from './testing/documented-operations';
import type { TestAgent } from './testing/test-agent';
import { createTestApp, type TestContext } from './testing/test-app';

/**
 * Who may call what, for every endpoint in the OpenAPI document: the ones that declare a
 * security requirement refuse anonymous callers, forged tokens and cross-site (CSRF-less)
 * browser requests; the others are the anonymous endpoints API.md lists, and no more.
 */
let t: TestContext;
let operations: DocumentedOperation[];

beforeAll(async () => {
  t = await createTestApp();
  operations = await documentedOperations(t.agent());
});
afterAll(() => t.close());

describe('authorization', () => {
  it('leaves only the documented anonymous endpoints open', () => {
    const open = operations.filter((op) => !op.secured).map((op) => `${op.method} ${op.path}`);
    expect(open.sort()).toEqual([
      'GET /api/auth/invitations/00000000-0000-4000-8000-000000000000',
      'GET /api/auth/setup',
      // What the sign-in page offers: id, name and type of each provider (sso.test.ts).
      'GET /api/auth/sso-providers',
      // The browser sign-in through OIDC and SAML: the identity provider's signed answer, bound
      // to the browser that started it, is the proof (oidc.test.ts, saml.test.ts).
      'GET /api/auth/sso/00000000-0000-4000-8000-000000000000/callback',
      // Perimeter's SAML service-provider metadata, which the identity provider fetches.
      'GET /api/auth/sso/00000000-0000-4000-8000-000000000000/metadata',
      'GET /api/auth/sso/00000000-0000-4000-8000-000000000000/start',
      'GET /api/health',
      'GET /api/health/live',
      'GET /api/health/ready',
      // The policy document's JSON Schema, fetched by editors from the export's $schema line:
      // the same for every account, no data of any (policy.test.ts).
      'GET /api/policy/schema.json',
      'POST /api/auth/invitations/00000000-0000-4000-8000-000000000000/accept',
      // The directory checks the user name and password, throttled like the above (ldap.test.ts).
      'POST /api/auth/ldap/00000000-0000-4000-8000-000000000000/login',
      'POST /api/auth/login',
      // "Forgot your password?": always the same 202 (password-resets.test.ts).
      'POST /api/auth/password-reset',
      // The one-time link's token in the path is the proof (password-resets.test.ts).
      'POST /api/auth/password-reset/00000000-0000-4000-8000-000000000000',
      'POST /api/auth/setup',
      'POST /api/auth/sso/00000000-0000-4000-8000-000000000000/callback',
      // A git provider's webhook: the signature over its body is the proof (hooks.test.ts).
      'POST /api/hooks/00000000-0000-4000-8000-000000000000',
      // The one-time registration token in the body is the proof (runners.test.ts).
      'POST /api/runner/v1/register',
    ]);
  });

  it('takes the runner credential on the runner protocol only, and nothing else there', async () => {
    const runnerOnly = operations.filter((op) => op.schemes.includes('runnerToken'));
    expect(
      runnerOnly.map((op) => `${op.method} ${op.path.replaceAll(UNKNOWN_ID, '{id}')}`).sort(),
    ).toEqual(['POST /api/runner/v1/jobs/{id}/status', 'POST /api/runner/v1/poll']);
    for (const op of operations) {
      if (op.path.startsWith('/api/runner/')) continue;
      expect(op.schemes, `${op.method} ${op.path}`).not.toContain('runnerToken');
    }
    // A person's session (with its CSRF header) or API token is no runner credential.
    const person = await t.signedIn();
    const created = await (
      await person.post('/api/me/tokens', { name: 'ci', scope: 'read-write', expiresInDays: 30 })
    ).json();
    for (const { method, path } of runnerOnly) {
      const body = { waitSeconds: 0, state: 'running', steps: [] };
      const session = await person.request(method, path, body);
      expect(session.status, `${method} ${path} session`).toBe(401);
      const token = await t.agent().request(method, path, body, {
        headers: { authorization: `Bearer ${created.token}` },
      });
      expect(token.status, `${method} ${path} API token`).toBe(401);
    }
  });

  // P-1.4: the API of the administration screens, whatever the UI shows. The list is spelled out
  // so that a new endpoint has to be placed on one side or the other, on purpose.
  it('marks exactly the administration endpoints as administrators-only', () => {
    const adminOnly = operations
      .filter((op) => op.administratorsOnly)
      .map((op) => `${op.method} ${op.path.replaceAll(UNKNOWN_ID, '{id}')}`);
    expect(adminOnly.sort()).toEqual([
      'DELETE /api/api-tokens/{id}',
      'DELETE /api/clusters/{id}',
      'DELETE /api/git-providers/{id}',
      'DELETE /api/registries/{id}',
      'DELETE /api/rules/{id}',
      'DELETE /api/runners/{id}',
      'DELETE /api/sso-providers/{id}',
      'DELETE /api/teams/{id}',
      'DELETE /api/users/{id}',
      'DELETE /api/users/{id}/invitation',
      'DELETE /api/users/{id}/sessions',
      'GET /api/access/effective',
      'GET /api/access/explain',
      'GET /api/access/holders',
      'GET /api/api-tokens',
      'GET /api/audit',
      'GET /api/audit/{id}',
      'GET /api/git-providers/{id}/references',
      'GET /api/git-providers/{id}/restrictions',
      'GET /api/policy',
      'GET /api/registries/{id}/references',
      'GET /api/rules',
      'GET /api/rules/{id}',
      'GET /api/runners',
      'GET /api/runners/{id}',
      'GET /api/settings/account',
      'GET /api/settings/pipeline-sources',
      'GET /api/settings/security',
      'GET /api/sso-providers',
      'GET /api/sso-providers/{id}',
      'GET /api/teams',
      'GET /api/teams/{id}',
      'GET /api/users',
      'GET /api/users/{id}',
      'PATCH /api/git-providers/{id}',
      'PATCH /api/registries/{id}',
      'PATCH /api/teams/{id}',
      'PATCH /api/users/{id}',
      'POST /api/access/preview',
      'POST /api/clusters',
      'POST /api/git-providers',
      'POST /api/git-providers/{id}/restrictions/impact',
      'POST /api/git-providers/{id}/test',
      'POST /api/policy/import',
      'POST /api/registries',
      'POST /api/registries/{id}/test',
      'POST /api/restrictions/test',
      'POST /api/rules',
      'POST /api/runners',
      'POST /api/settings/security/end-sessions',
      'POST /api/sso-providers',
      'POST /api/sso-providers/{id}/sync',
      'POST /api/sso-providers/{id}/test',
      'POST /api/teams',
      'POST /api/users',
      'POST /api/users/{id}/invitation',
      'POST /api/users/{id}/password-reset',
      'PUT /api/git-providers/{id}/restrictions',
      'PUT /api/rules/{id}',
      'PUT /api/settings/account',
      'PUT /api/settings/pipeline-sources',
      'PUT /api/settings/security',
      'PUT /api/sso-providers/{id}',
    ]);
  });

  // The trigger form's runners: secured and checked against the pipeline (update), but not
  // administrators-only like `GET /api/runners` (triggers.test.ts).
  it('secures the runner choices of a pipeline without making them administrators-only', () => {
    const choices = operations.find(
      (op) => op.method === 'GET' && op.path.endsWith('/runner-choices'),
    );
    expect(choices).toMatchObject({
      path: `/api/pipelines/${UNKNOWN_ID}/runner-choices`,
      secured: true,
      administratorsOnly: false,
    });
  });

  // A pipeline's definition history follows the access rules on the pipeline (read to see it,
  // update to restore; definition-versions.test.ts), never administrators-only.
  it('secures the definition history of a pipeline without making it administrators-only', () => {
    const named = (op: DocumentedOperation) =>
      `${op.method} ${op.path.replaceAll(UNKNOWN_ID, '{id}')}`;
    const history = operations.filter((op) => op.path.includes('/versions'));
    expect(history.map(named).sort()).toEqual([
      'GET /api/pipelines/{id}/versions',
      'GET /api/pipelines/{id}/versions/{id}',
      'POST /api/pipelines/{id}/versions/{id}/restore',
    ]);
    for (const op of history) {
      expect(op, named(op)).toMatchObject({
        secured: true,
        administratorsOnly: false,
        schemes: ['session', 'bearer'],
      });
    }
  });

  // Running, approving and debugging follow the access rules on the pipeline (P-6.5), checked
  // by the service (runs-actions.test.ts has every privilege combination), never administrators-only.
  it('secures running a pipeline and deciding on runs without making them administrators-only', () => {
    const named = (op: DocumentedOperation) =>
      `${op.method} ${op.path.replaceAll(UNKNOWN_ID, '{id}')}`;
    const runActions = operations.filter(
      (op) => op.path.startsWith('/api/runs/') || op.path.endsWith('/runs'),
    );
    expect(runActions.map(named).sort()).toEqual([
      'GET /api/pipelines/{id}/runs',
      'GET /api/runs/{id}',
      'GET /api/runs/{id}/approvers',
      'POST /api/pipelines/{id}/runs',
      'POST /api/runs/{id}/approve',
      'POST /api/runs/{id}/deny',
    ]);
    for (const op of runActions) {
      expect(op, named(op)).toMatchObject({
        secured: true,
        administratorsOnly: false,
        schemes: ['session', 'bearer'],
      });
    }
  });

  it('answers 403 to a person with user level on every administrators-only endpoint, before reading the body', async () => {
    const admin = await t.signedIn();
    const user = await t.signedIn({ level: 'user', accountId: admin.accountId });
    for (const { method, path } of operations.filter((op) => op.administratorsOnly)) {
      const res = await user.request(method, path, method === 'GET' ? undefined : { bogus: true });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect((await res.json()).code, `${method} ${path}`).toBe('administrators-only');
    }
    // The same person still reaches their own profile.
    expect((await user.get('/api/me')).status).toBe(200);
  });

  // Scoped API tokens (issue 20): what the token may do, whatever its owner may.
  describe('API token scopes', () => {
    const tokenFor = async (person: TestAgent, body: Record<string, unknown>) =>
      (
        (await (
          await person.post('/api/me/tokens', { name: 'matrix', expiresInDays: 1, ...body })
        ).json()) as { token: string }
      ).token;
    const withToken = (token: string, method: string, path: string) =>
      t.agent().request(method, path, method === 'GET' ? undefined : { bogus: true }, {
        headers: { authorization: `Bearer ${token}` },
      });
    const personal = (op: DocumentedOperation) => op.secured && op.schemes.includes('bearer');

    it('answers 403 token-scope to a read token on every endpoint but GET, before reading the body', async () => {
      const admin = await t.signedIn();
      const token = await tokenFor(admin, { scope: 'read', administrator: true });
      const writes = operations.filter((op) => personal(op) && op.method !== 'GET');
      expect(writes.length).toBeGreaterThan(0);
      for (const { method, path } of writes) {
        const res = await withToken(token, method, path);
        expect(res.status, `${method} ${path}`).toBe(403);
        expect((await res.json()).code, `${method} ${path}`).toBe('token-scope');
      }
      expect((await withToken(token, 'GET', '/api/users')).status).toBe(200);
    });

    it("answers 403 administrators-only to an administrator's token without administrative rights on every administrators-only endpoint", async () => {
      const admin = await t.signedIn();
      const token = await tokenFor(admin, { scope: 'read-write' });
      for (const { method, path } of operations.filter((op) => op.administratorsOnly)) {
        const res = await withToken(token, method, path);
        expect(res.status, `${method} ${path}`).toBe(403);
        expect((await res.json()).code, `${method} ${path}`).toBe('administrators-only');
      }
    });

    it('answers 403 administrators-only to an administrative token once its owner is demoted', async () => {
      const owner = await t.signedIn();
      const other = await t.signedIn({ accountId: owner.accountId });
      const token = await tokenFor(owner, { scope: 'read-write', administrator: true });
      expect((await withToken(token, 'GET', '/api/users')).status).toBe(200);
      expect((await other.patch(`/api/users/${owner.userId}`, { level: 'user' })).status).toBe(200);
      for (const { method, path } of operations.filter((op) => op.administratorsOnly)) {
        const res = await withToken(token, method, path);
        expect(res.status, `${method} ${path}`).toBe(403);
        expect((await res.json()).code, `${method} ${path}`).toBe('administrators-only');
      }
    });
  });

  it('answers 401 to an anonymous caller and to a forged token on every secured endpoint', async () => {
    for (const { method, path } of operations.filter((op) => op.secured)) {
      const body = method === 'GET' ? undefined : {};
      const anonymous = await t.agent().request(method, path, body);
      expect(anonymous.status, `${method} ${path} anonymous`).toBe(401);
      const forged = await t.agent().request(method, path, body, {
        headers: { authorization: 'Bearer prm_forged' },
      });
      expect(forged.status, `${method} ${path} forged token`).toBe(401);
    }
  });

  it('answers 403 to a signed-in browser request without the CSRF header on every unsafe endpoint', async () => {
    const person = await t.signedIn();
    // The runner protocol is no browser's: it takes neither sessions nor CSRF (tested above).
    const unsafe = operations.filter(
      (op) => op.secured && op.method !== 'GET' && !op.schemes.includes('runnerToken'),
    );
    expect(unsafe.length).toBeGreaterThan(0);
    for (const { method, path } of unsafe) {
      const res = await person.request(method, path, {}, { withoutCsrf: true });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    expect((await person.get('/api/me')).status).toBe(200);
  });
});
