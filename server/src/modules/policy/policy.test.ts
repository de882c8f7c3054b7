import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { auditPageSchema } from '../../../contract/audit';
import {
  policyApplyResultSchema,
  policyDocumentSchema,
  policyPlanSchema,
  type PolicyDocument,
  type PolicyPlan,
} from '../../../contract/policy';
import { ok, type SignedIn } from '../../testing/access-scene';
import { createTestApp, type TestContext } from '../../testing/test-app';
import { policyApplyHooks } from './policy.service';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());
afterEach(() => vi.restoreAllMocks());

const YAML = { 'content-type': 'application/yaml' };

/**
 * An account with two teams of its own (qa by hand, release following an Okta group), two
 * people, a rule, a tagged cluster and pipeline, and a git provider with a branch restriction.
 * Names are given a suffix so that several scenes live in one database (emails are unique).
 */
async function scene(suffix = '') {
  const admin = (await t.signedIn({ audited: false })) as SignedIn;
  const ada = (await t.signedIn({
    level: 'user',
    accountId: admin.accountId,
    email: `ada${suffix}@example.com`,
    audited: false,
  })) as SignedIn;
  const bob = (await t.signedIn({
    level: 'user',
    accountId: admin.accountId,
    email: `bob${suffix}@example.com`,
    audited: false,
  })) as SignedIn;
  const qa = (await ok<{ id: string }>(admin.post('/api/teams', { name: 'qa' }), 201)).id;
  const release = (await ok<{ id: string }>(admin.post('/api/teams', { name: 'release' }), 201)).id;
  await ok(admin.patch(`/api/teams/${qa}`, { addMemberIds: [ada.userId] }));
  await ok(
    admin.post('/api/rules', {
      teamId: qa,
      resourceType: 'pipeline',
      privileges: ['read', 'run'],
      tags: ['payments'],
    }),
    201,
  );
  await ok(admin.post('/api/clusters', { name: 'prod-eu', tags: ['production'] }), 201);
  await ok(admin.post('/api/clusters', { name: 'dev' }), 201);
  const deploy = await ok<{ id: string }>(
    admin.post('/api/pipelines', {
      name: 'deploy',
      project: 'payments',
      tags: ['payments', 'production'],
    }),
    201,
  );
  const github = await ok<{ id: string }>(
    admin.post('/api/git-providers', { name: 'GitHub', kind: 'github' }),
    201,
  );
  await ok(
    admin.put(`/api/git-providers/${github.id}/restrictions`, {
      repositories: null,
      branches: '^main$',
      paths: null,
    }),
  );
  await ok(
    admin.post('/api/sso-providers', {
      type: 'oidc',
      name: 'Okta',
      issuerUrl: 'https://acme.okta.example/oauth2/default',
      clientId: 'perimeter-console',
      clientSecret: 'secret-value-never-exported',
      groupMappings: [{ group: 'eng', teamId: release }],
    }),
    201,
  );
  return { admin, ada, bob, qa, release, deploy, github };
}

async function exported(admin: SignedIn, json = false) {
  const res = await admin.get('/api/policy', {
    headers: json ? { accept: 'application/json' } : {},
  });
  expect(res.status).toBe(200);
  return { res, text: await res.clone().text(), etag: res.headers.get('etag')! };
}

