import type { APIRequestContext, Page } from '@playwright/test';
import { api, apiClient, expect, expectNoA11yViolations, expectOk, test } from './fixtures';
import { AppShell } from './pages';

// Phone widths (issue 16): every list screen stays within the viewport down to 360 px, its
// tables scrolling inside their own box with the row's name kept in view, and the row actions
// within reach. Then the focus ring, and the editor page at a desktop size.

const PHONE = { width: 390, height: 844 };
const NARROWEST = { width: 360, height: 740 };
const PASSWORD = 'correct horse battery staple';
const run = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

/** Names long enough to push a table past a phone's width, as real ones do. */
const names = {
  person: `Katherine Johnson ${run}`,
  email: `katherine.johnson.flight-research-${run}@example.com`,
  team: `flight-research-${run}`,
  cluster: `production-eu-west-${run}`,
  gitProvider: `corp-gitlab-${run}`,
  baseUrl: `https://gitlab.internal.example-corporation.com/api/v4/groups/platform-${run}`,
  registry: `registry-${run}`,
  runner: `datacenter-frankfurt-${run}`,
  project: `flight-software-${run}`,
  pipeline: `deploy-telemetry-${run}`,
  token: `laptop-${run}`,
  ssoProvider: `okta-${run}`,
};

/** A definition with no problem, so that the editor's problems list is one line. */
const DEFINITION = `version: '1.0'
steps:
  hello:
    title: Say hello
    image: alpine:3.20
    commands:
      - echo hello
`;

type Seed = { teamId: string; pipelineId: string; clusterId: string; clusterRule: number };

async function seed(request: APIRequestContext): Promise<Seed> {
  const personId = await api.addPerson(request, {
    email: names.email,
    name: names.person,
    password: PASSWORD,
  });
  const client = apiClient(request);
  const team = expectOk(
    await client.POST('/api/teams', { body: { name: names.team, memberIds: [personId] } }),
  );
  const cluster = expectOk(
    await client.POST('/api/clusters', { body: { name: names.cluster, tags: [`eu-${run}`] } }),
  );
  const rule = expectOk(
    await client.POST('/api/rules', {
      body: {
        teamId: team.id,
        resourceType: 'cluster',
        privileges: ['read'],
        tags: [`eu-${run}`],
      },
    }),
  );
  const provider = expectOk(
    await client.POST('/api/git-providers', {
      body: { name: names.gitProvider, kind: 'gitlab', baseUrl: names.baseUrl },
    }),
  );
  expectOk(
    await client.POST('/api/registries', {
      body: {
        name: names.registry,
        domain: `${names.registry}.internal.example-corporation.com:5000`,
        credentials: { username: 'ci', password: `pw-${run}` },
      },
    }),
  );
  const runner = expectOk(await client.POST('/api/runners', { body: { name: names.runner } }));
  const pipeline = expectOk(
    await client.POST('/api/pipelines', {
      body: {
        name: names.pipeline,
        project: names.project,
        tags: [`eu-${run}`],
        source: { type: 'inline', yaml: DEFINITION },
      },
    }),
  );
  expectOk(
    await client.POST('/api/pipelines/{id}/triggers', {
      params: { path: { id: pipeline.id } },
      body: {
        gitProviderId: provider.id,
        runnerId: runner.id,
        repository: `flight/telemetry-${run}`,
        events: ['push'],
      },
    }),
  );
  expectOk(
    await client.POST('/api/me/tokens', {
      body: { name: names.token, scope: 'read-write', expiresInDays: 30 },
    }),
  );
  expectOk(
    await client.POST('/api/sso-providers', {
      body: {
        type: 'oidc',
        name: names.ssoProvider,
        issuerUrl: `https://login.example-corporation.com/oauth2/${run}/default`,
        clientId: 'perimeter',
        clientSecret: `secret-${run}`,
      },
    }),
  );
  return {
    teamId: team.id,
    pipelineId: pipeline.id,
    clusterId: cluster.id,
    clusterRule: rule.number,
  };
}

let seeded: Seed;
test.beforeAll(async ({ request }) => {
  seeded = await seed(request);
});

/** The page is no wider than the viewport: nothing but a table's own box scrolls sideways. */
async function expectWithinViewport(page: Page) {
  const [scrollWidth, innerWidth] = (await page.evaluate(
    '[document.documentElement.scrollWidth, window.innerWidth]',
  )) as [number, number];
  expect(scrollWidth, `the page's width at ${innerWidth} px`).toBeLessThanOrEqual(innerWidth);
}

type ListScreen = {
  /** For the test's title: the same in every worker, unlike the seeded names. */
  name: string;
  heading: string;
  path: (seed: Seed) => string;
  /** The name of the cell that names the row, which stays in view while the table scrolls. */
  rowHeader?: string | RegExp;
  /** The row action farthest to the right, or the screen's own link to elsewhere. */
  action?: string | RegExp;
  actionRole?: 'button' | 'link';
};

