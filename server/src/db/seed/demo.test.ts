import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkReferences } from '../../../domain/pipeline-references';
import { checkDefinitionFormat } from '../../modules/pipelines/definition-format';
import { createTestApp, type TestContext } from '../../testing/test-app';
import { signInToDemo } from '../../testing/demo-scene';
import { DEMO_PASSWORD, seedDemo } from './demo';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.deps.db, t.deps.secrets);
});
afterAll(() => t.close());

const signIn = (email: string) => signInToDemo(t, email);

describe('the demo account (README, "The demo")', () => {
  it('has the people, levels, teams and SSO providers the README lists', async () => {
    const ada = await signIn('ada@example.com');
    const people = await (await ada.get('/api/users?pageSize=100&sort=email')).json();
    const rows = people.items.map(
      (p: { email: string; level: string; status: string; teams: { name: string }[] }) =>
        `${p.email} ${p.level} ${p.status} ${p.teams.map((team) => team.name).join(',')}`,
    );
    expect(rows).toEqual([
      'ada@example.com administrator active admins,users',
      'alan@example.com user active payments,platform,users',
      'edsger@example.com user invited users',
      'grace@example.com administrator active admins,platform,users',
      'katherine@example.com user active qa,users',
      'linus@example.com user active payments,users',
      'margaret@example.com user active qa,release-managers,users',
    ]);
    const providers = await (await ada.get('/api/sso-providers')).json();
    expect(
      providers.items.map(
        (p: {
          name: string;
          peopleCount: number;
          clientSecretSet?: boolean;
          bindPasswordSet?: boolean;
        }) => [p.name, p.peopleCount, p.clientSecretSet ?? p.bindPasswordSet],
      ),
    ).toEqual([
      ['Acme Directory', 0, true],
      ['Acme Okta', 0, true],
    ]);
  });

  it('gives its pipelines the definition sources the README lists, and the internal provider restricted to the seeds’ branch', async () => {
    const ada = await signIn('ada@example.com');
    const page = await (await ada.get('/api/pipelines?pageSize=100&sort=project')).json();
    const sources = page.items.map(
      (p: {
        project: string;
        name: string;
        source: { type: string; gitProviderName?: string; branch?: string };
        runnable: { allowed: boolean };
      }) =>
        `${p.project}/${p.name} ${p.source.type}${p.source.gitProviderName ? ` ${p.source.gitProviderName}@${p.source.branch}` : ''} ${p.runnable.allowed ? 'runnable' : 'refused'}`,
    );
    expect(sources).toEqual([
      'payments/build git my-internal-git-provider@pipeline-definition runnable',
      'payments/deploy inline runnable',
      'platform/terraform git gitlab-acme@main runnable',
      'web/build inline runnable',
      'web/e2e url runnable',
    ]);
    const deploy = page.items.find((p: { name: string }) => p.name === 'deploy');
    const one = await (await ada.get(`/api/pipelines/${deploy.id}`)).json();
    expect(one.source.yaml).toContain('type: pending-approval');
    expect(one.source.yaml).toContain('${{CF_SHORT_REVISION}}');
  });

  it('has inline definitions that open in Ada’s editor with no problem (P-6.3)', async () => {
    const ada = await signIn('ada@example.com');
    const names = async (path: string) =>
      (await (await ada.get(`${path}?pageSize=100`)).json()).items as {
        name: string;
        behindFirewall: boolean;
      }[];
    const account = {
      gitProviders: await names('/api/git-providers'),
      registries: (await names('/api/registries')).map((registry) => registry.name),
      clusters: (await names('/api/clusters')).map((cluster) => cluster.name),
    };
    const page = await (await ada.get('/api/pipelines?source=inline&sort=project')).json();
    const opened: string[] = [];
    for (const { id } of page.items as { id: string }[]) {
      const { project, name, source } = await (await ada.get(`/api/pipelines/${id}`)).json();
      expect(checkDefinitionFormat(source.yaml), `${project}/${name}`).toEqual([]);
      expect(checkReferences(source.yaml, account), `${project}/${name}`).toEqual([]);
      opened.push(`${project}/${name}`);
    }
    expect(opened).toEqual(['payments/deploy', 'web/build']);
  });

  it('has the clusters, pipelines and rules the README lists, and each person sees what it says', async () => {
    const ada = await signIn('ada@example.com');
    const rules = await (await ada.get('/api/rules?pageSize=100')).json();
    expect(
      rules.items.map(
        (rule: { number: number; sentence: string }) => `${rule.number}. ${rule.sentence}`,
      ),
    ).toEqual([
      '1. Team users can read, update clusters without tags.',
      '2. Team users can create pipelines without tags.',
      '3. Team users can read, update, delete, run, approve, debug pipelines without tags.',
      '4. Team qa can read clusters tagged staging or qa.',
      '5. Team qa can read, run pipelines tagged staging or qa.',
      '6. Team payments can update, run pipelines tagged payments.',
      '7. Team payments can create pipelines tagged payments (no other tags).',
      '8. Team release-managers can approve pipelines tagged production.',
      '9. Team platform can update every cluster.',
      '10. Team platform can update, delete, run, debug pipelines tagged both platform and production.',
      '11. Team payments can read clusters tagged both eu and production.',
    ]);
    const sees = async (email: string) => {
      const browser = await signIn(email);
      const clusters = await (await browser.get('/api/clusters?pageSize=100')).json();
      const pipelines = await (
        await browser.get('/api/pipelines?pageSize=100&sort=project')
      ).json();
      return [
        clusters.items.map((c: { name: string }) => c.name).join(', '),
        pipelines.items
          .map((p: { project: string; name: string }) => `${p.project}/${p.name}`)
          .join(', '),
      ];
    };
    expect(await sees('ada@example.com')).toEqual([
      'dev, prod-eu, prod-us, qa-sandbox, staging-eu',
      'payments/build, payments/deploy, platform/terraform, web/build, web/e2e',
    ]);
    expect(await sees('katherine@example.com')).toEqual([
      'dev, qa-sandbox, staging-eu',
      'web/build, web/e2e',
    ]);
    expect(await sees('margaret@example.com')).toEqual([
      'dev, qa-sandbox, staging-eu',
      'payments/deploy, platform/terraform, web/build, web/e2e',
    ]);
    expect(await sees('alan@example.com')).toEqual([
      'dev, prod-eu, prod-us, qa-sandbox, staging-eu',
      'payments/build, payments/deploy, platform/terraform, web/build',
    ]);
    expect(await sees('linus@example.com')).toEqual([
      'dev, prod-eu',
      'payments/build, payments/deploy, web/build',
    ]);
  });

  it('lets everyone who may run payments/deploy deploy to prod-eu, so that its approval story works', async () => {
    const runners: string[] = [];
    const everyone = ['ada', 'grace', 'alan', 'katherine', 'margaret', 'linus'];
    for (const email of everyone.map((name) => `${name}@example.com`)) {
      const person = await signIn(email);
      const page = await (await person.get('/api/pipelines?q=deploy')).json();
      const deploy = page.items.find(
        (p: { project: string; name: string }) => `${p.project}/${p.name}` === 'payments/deploy',
      );
      if (!deploy?.privileges.includes('run')) continue;
      expect(deploy.runnable, email).toEqual({ allowed: true, code: null, reason: null });
      runners.push(email);
    }
    expect(runners).toEqual([
      'ada@example.com',
      'grace@example.com',
      'alan@example.com',
      'linus@example.com',
    ]);
  });

  it('lets every active demo person sign in with the demo password, but not the invited one', async () => {
    for (const email of ['grace@example.com', 'alan@example.com', 'linus@example.com']) {
      await signIn(email);
    }
    const edsger = await t
      .agent()
      .post('/api/auth/login', { email: 'edsger@example.com', password: DEMO_PASSWORD });
    expect(edsger.status).toBe(401);
  });

  it('has the integrations and cluster connections the README lists, their credentials sealed', async () => {
    const linus = await signIn('linus@example.com');
    const providers = await (await linus.get('/api/git-providers')).json();
    expect(
      providers.items.map(
        (p: { name: string; kind: string; credentialsSet: boolean; behindFirewall: boolean }) =>
          `${p.name} ${p.kind} ${p.credentialsSet ? 'credentials' : '-'} ${p.behindFirewall ? 'behind-firewall' : '-'}`,
      ),
    ).toEqual([
      'github github credentials -',
      'gitlab-acme gitlab - -',
      'my-internal-git-provider github-enterprise credentials behind-firewall',
      'my-internal-git-repo bitbucket-server credentials behind-firewall',
    ]);
    const registries = await (await linus.get('/api/registries')).json();
    expect(
      registries.items.map((r: { name: string; domain: string }) => `${r.name} ${r.domain}`),
    ).toEqual([
      'docker-hub registry-1.docker.io',
      'ghcr ghcr.io',
      'my-internal-docker-registry registry.acme.internal:5000',
    ]);
    const ada = await signIn('ada@example.com');
    const clusters = await (await ada.get('/api/clusters?pageSize=100')).json();
    const connected = clusters.items
      .filter((c: { apiServerUrl: string | null }) => c.apiServerUrl)
      .map(
        (c: { name: string; internal: boolean; serviceAccountTokenSet: boolean }) =>
          `${c.name} ${c.internal ? 'internal' : 'reachable'} ${c.serviceAccountTokenSet}`,
      );
    expect(connected).toEqual(['prod-eu reachable true', 'staging-eu internal true']);
    const everything = JSON.stringify([providers, registries, clusters]);
    expect(everything).not.toContain('demo-');
  });
});
