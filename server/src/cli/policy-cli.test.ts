import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../testing/test-app';
import { runPolicyCli, type CliIo } from './policy-cli';

/** The CLI against the test app, with an administrator's API token, as a CI job runs it. */
let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function cli(token: string, files: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    env: { PERIMETER_URL: 'http://localhost/', PERIMETER_TOKEN: token },
    fetch: async (url, init) => t.app.request(url, init),
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    readFile: async (path) => {
      if (!(path in files)) throw new Error(`ENOENT: ${path}`);
      return files[path]!;
    },
    writeFile: async (path, text) => {
      files[path] = text;
    },
    readStdin: async () => files['-'] ?? '',
  };
  return {
    files,
    run: async (...argv: string[]) => {
      out.length = 0;
      err.length = 0;
      const code = await runPolicyCli(argv, io);
      return { code, stdout: out.join(''), stderr: err.join('') };
    },
  };
}

async function administratorToken() {
  const admin = await t.signedIn({ audited: false });
  const res = await admin.post('/api/me/tokens', {
    name: 'ci',
    scope: 'read-write',
    administrator: true,
    expiresInDays: 30,
  });
  expect(res.status).toBe(201);
  return { admin, token: ((await res.json()) as { token: string }).token };
}

describe('npm run policy', () => {
  it('exports, plans and applies with an API token; plan fails on problems', async () => {
    const { token } = await administratorToken();
    const { run, files } = await cli(token);

    const exported = await run('export', 'policy.yaml');
    expect(exported.code).toBe(0);
    expect(files['policy.yaml']).toMatch(/^# yaml-language-server: \$schema=/);
    const version = /Version: (".+")/.exec(exported.stderr)![1]!;

    const same = await run('plan', 'policy.yaml');
    expect(same).toMatchObject({ code: 0 });
    expect(same.stdout).toContain('No changes.');

    files['policy.yaml'] = files['policy.yaml']!.replace(
      'idleTimeoutMinutes: 60',
      'idleTimeoutMinutes: 30',
    );
    const planned = await run('plan', 'policy.yaml');
    expect(planned.code).toBe(0);
    expect(planned.stdout).toContain(`Version: ${version}`);
    expect(planned.stdout).toContain('~ The idle timeout changes from 60 to 30 minutes.');

    files['broken.yaml'] = files['policy.yaml']!.replace(
      '- name: users',
      '- name: users\n    members: [x@y.z]',
    );
    const broken = await run('plan', 'broken.yaml');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/broken\.yaml:\d+:\d+ {2}built-in-team/);

    // Applying what was reviewed: the plan's version, without quotes as people paste it.
    const applied = await run('apply', 'policy.yaml', '--if-match', version.replaceAll('"', ''));
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/Applied\. The policy is now at version ".+"\./);

    // The same reviewed version again is stale now: 412, nothing applied, exit 1.
    const stale = await run('apply', 'policy.yaml', '--if-match', version);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/^412 Precondition failed/);

    // Without --if-match, the current version; JSON files are sent as JSON.
    const json = await run('export', 'policy.json');
    expect(json.code).toBe(0);
    files['policy.json'] = files['policy.json']!.replace(
      '"idleTimeoutMinutes": 30',
      '"idleTimeoutMinutes": 45',
    );
    expect((await run('apply', 'policy.json')).code).toBe(0);
    expect((await run('export')).stdout).toContain('idleTimeoutMinutes: 45');
  });

  it('says what is missing: the address, the token, a known command', async () => {
    const { run } = await cli('');
    expect(await run('export')).toMatchObject({ code: 2, stderr: /PERIMETER_TOKEN/ });
    const { run: withToken } = await cli('not-a-token');
    expect(await withToken('frobnicate')).toMatchObject({ code: 2, stderr: /Unknown command/ });
    expect(await withToken('export')).toMatchObject({ code: 2, stderr: /^401/ });
    expect((await withToken('--help')).stdout).toContain('Usage: npm run policy');
  });
});
