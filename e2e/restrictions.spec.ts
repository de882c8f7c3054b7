import { restrictionsSchema } from '../server/contract/restrictions';
import { api, expect, expectNoA11yViolations, test } from './fixtures';
import { IntegrationsPage } from './integrations-page';
import { AppShell } from './pages';
import { RestrictionsPage } from './restrictions-page';
import { dismissToast } from './teams-page';

// The seeds' literal form (P-4.4): only the branch `pipeline-definition`.
const LITERAL = '/^((pipeline-definition)$).*/g';

const stamp = () => `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

test('restrict a git provider to the branch pipeline-definition with the seeds’ literal, try it before saving, and save it', async ({
  page,
}) => {
  const name = `restricted-${stamp()}`;
  const createdProvider = await api.send(page.request, 'POST', '/api/git-providers', {
    name,
    kind: 'github',
  });
  expect(createdProvider.status(), await createdProvider.text()).toBe(201);
  const { id } = (await createdProvider.json()) as { id: string };
  const integrations = new IntegrationsPage(page);
  const restrictions = new RestrictionsPage(page, name);

  await page.goto('/');
  await new AppShell(page).navigation
    .getByRole('link', { name: 'Integrations', exact: true })
    .click();
  await expect(integrations.heading).toBeVisible();
  await integrations.searchFor(name, 'Search git providers');
  await integrations
    .row(name)
    .getByRole('link', { name: `Restrictions of ${name}`, exact: true })
    .click();
  await expect(restrictions.heading).toBeVisible();
  await expect(restrictions.repositories('All repositories')).toBeChecked();
  await expect(restrictions.form).toContainText(
    'No pipeline takes its definition from this provider.',
  );
  await expectNoA11yViolations(page);

  // Refused as it is typed, with RE2's reason: no lookahead.
  await restrictions.branchPattern.fill('^(?!main).*$');
  await expect(restrictions.branchPattern).toHaveAttribute('aria-invalid', 'true');
  await expect(restrictions.form).toContainText('Not a valid regular expression (RE2 syntax');

  await restrictions.branchPattern.fill(LITERAL);
  await expect(restrictions.branchPattern).not.toHaveAttribute('aria-invalid', 'true');

  // The tester tries the pattern typed, before it is saved.
  await restrictions.tryDefinition({
    repository: 'acme/api',
    branch: 'main',
    path: 'codefresh.yml',
  });
  await expect(restrictions.result).toContainText('Verdict: Refused');
  await expect(restrictions.result).toContainText(
    `Branches: Refused — main does not match ${LITERAL}.`,
  );
  await expect(restrictions.result).toContainText('Repositories: Not restricted');
  await expectNoA11yViolations(page);

  await restrictions.branch.fill('pipeline-definition');
  await restrictions.test.click();
  await expect(restrictions.result).toContainText('Verdict: Allowed');
  await expect(restrictions.result).toContainText(
    `Branches: Allowed — pipeline-definition matches ${LITERAL}.`,
  );
  // Trying saved nothing.
  const before = restrictionsSchema.parse(
    await (await page.request.get(`/api/git-providers/${id}/restrictions`)).json(),
  );
  expect(before.branches).toBeNull();

  await restrictions.save.click();
  await dismissToast(page, `Restrictions of ${name} saved`);
  const saved = restrictionsSchema.parse(
    await (await page.request.get(`/api/git-providers/${id}/restrictions`)).json(),
  );
  expect(saved).toMatchObject({ repositories: null, branches: LITERAL, paths: null });

  // The server's word after a reload, and the saved pattern still refuses main.
  await page.reload();
  await expect(restrictions.branchPattern).toHaveValue(LITERAL);
  await restrictions.tryDefinition({
    repository: 'acme/api',
    branch: 'main',
    path: 'codefresh.yml',
  });
  await expect(restrictions.result).toContainText('Verdict: Refused');
  await expectNoA11yViolations(page);
});

test('asks before saving restrictions that would stop existing pipelines, naming the first ten', async ({
  page,
}) => {
  const name = `guarded-${stamp()}`;
  const createdProvider = await api.send(page.request, 'POST', '/api/git-providers', {
    name,
    kind: 'github',
  });
  expect(createdProvider.status(), await createdProvider.text()).toBe(201);
  const { id } = (await createdProvider.json()) as { id: string };
  const project = `guarded-${stamp()}`;
  const created: { id: string; name: string }[] = [];
  for (let i = 1; i <= 12; i += 1) {
    const res = await api.send(page.request, 'POST', '/api/pipelines', {
      project,
      name: `api-${String(i).padStart(2, '0')}`,
      source: {
        type: 'git',
        gitProviderId: id,
        repository: 'acme/api',
        branch: 'main',
        path: 'codefresh.yml',
      },
    });
    expect(res.status(), await res.text()).toBe(201);
    created.push((await res.json()) as { id: string; name: string });
  }
  const restrictions = new RestrictionsPage(page, name);
  await page.goto(`/admin/integrations/git-providers/${id}/restrictions`);
  await expect(restrictions.heading).toBeVisible();
  await expect(restrictions.form).toContainText(
    '12 pipelines take their definition from this provider; 0 are refused by the saved restrictions.',
  );

  await restrictions.branchPattern.fill('^release$');
  await restrictions.save.click();
  const dialog = restrictions.refusesDialog;
  await expect(dialog).toHaveAccessibleName('Save restrictions that refuse 12 pipelines?');
  await expect(dialog).toContainText('Saving them stops 12 pipelines that may run today');
  const listed = dialog
    .getByRole('list', { name: 'Pipelines these restrictions refuse' })
    .getByRole('listitem');
  await expect(listed).toHaveCount(10);
  await expect(listed.first()).toHaveText(
    `${project}/api-01 — stops running. Branches: main does not match ^release$.`,
  );
  await expect(dialog).toContainText('and 2 more.');
  await expectNoA11yViolations(page);

  // Cancel (where the focus starts, so Enter cannot save by accident) saves nothing.
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  const unchanged = restrictionsSchema.parse(
    await (await page.request.get(`/api/git-providers/${id}/restrictions`)).json(),
  );
  expect(unchanged).toMatchObject({ branches: null, version: 1 });

  await restrictions.save.click();
  await dialog.getByRole('button', { name: 'Save restrictions', exact: true }).click();
  await dismissToast(page, `Restrictions of ${name} saved`);
  await expect(restrictions.form).toContainText('12 are refused by the saved restrictions.');
  const pipeline = (await (await page.request.get(`/api/pipelines/${created[0]!.id}`)).json()) as {
    runnable: { allowed: boolean; code: string | null };
  };
  expect(pipeline.runnable).toMatchObject({ allowed: false, code: 'restricted' });
});
