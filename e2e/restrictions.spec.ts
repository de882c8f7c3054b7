import type { APIRequestContext } from '@playwright/test';
import { apiClient, expect, expectNoA11yViolations, expectOk, test } from './fixtures';
import { RestrictionsPage } from './restrictions-page';
import { dismissToast } from './teams-page';

// The seeds' literal form (P-4.4): only the branch `pipeline-definition`.
const LITERAL = '/^((pipeline-definition)$).*/g';

const stamp = () => `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

async function savedRestrictions(request: APIRequestContext, id: string) {
  return expectOk(
    await apiClient(request).GET('/api/git-providers/{id}/restrictions', {
      params: { path: { id } },
    }),
  );
}

test('restrict a git provider to the branch pipeline-definition with the seeds’ literal, try it before saving, and save it', async ({
  page,
}) => {
  const name = `restricted-${stamp()}`;
  const { id } = expectOk(
    await apiClient(page.request).POST('/api/git-providers', { body: { name, kind: 'github' } }),
  );
  const restrictions = new RestrictionsPage(page, name);

  await page.goto(`/admin/integrations/git-providers/${id}/restrictions`);
  await expect(restrictions.heading).toBeVisible();
  await expect(restrictions.repositories('All repositories')).toBeChecked();
  await expect(restrictions.form).toContainText(
    'No pipeline takes its definition from this provider.',
  );
  await expectNoA11yViolations(page);

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

  await restrictions.branch.fill('pipeline-definition');
  await restrictions.test.click();
  await expect(restrictions.result).toContainText('Verdict: Allowed');
  await expect(restrictions.result).toContainText(
    `Branches: Allowed — pipeline-definition matches ${LITERAL}.`,
  );
  // Trying saved nothing.
  expect((await savedRestrictions(page.request, id)).branches).toBeNull();

  await restrictions.save.click();
  await dismissToast(page, `Restrictions of ${name} saved`);
  expect(await savedRestrictions(page.request, id)).toMatchObject({
    repositories: null,
    branches: LITERAL,
    paths: null,
  });

  // The server's word after a reload, and the saved pattern still refuses main.
  await page.reload();
  await expect(restrictions.branchPattern).toHaveValue(LITERAL);
  await restrictions.tryDefinition({
    repository: 'acme/api',
    branch: 'main',
    path: 'codefresh.yml',
  });
  await expect(restrictions.result).toContainText('Verdict: Refused');
});
