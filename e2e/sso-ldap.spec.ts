import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { apiClient, expect, expectNoA11yViolations, expectOk, SIGNED_OUT, test } from './fixtures';
import { AppShell } from './pages';
import { TeamPage } from './teams-page';

/**
 * Signing in through an LDAP directory: a real one, Debian's slapd, started by the journey on a
 * loopback port (server/src/testing/idp/slapd-main.ts, as a process: e2e imports no server
 * code). slapd must be installed (README, .ci/run); without it the journey fails with how.
 */

const unique = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
const person = {
  uid: `ada-${unique}`,
  name: `Ada Lovelace ${unique}`,
  mail: `ada-${unique}@acme.example`,
  password: 'a directory passphrase',
};
const group = `engineers-${unique}`;

interface Directory {
  url: string;
  bindDn: string;
  bindPassword: string;
  peopleBase: string;
  groupsBase: string;
}

let slapd: ChildProcess | undefined;
let directory: Directory;

test.beforeAll(async () => {
  test.setTimeout(60_000);
  const child = spawn(
    'node_modules/.bin/tsx',
    [
      'server/src/testing/idp/slapd-main.ts',
      JSON.stringify({
        people: [person],
        groups: [{ cn: group, members: [person.uid] }],
      }),
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  slapd = child;
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const lines = createInterface({ input: child.stdout });
  directory = await new Promise<Directory>((resolve, reject) => {
    lines.once('line', (line) => resolve(JSON.parse(line) as Directory));
    child.once('exit', (code) =>
      reject(new Error(`The test directory did not start (exit ${code}): ${errors}`)),
    );
  });
});

test.afterAll(async () => {
  if (!slapd || slapd.exitCode !== null) return;
  const exited = new Promise((resolve) => slapd!.once('exit', resolve));
  slapd.stdin?.end();
  slapd.kill('SIGTERM');
  await exited;
});

test('a person signs in with their directory user name and password, into the mapped team', async ({
  page,
  browser,
}) => {
  // The administrator (the project's signed-in state) sets the directory up through the API.
  const admin = apiClient(page.request);
  const teamName = `engineering-${unique}`;
  const team = expectOk(await admin.POST('/api/teams', { body: { name: teamName } }));
  const providerName = `Acme directory ${unique}`;
  const provider = expectOk(
    await admin.POST('/api/sso-providers', {
      body: {
        type: 'ldap',
        name: providerName,
        url: directory.url,
        bindDn: directory.bindDn,
        bindPassword: directory.bindPassword,
        searchBase: directory.peopleBase,
        groupSearchBase: directory.groupsBase,
        groupMappings: [{ group, teamId: team.id }],
      },
    }),
  );
  const invited = expectOk(
    await admin.POST('/api/users', { body: { email: person.mail, name: person.name } }),
  );
  expectOk(
    await admin.PATCH('/api/users/{id}', {
      params: { path: { id: invited.id } },
      body: { ssoProviderId: provider.id },
    }),
  );

  // The person, in a browser of their own.
  const context = await browser.newContext({ storageState: SIGNED_OUT });
  try {
    const signIn = await context.newPage();
    await signIn.goto('/sign-in');
    await signIn.getByRole('button', { name: `Sign in with ${providerName}` }).click();
    const userName = signIn.getByRole('textbox', { name: 'User name', exact: true });
    await expect(userName).toBeVisible();
    // The form the provider's button opened (the password form may stay on the page too).
    const form = signIn.locator('form').filter({ has: userName });
    await expectNoA11yViolations(signIn);

    await userName.fill(person.uid);
    await form.getByRole('textbox', { name: 'Password', exact: true }).fill('not the passphrase');
    await form.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(signIn.getByRole('alert')).toContainText(
      `${providerName} did not accept that user name and password.`,
    );

    await form.getByRole('textbox', { name: 'Password', exact: true }).fill(person.password);
    await form.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(new AppShell(signIn).navigation).toBeVisible();
    await expectNoA11yViolations(signIn);
  } finally {
    await context.close();
  }

  // The directory's group put them in the mapped team, which says who manages it.
  const teamPage = new TeamPage(page);
  await page.goto(`/admin/teams/${team.id}`);
  await expect(teamPage.heading(teamName)).toBeVisible();
  await expect(teamPage.member(teamName, person.name)).toBeVisible();
  await expectNoA11yViolations(page);
});