const LIST_SCREENS: ListScreen[] = [
  {
    name: 'People',
    heading: 'People',
    path: () => `/admin/people?q=${run}`,
    rowHeader: new RegExp(`^${names.person}`),
    action: `Actions for ${names.person}`,
  },
  { name: 'Teams', heading: 'Teams', path: () => `/admin/teams?q=${run}`, rowHeader: names.team },
  {
    name: "A team's members",
    heading: names.team,
    path: (seed) => `/admin/teams/${seed.teamId}?q=${run}`,
    rowHeader: new RegExp(`^${names.person}`),
    action: `Remove ${names.person} from ${names.team}`,
  },
  {
    name: 'Permissions',
    heading: 'Permissions',
    path: () => '/admin/permissions',
    action: /^Delete rule \d+$/,
  },
  {
    name: 'Git providers',
    heading: 'Integrations',
    path: () => `/admin/integrations?q=${run}`,
    rowHeader: names.gitProvider,
    action: `Delete ${names.gitProvider}`,
  },
  {
    name: 'Container registries',
    heading: 'Integrations',
    path: () => `/admin/integrations?tab=registries&q=${run}`,
    rowHeader: names.registry,
    action: `Delete ${names.registry}`,
  },
  {
    name: 'Pipelines',
    heading: 'Pipelines',
    path: () => `/pipelines?q=${run}`,
    rowHeader: names.pipeline,
    action: `Edit tags of ${names.project}/${names.pipeline}`,
  },
  {
    name: 'Clusters',
    heading: 'Clusters',
    path: () => `/clusters?q=${run}`,
    rowHeader: names.cluster,
    action: `Delete ${names.cluster}`,
  },
  {
    name: 'Runners',
    heading: 'Runners',
    path: () => `/admin/runners?q=${run}`,
    rowHeader: names.runner,
    action: `Revoke runner ${names.runner}`,
  },
  {
    name: 'Audit log',
    heading: 'Audit log',
    path: () => '/admin/audit-log',
    action: /^View changes: /,
  },
  {
    name: "A pipeline's runs and triggers",
    heading: `${names.project}/${names.pipeline}`,
    path: (seed) => `/pipelines/${seed.pipelineId}`,
    action: `Delete the trigger on flight/telemetry-${run}`,
  },
  {
    name: "A cluster's rules",
    heading: names.cluster,
    path: (seed) => `/clusters/${seed.clusterId}`,
    action: 'Delete cluster',
  },
  {
    name: 'Profile: API tokens',
    heading: 'Profile',
    path: () => '/profile',
    action: `Revoke token ${names.token}`,
  },
  {
    name: 'Pipeline sources',
    heading: 'Pipeline sources',
    path: () => '/admin/pipeline-sources',
    action: `Restrictions of ${names.gitProvider}`,
    actionRole: 'link',
  },
  { name: 'Security', heading: 'Security', path: () => '/admin/security' },
  {
    name: 'Account settings: SSO providers',
    heading: 'Account settings',
    path: () => '/admin/account',
    rowHeader: names.ssoProvider,
    action: `Delete ${names.ssoProvider}`,
  },
];

for (const screen of LIST_SCREENS) {
  test(`${screen.name} fits 360 and 390 px, its row actions in reach`, async ({ page }) => {
    // The narrowest first, then wider without reloading; the page fixture's accessibility
    // check runs at 390 px.
    await page.setViewportSize(NARROWEST);
    await page.goto(screen.path(seeded));
    await expect(
      page.getByRole('heading', { level: 1, name: screen.heading, exact: true }),
    ).toBeVisible();
    for (const size of [NARROWEST, PHONE]) {
      await page.setViewportSize(size);
      const rowHeader = screen.rowHeader
        ? page.getByRole('rowheader', { name: screen.rowHeader }).first()
        : undefined;
      if (rowHeader) await expect(rowHeader).toBeVisible();
      const action = screen.action
        ? page
            .getByRole(screen.actionRole ?? 'button', {
              name: screen.action,
              exact: typeof screen.action === 'string',
            })
            .first()
        : undefined;
      if (action) await expect(action).toBeAttached();
      await expectWithinViewport(page);
      if (!action) continue;

      // Scrolled within its table's box (if it has to be), the action is wholly on screen, the
      // name of its row still beside it, and the page still no wider than the screen.
      await action.scrollIntoViewIfNeeded();
      await expect(action).toBeInViewport({ ratio: 1 });
      if (rowHeader) await expect(rowHeader).toBeInViewport();
      await expectWithinViewport(page);
    }
  });
}