async function plan(admin: SignedIn, body: string, headers: Record<string, string> = YAML) {
  const res = await admin.post('/api/policy/import?dryRun=true', undefined, {
    rawBody: body,
    headers,
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return policyPlanSchema.parse(await res.json());
}

function apply(admin: SignedIn, body: string, ifMatch?: string) {
  return admin.post('/api/policy/import', undefined, {
    rawBody: body,
    headers: { ...YAML, ...(ifMatch ? { 'if-match': ifMatch } : {}) },
  });
}

const nothingChanges = (p: PolicyPlan) => {
  for (const section of Object.values(p.sections)) {
    expect(section).toEqual({ added: [], changed: [], removed: [] });
  }
  expect(p.impact).toEqual({ gains: [], losses: [], truncated: false });
};

describe('GET /api/policy', () => {
  it('exports the whole policy by name, canonical, as YAML with a $schema line, or as JSON', async () => {
    const { admin } = await scene('-export');
    const { res, text, etag } = await exported(admin);
    expect(res.headers.get('content-type')).toMatch(/^application\/yaml/);
    expect(etag).toMatch(/^"[\w-]+"$/);
    const [first, ...rest] = text.split('\n');
    expect(first).toBe('# yaml-language-server: $schema=http://localhost/api/policy/schema.json');
    const document = policyDocumentSchema.parse(parse(rest.join('\n')));
    expect(document).toEqual({
      version: 1,
      settings: {
        idleTimeoutMinutes: 60,
        invitationDomains: [],
        pipelineSources: { inline: true, git: true, url: true },
      },
      teams: [
        { name: 'admins' },
        { name: 'qa', members: ['ada-export@example.com'] },
        { name: 'release', sso: [{ provider: 'Okta', groups: ['eng'] }] },
        { name: 'users' },
      ],
      rules: expect.arrayContaining([
        {
          team: 'qa',
          kind: 'pipeline',
          privileges: ['read', 'run'],
          tags: ['payments'],
          match: 'any',
        },
      ]),
      tags: {
        clusters: { 'prod-eu': ['production'] },
        pipelines: { 'payments/deploy': ['payments', 'production'] },
      },
      restrictions: { GitHub: { repositories: null, branches: '^main$', paths: null } },
    });
    // No secret and no id leaves.
    expect(text).not.toContain('secret-value-never-exported');
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);

    const json = await exported(admin, true);
    expect(json.res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await json.res.json()).toEqual(document);
    expect(json.etag).toBe(etag);
    // Canonical: the same bytes every time.
    expect((await exported(admin)).text).toBe(text);
  });

  it('is for administrators only', async () => {
    const { admin } = await scene('-authz');
    const user = await t.signedIn({ level: 'user', accountId: admin.accountId, audited: false });
    expect((await user.get('/api/policy')).status).toBe(403);
    const res = await user.post('/api/policy/import?dryRun=true', undefined, {
      rawBody: 'version: 1',
      headers: YAML,
    });
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe('administrators-only');
    expect((await t.agent().get('/api/policy')).status).toBe(401);
  });
});

describe('GET /api/policy/schema.json', () => {
  it('serves the document’s JSON Schema to anyone, for editors', async () => {
    const res = await t.agent().get('/api/policy/schema.json');
    expect(res.status).toBe(200);
    const schema = await res.json();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required).toEqual([
      'version',
      'settings',
      'teams',
      'rules',
      'tags',
      'restrictions',
    ]);
    expect(schema.properties.rules.items.properties.kind.enum).toEqual(['cluster', 'pipeline']);
  });
});

