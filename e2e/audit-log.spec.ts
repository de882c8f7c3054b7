import fs from 'node:fs/promises';
import { AuditEntryDialog, AuditLogPage } from './audit-log-page';
import {
  api,
  apiClient,
  DIALOG,
  expect,
  expectNoA11yViolations,
  expectOk,
  SIGNED_OUT,
  test,
} from './fixtures';
import { AppShell } from './pages';

const PASSWORD = 'a long enough passphrase';
// Names of this run only: other journeys change the same account meanwhile, so the journey
// follows the changes of an administrator of its own.
const stamp = () => `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
const pad = (value: number) => String(value).padStart(2, '0');
/** A time as a datetime-local input takes it, in the browser's (and this machine's) zone. */
const localInput = (date: Date) =>
  `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;

test('changes made through the API are listed newest first, open to their diff, filter down and download as CSV', async ({
  page,
  playwright,
  baseURL,
}) => {
  const run = stamp();
  const started = new Date();
  const auditor = {
    email: `auditor-${run}@example.com`,
    name: `Auditor ${run}`,
    password: PASSWORD,
    level: 'administrator' as const,
  };
  const team = `audited-${run}`;
  const renamed = `audited-renamed-${run}`;
  const tokenName = `audit-token-${run}`;

  // The auditor signs in and makes four changes: a team, a rule for it and an API token (in the
  // console's session), and a rename through that token.
  await api.addPerson(page.request, auditor);
  const session = await playwright.request.newContext({ baseURL, storageState: SIGNED_OUT });
  try {
    await api.signIn(session, auditor);
    const client = apiClient(session);
    const { id: teamId } = expectOk(
      await client.POST('/api/teams', { body: { name: team, memberIds: [] } }),
    );
    expectOk(
      await client.POST('/api/rules', {
        body: { teamId, resourceType: 'cluster', privileges: ['read'], tags: [`audited-${run}`] },
      }),
    );
    const { token } = expectOk(
      await client.POST('/api/me/tokens', {
        body: { name: tokenName, scope: 'read-write', administrator: true, expiresInDays: 30 },
      }),
    );
    expectOk(
      await client.PATCH('/api/teams/{id}', {
        params: { path: { id: teamId } },
        headers: { Authorization: `Bearer ${token}` },
        body: { name: renamed },
      }),
    );
  } finally {
    await session.dispose();
  }

  const audit = new AuditLogPage(page);
  await page.goto('/');
  await new AppShell(page).navigation.getByRole('link', { name: 'Audit log', exact: true }).click();
  await expect(audit.heading).toBeVisible();
  await expect(audit.rows().first()).toBeVisible();
  await expectNoA11yViolations(page);

  await test.step('the auditor’s changes, newest first', async () => {
    await audit.pickPerson(auditor.email);
    await expect(page).toHaveURL(/[?&]actorId=[0-9a-f-]{36}/);
    await expect(audit.person).toHaveValue(auditor.name);
    await expect(audit.rows()).toHaveCount(5);
    await expect(audit.rows().nth(0)).toContainText(`API token ${tokenName} of ${auditor.name}`);
    await expect(audit.rows().nth(0)).toContainText('Changed a team');
    await expect(audit.rows().nth(0)).toContainText(renamed);
    await expect(audit.rows().nth(1)).toContainText('Created an API token');
    await expect(audit.rows().nth(2)).toContainText('Created an access rule');
    await expect(audit.rows().nth(3)).toContainText('Created a team');
    await expect(audit.rows().nth(3)).toContainText(team);
    await expect(audit.rows().nth(4)).toContainText('Signed in');
    // Read only: nothing edits or deletes an entry.
    await expect(audit.table.getByRole('button', { name: /edit|delete|remove/i })).toHaveCount(0);
  });

  await test.step('an entry opens, by keyboard, to its before and after', async () => {
    await audit.openButton(audit.rows().nth(0)).focus();
    await page.keyboard.press('Enter');
    const entry = new AuditEntryDialog(page, 'Changed a team');
    await expect(entry.dialog).toBeVisible();
    await expect(entry.dialog).toContainText(`API token ${tokenName} of ${auditor.name}`);
    await expect(entry.changedField('Name').getByRole('cell')).toHaveText([team, renamed]);
    await expectNoA11yViolations(page, { include: DIALOG });
    await page.keyboard.press('Escape');
    await expect(entry.dialog).toBeHidden();
    await expect(audit.openButton(audit.rows().nth(0))).toBeFocused();
  });

  await test.step('filters narrow the list, and stay in the address', async () => {
    await audit.action.selectOption({ label: 'Created a team' });
    await expect(page).toHaveURL(/[?&]action=team\.created/);
    await expect(audit.rows()).toHaveCount(1);
    await expect(audit.rows().first()).toContainText(team);

    await audit.action.selectOption({ label: 'Any action' });
    await audit.targetKind.selectOption({ label: 'Access rule' });
    await expect(page).toHaveURL(/[?&]targetType=rule/);
    await expect(audit.rows()).toHaveCount(1);
    await expect(audit.rows().first()).toContainText('Created an access rule');

    // A range that ends before the changes were made holds none of them.
    await audit.to.fill(localInput(new Date(started.getTime() - 2 * 60_000)));
    await audit.to.blur();
    await expect(page).toHaveURL(/[?&]to=/);
    await expect(page.getByText('No entry matches', { exact: true })).toBeVisible();
    await audit.to.fill('');
    await audit.to.blur();
    await expect(audit.rows()).toHaveCount(1);
  });

  await test.step('the filtered list downloads as CSV', async () => {
    const asked = page.waitForRequest(
      (request) =>
        new URL(request.url()).pathname === '/api/audit' &&
        request.headers()['accept'] === 'text/csv',
    );
    const downloading = page.waitForEvent('download');
    await audit.downloadCsv.click();
    const request = await asked;
    const query = new URL(request.url()).searchParams;
    expect(query.get('targetType')).toBe('rule');
    expect(query.get('actorId')).toMatch(/^[0-9a-f-]{36}$/);
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^perimeter-audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await fs.readFile(await download.path(), 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^"?id"?,"?at"?,"?actorKind"?/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('rule.created');
    expect(lines[1]).toContain(auditor.email);
    const toast = page.getByRole('status').filter({ hasText: 'Downloaded perimeter-audit-' });
    await expect(toast).toBeVisible();
    await toast.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(toast).toBeHidden();
  });
});