test('git provider addresses wrap at their slashes and dots, not every few letters', async ({
  page,
}) => {
  await page.setViewportSize(NARROWEST);
  await page.goto(`/admin/integrations?q=${run}`);
  const row = page.getByRole('row').filter({ hasText: names.gitProvider });
  const address = row.getByText(/^https:\/\/gitlab\.internal/);
  await expect(address).toBeVisible();
  // Lines of the address, by its height (a table cell's body2 line is 20 px). Breaking
  // anywhere left under 4 characters a line at this width.
  const lines = Math.round((await address.boundingBox())!.height / 20);
  expect(names.baseUrl.length / lines).toBeGreaterThanOrEqual(8);
  await expectWithinViewport(page);
});

test('the app bar and the navigation drawer fit a 360 px screen', async ({ page }) => {
  await page.setViewportSize(NARROWEST);
  const shell = new AppShell(page);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Pipelines' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeInViewport({ ratio: 1 });
  await expectWithinViewport(page);

  await page.getByRole('button', { name: 'Open navigation' }).click();
  await expect(shell.navigation).toBeVisible();
  const lastLink = shell.navigation.getByRole('link', { name: 'Account settings', exact: true });
  await lastLink.scrollIntoViewIfNeeded();
  await expect(lastLink).toBeInViewport({ ratio: 1 });
  await expectWithinViewport(page);
  await expectNoA11yViolations(page);
  await lastLink.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Account settings' })).toBeVisible();
  await expect(shell.navigation).toBeHidden();
});

/** The computed outline of the focused element: "none" when there is no ring. */
async function focusRing(page: Page) {
  return (await page.evaluate(`(() => {
    const style = getComputedStyle(document.activeElement);
    return {
      name: document.activeElement.textContent || document.activeElement.getAttribute('aria-label'),
      style: style.outlineStyle,
      width: parseFloat(style.outlineWidth),
      offset: parseFloat(style.outlineOffset),
      color: style.outlineColor,
    };
  })()`)) as { name: string; style: string; width: number; offset: number; color: string };
}

test('a keyboard focus ring on navigation links, buttons and tabs', async ({ page }) => {
  await page.goto(`/admin/integrations?q=${run}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Integrations' })).toBeVisible();

  // A navigation link (inset: the drawer clips what lies outside it).
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Pipelines', exact: true })
    .focus();
  await page.keyboard.press('Tab');
  const link = await focusRing(page);
  expect(link.name).toBe('Clusters');
  expect(link.style).toBe('solid');
  expect(link.width).toBeGreaterThanOrEqual(2);
  expect(link.offset).toBeLessThan(0);
  // The primary colour (#1565c0), 5.8:1 against the white page.
  expect(link.color).toBe('rgb(21, 101, 192)');

  // A tab (inset too, as its row clips), then a button: outside it, 2 px away.
  await page.getByRole('tab', { name: 'Git providers' }).focus();
  await page.keyboard.press('ArrowRight');
  const tab = await focusRing(page);
  expect(tab.name).toBe('Container registries');
  expect(tab.style).toBe('solid');

  await page.getByRole('searchbox', { name: 'Search git providers' }).focus();
  await page.keyboard.press('Tab');
  const button = await focusRing(page);
  expect(button.name).toBe('Add git provider');
  expect(button.style).toBe('solid');
  expect(button.width).toBeGreaterThanOrEqual(2);
  expect(button.offset).toBeGreaterThanOrEqual(2);
});

test.describe('the pipeline editor at 1440 × 900', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('fits the screen, and its hovers name the pipeline format as their source', async ({
    page,
  }) => {
    // A name of common length: a heading on two lines takes one more line from the screen.
    const pipeline = expectOk(
      await apiClient(page.request).POST('/api/pipelines', {
        body: {
          name: 'deploy',
          project: `editor-${run.slice(-6)}`,
          source: { type: 'inline', yaml: DEFINITION },
        },
      }),
    );
    await page.goto(`/pipelines/${pipeline.id}/definition`);
    const problems = page.getByRole('region', { name: 'Problems', exact: true });
    await expect(problems).toBeVisible();
    const [scrollHeight, innerHeight] = (await page.evaluate(
      '[document.documentElement.scrollHeight, window.innerHeight]',
    )) as [number, number];
    expect(scrollHeight, 'the height of the editor page').toBeLessThanOrEqual(innerHeight);

    const title = page
      .locator('.view-line')
      .filter({ hasText: 'title: Say hello' })
      .getByText('title');
    const hover = page.locator('.monaco-hover').filter({ hasText: 'The name shown for the step' });
    // A hover asked for before the YAML worker has the format's schema comes back empty and
    // Monaco shows nothing: as a person would, move away and point again until it answers.
    await expect(async () => {
      await page.mouse.move(0, 0);
      await title.hover();
      await expect(hover).toContainText('Source: Perimeter pipeline format', { timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await expect(hover).not.toContainText('pipeline.json');
  });
});