describe('POST /api/policy/import?dryRun=true', () => {
  it('plans nothing for the policy as exported, in YAML and in JSON, and names the version', async () => {
    const { admin } = await scene('-same');
    const { text, etag } = await exported(admin);
    const yamlPlan = await plan(admin, text);
    expect(yamlPlan.problems).toEqual([]);
    expect(yamlPlan.version).toBe(etag);
    nothingChanges(yamlPlan);
    const json = await exported(admin, true);
    const jsonPlan = await plan(admin, json.text, { 'content-type': 'application/json' });
    expect(jsonPlan.problems).toEqual([]);
    nothingChanges(jsonPlan);
  });

  it('gives every problem its code, path, line and column', async () => {
    const { admin } = await scene('-problems');
    const text = [
      'version: 1', // 1
      'settings:', // 2
      '  idleTimeoutMinutes: 60', // 3
      '  invitationDomains: []', // 4
      '  pipelineSources: { inline: true, git: true, url: true }', // 5
      'teams:', // 6
      '  - name: admins', // 7
      '  - name: users', // 8
      '  - name: qa', // 9
      '    members: [nobody@example.com]', // 10
      '  - name: qa', // 11
      '  - name: release', // 12
      '    sso: [{ provider: Nope, groups: [eng] }]', // 13
      'rules:', // 14
      '  - { team: ghosts, kind: pipeline, privileges: [read], tags: [a], match: any }', // 15
      '  - { team: qa, kind: pipeline, privileges: [read], tags: [Bad Tag], match: any }', // 16
      '  - { team: users, kind: cluster, privileges: [read], tags: [untagged], match: any }', // 17
      'tags:', // 18
      '  clusters:', // 19
      '    nowhere: [a]', // 20
      '    prod-eu: []', // 21
      '  pipelines: {}', // 22
      'restrictions:', // 23
      '  GitLab: { repositories: null, branches: null, paths: null }', // 24
      '  GitHub: { repositories: null, branches: "([", paths: null }', // 25
    ].join('\n');
    const result = await plan(admin, text);
    const brief = result.problems.map(({ code, path, line, column }) => ({
      code,
      path,
      line,
      column,
    }));
    expect(brief).toEqual(
      expect.arrayContaining([
        { code: 'unknown-person', path: ['teams', 2, 'members', 0], line: 10, column: 15 },
        { code: 'duplicate-name', path: ['teams', 3, 'name'], line: 11, column: 11 },
        {
          code: 'unknown-provider',
          path: ['teams', 4, 'sso', 0, 'provider'],
          line: 13,
          column: 23,
        },
        { code: 'unknown-team', path: ['rules', 0, 'team'], line: 15, column: 13 },
        { code: 'invalid-tag', path: ['rules', 1, 'tags', 0], line: 16, column: 60 },
        { code: 'unknown-resource', path: ['tags', 'clusters', 'nowhere'], line: 20, column: 5 },
        { code: 'unknown-provider', path: ['restrictions', 'GitLab'], line: 24, column: 3 },
        {
          code: 'invalid-pattern',
          path: ['restrictions', 'GitHub', 'branches'],
          line: 25,
          column: 43,
        },
        // prod-eu left without tags falls under the default rules for untagged clusters.
        { code: 'tag-escalation', path: ['tags', 'clusters', 'prod-eu'], line: 21, column: 14 },
      ]),
    );
    for (const problem of result.problems) expect(problem.message).toMatch(/\w/);
  });

  it('answers a document that is not YAML, or not the shape, with invalid-document where it is', async () => {
    const { admin } = await scene('-shape');
    const broken = await plan(admin, 'version: 1\nteams: [\n');
    expect(broken.problems[0]).toMatchObject({ code: 'invalid-document', line: 3 });
    nothingChanges(broken);
    const { text } = await exported(admin);
    const wrong = await plan(
      admin,
      text.replace('idleTimeoutMinutes: 60', 'idleTimeoutMinutes: 5'),
    );
    expect(wrong.problems).toEqual([
      {
        code: 'invalid-document',
        message: 'The idle timeout is at least 15 minutes.',
        path: ['settings', 'idleTimeoutMinutes'],
        line: 4,
        column: 23,
      },
    ]);
    const unknownKey = await plan(admin, text.replace('version: 1', 'version: 1\ncolour: red'));
    expect(unknownKey.problems).toEqual([
      expect.objectContaining({ code: 'invalid-document', path: ['colour'], line: 3, column: 1 }),
    ]);
  });

  it('refuses what the built-in teams, SSO-managed teams and the plan forbid as problems', async () => {
    const { admin } = await scene('-invariants');
    const document = policyDocumentSchema.parse(await (await exported(admin, true)).res.json());
    const edited: PolicyDocument = {
      ...document,
      teams: [
        { name: 'admins', members: ['ada-invariants@example.com'] },
        { name: 'qa', members: [] },
        { name: 'release', members: ['bob-invariants@example.com'], sso: document.teams[2]!.sso },
      ],
    };
    const text = JSON.stringify(edited, null, 2);
    const result = await plan(admin, text, { 'content-type': 'application/json' });
    expect(result.problems.map((p) => [p.code, p.path])).toEqual(
      expect.arrayContaining([
        ['built-in-team', ['teams', 0, 'members']],
        ['team-managed', ['teams', 2, 'members']],
        ['built-in-team', ['teams']],
      ]),
    );
    // The line of release's "members" key: the one before its first member.
    const membersLine = text.split('\n').findIndex((l) => l.includes('"bob-invariants@'));
    expect(result.problems.find((p) => p.code === 'team-managed')).toMatchObject({
      line: membersLine,
      column: 7,
    });
  });

  it('plans each section and the impact with the preview’s engine', async () => {
    const { admin } = await scene('-plan');
    const document = policyDocumentSchema.parse(await (await exported(admin, true)).res.json());
    const edited: PolicyDocument = {
      ...document,
      settings: {
        ...document.settings,
        idleTimeoutMinutes: 30,
        invitationDomains: ['example.com'],
      },
      teams: [
        ...document.teams.filter((team) => team.name !== 'qa'),
        { name: 'qa', members: ['bob-plan@example.com'] },
        { name: 'auditors', members: [] },
      ],
      rules: [
        ...document.rules,
        { team: 'qa', kind: 'cluster', privileges: ['read'], tags: ['production'], match: 'any' },
      ],
      tags: {
        clusters: { dev: ['staging'], 'prod-eu': ['production', 'eu'] },
        pipelines: document.tags.pipelines,
      },
      restrictions: {},
    };
    const result = await plan(admin, JSON.stringify(edited), {
      'content-type': 'application/json',
    });
    expect(result.problems).toEqual([]);
    expect(result.sections.settings.changed.map((item) => item.key)).toEqual([
      'idleTimeoutMinutes',
      'invitationDomains',
    ]);
    expect(result.sections.teams.added).toEqual([
      { key: 'auditors', summary: 'Team auditors is created with 0 members.' },
    ]);
    expect(result.sections.teams.changed).toEqual([
      {
        key: 'qa',
        summary:
          'Team qa gains 1 member (bob-plan@example.com); loses 1 member (ada-plan@example.com).',
      },
    ]);
    expect(result.sections.rules.added).toEqual([
      {
        key: 'Team qa can read clusters tagged production.',
        summary: 'New rule: Team qa can read clusters tagged production.',
      },
    ]);
    expect(result.sections.clusterTags).toEqual({
      added: [{ key: 'dev', summary: 'dev is tagged staging (before: no tags).' }],
      changed: [
        { key: 'prod-eu', summary: 'prod-eu is tagged eu, production (before: production).' },
      ],
      removed: [],
    });
    expect(result.sections.restrictions.removed.map((item) => item.key)).toEqual(['GitHub']);
    // Ada leaves qa: she loses run on payments/deploy; Bob joins: he gains it.
    const line = (who: string, privilege: string) =>
      expect.objectContaining({
        person: expect.objectContaining({ email: who }),
        privilege,
        resourceType: 'pipeline',
        count: 1,
        resources: [expect.objectContaining({ name: 'payments/deploy' })],
      });
    expect(result.impact.losses).toEqual(
      expect.arrayContaining([line('ada-plan@example.com', 'run')]),
    );
    expect(result.impact.gains).toEqual(
      expect.arrayContaining([line('bob-plan@example.com', 'run')]),
    );
    expect(result.impact.truncated).toBe(false);
  });
});

