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
