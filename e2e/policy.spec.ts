import fs from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { apiClient, DIALOG, expect, expectNoA11yViolations, expectOk, test } from './fixtures';
import { TeamsPage } from './teams-page';

// Policy as code (issue 20): this journey applies a whole policy document, which replaces
// whatever another journey changed between its download and its plan. It runs in a project of
// its own, alone, after the journeys that change the settings and before the rest
// (playwright.config.ts).

const DEFINITION = `version: '1.0'
steps:
  hello:
    title: Say hello
    image: alpine:3.20
    commands:
      - echo hello
`;

const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

test('download the policy, plan a document with a new team and rule, see the plan and impact, apply it, and find the team on Teams', async ({
  page,
}) => {
  const client = apiClient(page.request);
  const person = expectOk(
    await client.POST('/api/users', {
      body: { email: `policy-${stamp}@example.com`, name: `Pat Policy ${stamp}`, level: 'user' },
    }),
  );
  const tag = `policy-${stamp}`;
  const pipeline = expectOk(
    await client.POST('/api/pipelines', {
      body: {
        name: 'release',
        project: `policy-${stamp}`,
        tags: [tag],
        source: { type: 'inline', yaml: DEFINITION },
      },
    }),
  );
  const team = `release-${stamp}`;

  await page.goto('/admin/policy');
  await expect(page.getByRole('heading', { level: 1, name: 'Policy' })).toBeVisible();

  // Export: the file, and the version it is at.
  const exportSection = page.getByRole('region', { name: 'Export' });
  await expect(exportSection).toContainText('Current version: "');
  const downloading = page.waitForEvent('download');
  await exportSection.getByRole('button', { name: 'Download policy' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('perimeter-policy.yaml');
  const exported = await fs.readFile(await download.path(), 'utf8');
  expect(exported).toMatch(/^# yaml-language-server: \$schema=http/);

  // The document with a new team holding the new person, and a rule for it.
  const document = parseDocument(exported);
  document.addIn(['teams'], { name: team, members: [person.email] });
  document.addIn(['rules'], {
    team,
    kind: 'pipeline',
    privileges: ['approve'],
    tags: [tag],
    match: 'any',
  });
  const changed = document.toString();

  // Monaco's text area takes the whole document, pasted over the export it was prefilled with.
  const editor = page.getByRole('textbox', { name: 'Policy document, YAML' });
  await editor.focus();
  await page.keyboard.press('Control+A');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(changed)})`);
  await page.keyboard.press('Control+V');

  await page.getByRole('button', { name: 'Plan', exact: true }).click();
  const plan = page.getByRole('region', { name: 'Plan' });
  await expect(plan.getByRole('status')).toContainText(
    '2 added, 0 changed, 0 removed; 1 person gains privileges, 0 people lose some; no problems.',
  );
  await expect(plan.getByRole('list', { name: 'Added (1)' }).first()).toContainText(team);
  // Approving implies reading: two lines for the one person.
  await expect(plan.getByRole('list', { name: 'Gains (2)' })).toContainText(
    `Pat Policy ${stamp} (${person.email})approve on 1 pipeline: ${pipeline.project}/${pipeline.name}`,
  );
  await expectNoA11yViolations(page);

  await page.getByRole('button', { name: 'Apply…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Apply the policy?' });
  await expect(dialog).toContainText('2 added, 0 changed and 0 removed; 1 person gains');
  await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(plan.getByRole('status')).toContainText('The policy was applied');
  await expect(page.locator(DIALOG)).toHaveCount(0);

  // The change took effect: the team is on Teams, with its member.
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Teams' })
    .click();
  const teams = new TeamsPage(page);
  await teams.search.fill(team);
  await expect(teams.row(team)).toBeVisible();
});