describe('POST /api/policy/import', () => {
  it('needs If-Match (428), refuses a stale one (412), and a document with problems (422), applying nothing', async () => {
    const { admin } = await scene('-guards');
    const { text, etag } = await exported(admin);
    const changed = text.replace('idleTimeoutMinutes: 60', 'idleTimeoutMinutes: 30');

    const missing = await apply(admin, changed);
    expect(missing.status).toBe(428);
    expect((await missing.json()).code).toBe('if-match-required');

    const stale = await apply(admin, changed, '"not-the-version"');
    expect(stale.status).toBe(412);
    expect((await stale.json()).code).toBe('stale-version');
    expect(stale.headers.get('etag')).toBe(etag);

    const invalid = await apply(admin, changed.replace('- name: qa', '- name: ghosts'), etag);
    expect(invalid.status).toBe(422);
    const problem = await invalid.json();
    expect(problem.code).toBe('policy-invalid');
    expect(problem.problems.length).toBeGreaterThan(0);

    expect((await exported(admin)).text).toBe(text);
  });

  it('applies everything in one transaction and writes one audit entry with the counts', async () => {
    const { admin } = await scene('-apply');
    const document = policyDocumentSchema.parse(await (await exported(admin, true)).res.json());
    const { etag } = await exported(admin);
    const edited: PolicyDocument = {
      ...document,
      settings: {
        idleTimeoutMinutes: 30,
        invitationDomains: ['example.com'],
        pipelineSources: { inline: true, git: true, url: false },
      },
      teams: [
        { name: 'admins' },
        { name: 'auditors', members: ['bob-apply@example.com'] },
        { name: 'release', members: ['ada-apply@example.com'] },
        { name: 'users' },
      ],
      rules: [
        ...document.rules.filter((rule) => rule.team !== 'qa'),
        { team: 'auditors', kind: 'cluster', privileges: ['read'], tags: ['*'], match: 'any' },
      ],
      tags: {
        clusters: { dev: ['staging'], 'prod-eu': ['production'] },
        pipelines: { 'payments/deploy': ['payments'] },
      },
      restrictions: {
        GitHub: { repositories: { names: ['acme/app'] }, branches: null, paths: '*.yml' },
      },
    };
    const entriesBefore = auditPageSchema.parse(await ok(admin.get('/api/audit'))).total;
    const res = await apply(admin, JSON.stringify(edited), etag);
    expect(res.status, await res.clone().text()).toBe(200);
    const result = policyApplyResultSchema.parse(await res.json());
    expect(result.plan.problems).toEqual([]);
    expect(res.headers.get('etag')).toBe(result.version);

    const after = await exported(admin, true);
    expect(after.etag).toBe(result.version);
    const canonical = policyDocumentSchema.parse(await after.res.json());
    expect(canonical).toEqual({
      ...edited,
      rules: [...edited.rules].sort((a, b) =>
        JSON.stringify([a.kind, a.team]) < JSON.stringify([b.kind, b.team]) ? -1 : 1,
      ),
    });

    const audit = auditPageSchema.parse(await ok(admin.get('/api/audit?action=policy.imported')));
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({
      action: 'policy.imported',
      target: { type: 'account', id: admin.accountId },
      before: { version: etag },
      after: {
        version: result.version,
        changes: expect.objectContaining({
          teams: { added: 1, changed: 1, removed: 1 },
          settings: { added: 0, changed: 3, removed: 0 },
        }),
      },
    });
    // The whole import is one entry: none for the teams, rules or settings it changed.
    const entriesAfter = auditPageSchema.parse(await ok(admin.get('/api/audit'))).total;
    expect(entriesAfter).toBe(entriesBefore + 1);
  });

  it('applies nothing when a step fails halfway', async () => {
    const { admin } = await scene('-atomic');
    const { text, etag } = await exported(admin);
    const edited = text
      .replace('idleTimeoutMinutes: 60', 'idleTimeoutMinutes: 30')
      .replace('  - name: qa\n', '  - name: qa-renamed\n')
      .replace('team: qa\n', 'team: qa-renamed\n');
    vi.spyOn(policyApplyHooks, 'afterStep').mockImplementation((step) => {
      if (step === 'rules') throw new Error('injected failure after the rules');
    });
    const res = await apply(admin, edited, etag);
    expect(res.status).toBe(500);
    vi.restoreAllMocks();
    expect((await exported(admin)).text).toBe(text);
    const audit = auditPageSchema.parse(await ok(admin.get('/api/audit?action=policy.imported')));
    expect(audit.items).toEqual([]);
    // And the same document applies once nothing fails.
    expect((await apply(admin, edited, etag)).status).toBe(200);
  });

  it('round-trips: export → import into a fresh account → export gives the same document', async () => {
    const source = await scene('-from');
    const target = await scene('-to');
    // People are unique to their account, so the fresh account's teams of its own carry
    // members by the target's addresses: make the source's memberships empty first.
    const sourceDocument = policyDocumentSchema.parse(
      await (await exported(source.admin, true)).res.json(),
    );
    const withoutMembers: PolicyDocument = {
      ...sourceDocument,
      teams: sourceDocument.teams.map((team) => (team.members ? { ...team, members: [] } : team)),
      rules: [
        ...sourceDocument.rules,
        { team: 'qa', kind: 'cluster', privileges: ['update'], tags: ['production'], match: 'all' },
      ],
      settings: { ...sourceDocument.settings, idleTimeoutMinutes: 45 },
    };
    const { etag: sourceEtag } = await exported(source.admin);
    expect((await apply(source.admin, JSON.stringify(withoutMembers), sourceEtag)).status).toBe(
      200,
    );
    const before = await exported(source.admin);

    const { etag } = await exported(target.admin);
    const res = await apply(target.admin, before.text, etag);
    expect(res.status, await res.clone().text()).toBe(200);
    const after = await exported(target.admin);
    expect(after.text).toBe(before.text);
    expect(after.etag).toBe(before.etag);
  });

  it('refuses another media type (415) and bytes that are not UTF-8 (400)', async () => {
    const { admin } = await scene('-media');
    const form = await admin.post('/api/policy/import?dryRun=true', undefined, {
      rawBody: 'version=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    const bytes = Buffer.concat([
      Buffer.from('version: "a'),
      Buffer.from([0xc0, 0x80]),
      Buffer.from('"'),
    ]);
    const notUtf8 = await admin.post('/api/policy/import?dryRun=true', undefined, {
      rawBody: bytes as unknown as string,
      headers: YAML,
    });
    expect(notUtf8.status).toBe(400);
  });
});

describe('robustness of the plan', () => {
  it('answers any JSON value or YAML text with a plan or a 4xx problem, never a 5xx (property test)', async () => {
    const { admin } = await scene('-fuzz');
    const { text } = await exported(admin);
    const lines = text.split('\n');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue({ maxDepth: 3 }).map((value) => ({
            body: JSON.stringify(value) ?? 'null',
            type: 'application/json',
          })),
          // The export with a line dropped, doubled or replaced: near misses of a real document.
          fc
            .tuple(fc.nat(lines.length - 1), fc.constantFrom('drop', 'double', 'junk'), fc.string())
            .map(([index, edit, junk]) => {
              const copy = [...lines];
              if (edit === 'drop') copy.splice(index, 1);
              else if (edit === 'double') copy.splice(index, 0, copy[index]!);
              else copy[index] = junk;
              return { body: copy.join('\n'), type: 'application/yaml' };
            }),
        ),
        async ({ body, type }) => {
          const res = await admin.post('/api/policy/import?dryRun=true', undefined, {
            rawBody: body,
            headers: { 'content-type': type },
          });
          expect(res.status, body.slice(0, 200)).toBeLessThan(500);
          if (res.status === 200) policyPlanSchema.parse(await res.json());
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('the plan limits', () => {
  it('refuses new teams on a plan without them, as a problem (plan-required)', async () => {
    const pro = await createTestApp({ env: { PERIMETER_PLAN: 'pro' } });
    try {
      const admin = (await pro.signedIn({ audited: false })) as SignedIn;
      const res = await admin.get('/api/policy', { headers: { accept: 'application/json' } });
      const document = policyDocumentSchema.parse(await res.json());
      const body = JSON.stringify({
        ...document,
        teams: [...document.teams, { name: 'qa', members: [] }],
      });
      const planned = await admin.post('/api/policy/import?dryRun=true', undefined, {
        rawBody: body,
        headers: { 'content-type': 'application/json' },
      });
      const result = policyPlanSchema.parse(await planned.json());
      expect(result.problems).toEqual([
        expect.objectContaining({ code: 'plan-required', path: ['teams', 2, 'name'], line: 1 }),
      ]);
      const applied = await admin.post('/api/policy/import', undefined, {
        rawBody: body,
        headers: { 'content-type': 'application/json', 'if-match': res.headers.get('etag')! },
      });
      expect(applied.status).toBe(422);
    } finally {
      await pro.close();
    }
  });
});
