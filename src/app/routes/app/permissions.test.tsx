import { screen, waitFor, within } from '@testing-library/react';
import { delay } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RuleWithWarnings } from '@contract/access';
import type { Team } from '@contract/teams';
import type { User } from '@contract/users';
import { db } from '@/testing/mocks/db';
import { buildCluster, buildPerson, buildPipeline, buildTeam } from '@/testing/mocks/factories';
import { seedRule } from '@/testing/mocks/handlers/access';
import { http } from '@/testing/mocks/http';
import { problemResponse } from '@/testing/mocks/problems';
import { recordBodies } from '@/testing/record-bodies';
import { server } from '@/testing/mocks/server';
import { recordDownloads } from '@/testing/record-downloads';
import { renderApp } from '@/testing/test-utils';

afterEach(() => {
  server.events.removeAllListeners();
  vi.restoreAllMocks();
});

/** The shell's and a screen's code, loaded ahead, so that only the API can be late. */
const loadScreenCode = (screenModule: () => Promise<unknown>) =>
  Promise.all([
    import('./app-root'),
    import('./screen-error'),
    import('./admin-only'),
    screenModule(),
  ]);

function seedPeople(...names: string[]): User[] {
  const people = names.map((name) =>
    buildPerson({ name, email: `${name.split(' ')[0]!.toLowerCase()}@example.com` }),
  );
  db.people = [...db.people, ...people];
  return people;
}

function seedTeam(name: string, members: User[] = []): Team {
  const team = buildTeam({ name });
  db.teams = [...db.teams, team];
  db.members[team.id] = members.map((person) => person.id);
  return team;
}

const refOf = (team: Pick<Team, 'id' | 'name' | 'builtIn'>): RuleWithWarnings['team'] => ({
  id: team.id,
  name: team.name,
  builtIn: team.builtIn,
});

const usersTeam = () => refOf(db.teams.find((team) => team.name === 'users')!);

/** The defaults of a new account (P-2.8). */
function seedDefaults() {
  seedRule({
    team: usersTeam(),
    resourceType: 'cluster',
    privileges: ['read', 'update'],
    tags: ['untagged'],
  });
  seedRule({
    team: usersTeam(),
    resourceType: 'pipeline',
    privileges: ['create'],
    tags: ['untagged'],
  });
}

async function openPermissions(route = '/admin/permissions') {
  const app = renderApp(route);
  expect(await screen.findByRole('heading', { level: 1, name: 'Permissions' })).toBeInTheDocument();
  return app;
}

const rulesTable = (kind: 'clusters' | 'pipelines' = 'clusters') =>
  screen.findByRole('table', { name: `Rules for ${kind}` });

/** The rows of a rules table as "Rule N: text". */
function rowsOf(table: HTMLElement): string[] {
  return within(table)
    .getAllByRole('rowheader')
    .map((header) => `${header.textContent}: ${header.closest('tr')!.cells[2]!.textContent}`);
}

async function openBuilder(user: ReturnType<typeof renderApp>['user']) {
  await user.click(screen.getByRole('button', { name: 'Write a rule' }));
  return screen.findByRole('dialog', { name: 'Write a rule' });
}

async function chooseTeam(
  user: ReturnType<typeof renderApp>['user'],
  dialog: HTMLElement,
  name: string,
) {
  await user.type(within(dialog).getByRole('combobox', { name: 'Team' }), name);
  await user.click(await screen.findByRole('option', { name }));
}

describe('permissions: rules', () => {
  it('lists the rules of each kind as sentences, with their counts, implications and warnings', async () => {
    const qa = seedTeam('qa');
    seedDefaults();
    seedRule({
      team: refOf(qa),
      resourceType: 'cluster',
      privileges: ['update'],
      tags: ['staging', 'qa'],
      warnings: [
        {
          kind: 'team-without-members',
          message: 'Team qa has no members: this rule applies to nobody yet.',
        },
      ],
    });
    const { user, router } = await openPermissions();

    const table = await rulesTable();
    expect(rowsOf(table)).toEqual([
      'Rule 1: Team users can read, update clusters without tags.',
      'Rule 3: Team qa can update clusters tagged staging or qa.Also grants read, implied by update.Team qa has no members: this rule applies to nobody yet.',
    ]);
    expect(within(table).getByRole('note')).toHaveTextContent('Team qa has no members');
    expect(within(table).getByRole('button', { name: 'Edit rule 3' })).toBeInTheDocument();
    expect(within(table).getByRole('button', { name: 'Delete rule 3' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Clusters (2)' })).toHaveAttribute(
      'aria-selected',
      'true',
    );

    await user.click(screen.getByRole('tab', { name: 'Pipelines (1)' }));

    expect(rowsOf(await rulesTable('pipelines'))).toEqual([
      'Rule 2: Team users can create pipelines without tags.',
    ]);
    expect(router.state.location.search).toBe('?kind=pipeline');
  });

  it('paints the rules and both counts with the screen on a first load, however late they answer', async () => {
    seedDefaults();
    // Later than the screen's code: the check-access section below the rules must not move
    // when they arrive (layout shift), so the screen waits for them under the start-up spinner.
    server.use(
      http.get('/api/rules', async () => {
        await delay(1000);
      }),
    );
    await loadScreenCode(() => import('./permissions'));
    renderApp('/admin/permissions');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Permissions' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('table', { name: 'Rules for clusters' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Clusters (1)' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Pipelines (1)' })).toBeInTheDocument();
  });

  it('moves between the kinds with the arrow keys, Home and End, and chooses with Enter', async () => {
    seedDefaults();
    const { user, router } = await openPermissions();
    await rulesTable();
    const clusters = screen.getByRole('tab', { name: 'Clusters (1)' });
    const pipelines = screen.getByRole('tab', { name: 'Pipelines (1)' });
    expect(screen.getByRole('tablist', { name: 'Kind of resource' })).toContainElement(clusters);
    // One Tab stop: the chosen kind.
    expect(clusters).toHaveAttribute('tabindex', '0');
    expect(pipelines).toHaveAttribute('tabindex', '-1');
    expect(screen.getByRole('tabpanel')).toHaveAccessibleName('Clusters (1)');

    clusters.focus();
    await user.keyboard('{ArrowRight}');
    expect(pipelines).toHaveFocus();
    // Focus alone chooses nothing.
    expect(clusters).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowRight}');
    expect(clusters).toHaveFocus();
    await user.keyboard('{ArrowLeft}');
    expect(pipelines).toHaveFocus();
    await user.keyboard('{Home}');
    expect(clusters).toHaveFocus();
    await user.keyboard('{End}');
    expect(pipelines).toHaveFocus();
    await user.keyboard('{Enter}');

    expect(rowsOf(await rulesTable('pipelines'))).toEqual([
      'Rule 2: Team users can create pipelines without tags.',
    ]);
    expect(router.state.location.search).toBe('?kind=pipeline');
    const chosen = screen.getByRole('tab', { name: 'Pipelines (1)' });
    expect(chosen).toHaveAttribute('aria-selected', 'true');
    expect(chosen).toHaveAttribute('tabindex', '0');
    expect(screen.getByRole('tabpanel')).toHaveAccessibleName('Pipelines (1)');
  });

  it('filters by team, tag and privilege, keeping the filters in the address', async () => {
    const qa = seedTeam('qa');
    seedDefaults();
    seedRule({ team: refOf(qa), resourceType: 'cluster', privileges: ['read'], tags: ['staging'] });
    seedRule({ team: refOf(qa), resourceType: 'cluster', privileges: ['update'], tags: ['qa'] });
    const { user, router } = await openPermissions();
    await rulesTable();
    const filters = screen.getByRole('search', { name: 'Rules' });

    await user.type(within(filters).getByRole('combobox', { name: 'Team' }), 'qa');
    await user.click(await screen.findByRole('option', { name: 'qa' }));
    await waitFor(() => expect(router.state.location.search).toBe(`?teamId=${qa.id}`));
    await waitFor(async () => expect(rowsOf(await rulesTable())).toHaveLength(2));

    await user.selectOptions(
      within(filters).getByRole('combobox', { name: 'Privilege' }),
      'update',
    );
    await waitFor(async () =>
      expect(rowsOf(await rulesTable())).toEqual([
        'Rule 4: Team qa can update clusters tagged qa.Also grants read, implied by update.',
      ]),
    );
    expect(router.state.location.search).toBe(`?teamId=${qa.id}&privilege=update`);

    await user.type(within(filters).getByRole('combobox', { name: 'Tag' }), 'staging{Enter}');
    expect(
      await screen.findByText('No rule for clusters matches these filters.'),
    ).toBeInTheDocument();
    expect(router.state.location.search).toBe(`?teamId=${qa.id}&privilege=update&tag=staging`);

    await user.click(screen.getByRole('button', { name: 'Clear the filters' }));
    await waitFor(async () => expect(rowsOf(await rulesTable())).toHaveLength(3));
  });

  it('explains the defaults when there are no rules', async () => {
    await openPermissions();

    expect(await screen.findByText('No rules for clusters')).toBeInTheDocument();
    expect(
      screen.getByText(/A new account starts with a default rule that lets everyone/),
    ).toHaveTextContent('read and update clusters without tags');
  });
});

describe('permissions: rule builder', () => {
  it('writes a rule, showing the implied privileges, the sentence and the preview', async () => {
    const [katherine] = seedPeople('Katherine Johnson');
    seedTeam('qa', [katherine!]);
    db.clusters = [buildCluster({ name: 'staging-1', tags: ['staging'] })];
    const { user } = await openPermissions();
    await screen.findByText('No rules for clusters');

    const dialog = await openBuilder(user);
    expect(within(dialog).getByText(/The admins team is not offered/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('combobox', { name: 'Team' }));
    const options = await screen.findAllByRole('option');
    expect(options.map((option) => option.textContent)).toEqual(['qa', 'users']);
    await user.click(screen.getByRole('option', { name: 'qa' }));

    const privileges = within(dialog).getByRole('group', { name: 'Privileges' });
    expect(
      within(privileges).getByRole('checkbox', { name: 'create (administrators only)' }),
    ).toBeDisabled();
    expect(
      within(privileges).getByRole('checkbox', { name: 'delete (administrators only)' }),
    ).toBeDisabled();
    await user.click(within(privileges).getByRole('checkbox', { name: 'update' }));
    const read = within(privileges).getByRole('checkbox', { name: 'read' });
    expect(read).toBeChecked();
    expect(read).toHaveAccessibleDescription('implied by update');
    expect(privileges).toHaveTextContent('Also granted: read, implied by update');

    const tags = within(dialog).getByRole('combobox', { name: 'Tags' });
    await user.type(tags, 'stag');
    await user.click(await screen.findByRole('option', { name: /staging/ }));
    await user.type(tags, 'qa{Enter}');
    expect(within(dialog).getByRole('radiogroup', { name: 'Match' })).toBeInTheDocument();
    await user.click(within(dialog).getByRole('radio', { name: /All of these tags/ }));
    expect(within(dialog).getByRole('region', { name: 'The rule reads' })).toHaveTextContent(
      'Team qa can update clusters tagged both staging and qa.',
    );
    await user.click(within(dialog).getByRole('radio', { name: /Any of these tags/ }));

    await user.click(within(dialog).getByRole('button', { name: 'Preview and save' }));
    const preview = await screen.findByRole('dialog', { name: 'Save this rule?' });
    expect(preview).toHaveTextContent(
      'The new rule will read: Team qa can update clusters tagged staging or qa.',
    );
    expect(within(preview).getByRole('heading', { name: 'Who gains access' })).toBeInTheDocument();
    expect(preview).toHaveTextContent('Gives read, update on cluster staging-1 to 1 person');
    expect(preview).toHaveTextContent('People: Katherine Johnson');
    expect(within(preview).queryByRole('checkbox')).not.toBeInTheDocument();
    await user.click(within(preview).getByRole('button', { name: 'Save rule' }));

    expect(
      await screen.findByText('Rule 1 saved: Team qa can update clusters tagged staging or qa.'),
    ).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(rowsOf(await rulesTable())).toEqual([
      'Rule 1: Team qa can update clusters tagged staging or qa.Also grants read, implied by update.',
    ]);
    expect(db.rules[0]).toMatchObject({
      privileges: ['update'],
      tags: ['staging', 'qa'],
      tagMatch: 'any',
    });
  });

  it('keeps create in a rule of its own', async () => {
    const { user } = await openPermissions('/admin/permissions?kind=pipeline');
    await screen.findByText('No rules for pipelines');
    const dialog = await openBuilder(user);
    expect(within(dialog).getByRole('radio', { name: 'Pipelines' })).toBeChecked();
    const privileges = within(dialog).getByRole('group', { name: 'Privileges' });

    await user.click(within(privileges).getByRole('checkbox', { name: 'create' }));

    for (const name of ['read', 'update', 'delete', 'run', 'approve', 'debug']) {
      expect(within(privileges).getByRole('checkbox', { name })).toBeDisabled();
    }
    expect(privileges).toHaveTextContent('Create stands in a rule of its own');

    await user.click(within(privileges).getByRole('checkbox', { name: 'create' }));
    await user.click(within(privileges).getByRole('checkbox', { name: 'run' }));
    expect(within(privileges).getByRole('checkbox', { name: 'create' })).toBeDisabled();
  });

  it('checks the rule as it is built and before saving', async () => {
    seedTeam('qa');
    const { user } = await openPermissions();
    await screen.findByText('No rules for clusters');
    const dialog = await openBuilder(user);

    await user.click(within(dialog).getByRole('button', { name: 'Preview and save' }));
    expect(within(dialog).getByText('Choose a team.')).toBeInTheDocument();
    expect(within(dialog).getByText('Choose at least one privilege.')).toBeInTheDocument();
    expect(
      within(dialog).getByText('Choose at least one tag, or untagged, or *.'),
    ).toBeInTheDocument();

    const tags = within(dialog).getByRole('combobox', { name: 'Tags' });
    await user.type(tags, 'staging{Enter}');
    await user.click(tags);
    await user.click(await screen.findByRole('option', { name: /^untagged/ }));

    expect(
      within(dialog).getByText(
        'untagged: untagged stands alone in a rule: remove the other tags, or remove untagged.',
      ),
    ).toBeInTheDocument();
    expect(within(dialog).queryByRole('radiogroup', { name: 'Match' })).not.toBeInTheDocument();
    expect(db.rules).toEqual([]);
  });

  it("puts the server's refusal on the field it names", async () => {
    seedTeam('qa');
    server.use(
      http.post('/api/access/preview', ({ response }) =>
        response.untyped(
          problemResponse(422, 'Invalid input', {
            detail: 'There is no such team in this account.',
            errors: [{ path: 'rule.teamId', message: 'There is no such team in this account.' }],
          }),
        ),
      ),
    );
    const { user } = await openPermissions();
    await screen.findByText('No rules for clusters');
    const dialog = await openBuilder(user);
    await chooseTeam(user, dialog, 'qa');
    await user.click(within(dialog).getByRole('checkbox', { name: 'read' }));
    await user.type(within(dialog).getByRole('combobox', { name: 'Tags' }), 'staging{Enter}');

    await user.click(within(dialog).getByRole('button', { name: 'Preview and save' }));

    expect(
      await within(dialog).findByText('There is no such team in this account.'),
    ).toBeInTheDocument();
    expect(within(dialog).getByRole('combobox', { name: 'Team' })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(db.rules).toEqual([]);
  });

  it('edits a rule, keeping its kind, and asks before anyone loses access', async () => {
    const [katherine] = seedPeople('Katherine Johnson');
    const qa = seedTeam('qa', [katherine!]);
    db.clusters = [buildCluster({ name: 'staging-1', tags: ['staging'] })];
    seedRule({
      team: refOf(qa),
      resourceType: 'cluster',
      privileges: ['update'],
      tags: ['staging'],
    });
    const { user } = await openPermissions();

    await user.click(within(await rulesTable()).getByRole('button', { name: 'Edit rule 1' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit rule 1' });
    expect(within(dialog).getByRole('radio', { name: 'Clusters' })).toBeDisabled();
    expect(within(dialog).getByText(/A rule keeps its kind/)).toBeInTheDocument();
    expect(within(dialog).getByRole('combobox', { name: 'Team' })).toHaveValue('qa');

    await user.click(within(dialog).getByRole('checkbox', { name: 'update' }));
    await user.click(within(dialog).getByRole('checkbox', { name: 'read' }));
    await user.click(within(dialog).getByRole('button', { name: 'Preview and save' }));

    const preview = await screen.findByRole('dialog', { name: 'Save rule 1?' });
    expect(within(preview).getByRole('heading', { name: 'Who loses access' })).toBeInTheDocument();
    expect(preview).toHaveTextContent(
      'Removes update on cluster staging-1 from 1 person, who had it through rule 1 of team qa.',
    );
    const save = within(preview).getByRole('button', { name: 'Save rule' });
    expect(save).toBeDisabled();
    await user.click(
      within(preview).getByRole('checkbox', {
        name: 'I understand that 1 person will lose access',
      }),
    );
    await user.click(save);

    expect(
      await screen.findByText('Rule 1 saved: Team qa can read clusters tagged staging.'),
    ).toBeInTheDocument();
    expect(db.rules[0]).toMatchObject({ number: 1, privileges: ['read'] });
  });
});

describe('permissions: links', () => {
  it('opens the rule a link names in the builder, and forgets it on closing', async () => {
    const qa = seedTeam('qa');
    const rule = seedRule({
      team: refOf(qa),
      resourceType: 'pipeline',
      privileges: ['run'],
      tags: ['staging'],
    });
    const { user, router } = await openPermissions(`/admin/permissions?rule=${rule.id}`);

    const dialog = await screen.findByRole('dialog', { name: `Edit rule ${rule.number}` });
    expect(within(dialog).getByRole('radio', { name: 'Pipelines' })).toBeChecked();
    expect(within(dialog).getByRole('checkbox', { name: 'run' })).toBeChecked();

    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(router.state.location.search).toBe('');
  });
});

describe('permissions: delete', () => {
  it('deletes a rule after a confirmation that says who loses access', async () => {
    seedPeople('Katherine Johnson');
    db.clusters = [buildCluster({ name: 'dev-1', tags: [] })];
    seedDefaults();
    const { user } = await openPermissions();

    await user.click(within(await rulesTable()).getByRole('button', { name: 'Delete rule 1' }));
    let dialog = await screen.findByRole('dialog', { name: 'Delete rule 1?' });
    expect(dialog).toHaveTextContent(
      'Rule 1 says: Team users can read, update clusters without tags.',
    );
    expect(dialog).toHaveTextContent('Removes read, update on cluster dev-1 from 2 people');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(db.rules).toHaveLength(2);

    await user.click(within(await rulesTable()).getByRole('button', { name: 'Delete rule 1' }));
    dialog = await screen.findByRole('dialog', { name: 'Delete rule 1?' });
    await user.click(
      within(dialog).getByRole('checkbox', { name: 'I understand that 2 people will lose access' }),
    );
    await user.click(within(dialog).getByRole('button', { name: 'Delete rule' }));

    expect(await screen.findByText('Rule 1 deleted')).toBeInTheDocument();
    expect(await screen.findByText('No rules for clusters')).toBeInTheDocument();
    expect(db.rules.map((rule) => rule.number)).toEqual([2]);
  });
});

describe('permissions: after a team is deleted', () => {
  it('no longer shows the rules that were deleted with the team', async () => {
    const qa = seedTeam('qa');
    seedDefaults();
    seedRule({ team: refOf(qa), resourceType: 'cluster', privileges: ['read'], tags: ['staging'] });
    const { user } = await openPermissions();
    expect(rowsOf(await rulesTable())).toEqual([
      'Rule 1: Team users can read, update clusters without tags.',
      'Rule 3: Team qa can read clusters tagged staging.',
    ]);

    const navigation = () => screen.getByRole('navigation', { name: 'Main navigation' });
    await user.click(within(navigation()).getByRole('link', { name: 'Teams' }));
    await user.click(await screen.findByRole('link', { name: 'qa' }));
    await user.click(await screen.findByRole('button', { name: 'Delete team' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete team qa?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete team' }));
    expect(await screen.findByText('Team qa deleted')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    await user.click(within(navigation()).getByRole('link', { name: 'Permissions' }));

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Permissions' }),
    ).toBeInTheDocument();
    await waitFor(async () =>
      expect(rowsOf(await rulesTable())).toEqual([
        'Rule 1: Team users can read, update clusters without tags.',
      ]),
    );
    expect(screen.getByRole('tab', { name: 'Clusters (1)' })).toBeInTheDocument();
  });
});

/** The pickers' suggestions, whatever the mock API of the resource screens does. */
function answerPickers() {
  server.use(
    http.get('/api/clusters', ({ response }) =>
      response(200).json({ items: db.clusters, total: db.clusters.length, page: 1, pageSize: 10 }),
    ),
    http.get('/api/pipelines', ({ response }) =>
      response(200).json({
        items: db.pipelines,
        total: db.pipelines.length,
        page: 1,
        pageSize: 10,
      }),
    ),
  );
}

describe('permissions: check access', () => {
  it('says whether a person may take a privilege on a resource, and why', async () => {
    const [katherine] = seedPeople('Katherine Johnson');
    const qa = seedTeam('qa', [katherine!]);
    db.clusters = [buildCluster({ name: 'staging-1', tags: ['staging'] })];
    db.pipelines = [buildPipeline({ name: 'deploy', project: 'payments', tags: ['payments'] })];
    seedRule({
      team: refOf(qa),
      resourceType: 'cluster',
      privileges: ['update'],
      tags: ['staging'],
    });
    answerPickers();
    const { user } = await openPermissions();
    const section = screen.getByRole('region', { name: 'Check access' });

    await user.type(within(section).getByRole('combobox', { name: 'Person' }), 'kath');
    await user.click(await screen.findByRole('option', { name: /Katherine Johnson/ }));
    await user.click(within(section).getByRole('combobox', { name: 'Cluster' }));
    await user.click(await screen.findByRole('option', { name: /staging-1/ }));

    let answer = await within(section).findByRole('status', { name: 'Answer' });
    expect(answer).toHaveTextContent('Yes');
    expect(answer).toHaveTextContent(
      'Yes: Katherine Johnson can read cluster staging-1 through rule 1 of team qa (staging).',
    );
    expect(answer).toHaveTextContent(
      'Read, implied by update through rule 1 of team qa, through the tag staging.',
    );

    await user.selectOptions(within(section).getByRole('combobox', { name: 'Kind' }), 'pipeline');
    await user.click(within(section).getByRole('combobox', { name: 'Pipeline' }));
    await user.click(await screen.findByRole('option', { name: /payments\/deploy/ }));
    await user.selectOptions(within(section).getByRole('combobox', { name: 'Privilege' }), 'run');

    await waitFor(() =>
      expect(within(section).getByRole('status', { name: 'Answer' })).toHaveTextContent(
        'No: Katherine Johnson cannot run pipeline payments/deploy.',
      ),
    );
    answer = within(section).getByRole('status', { name: 'Answer' });
    expect(answer).toHaveTextContent('No rule grants run on pipeline payments/deploy to anyone.');
  });

  it('says that cluster delete stays with administrators, whatever the rules say', async () => {
    const [katherine] = seedPeople('Katherine Johnson');
    const qa = seedTeam('qa', [katherine!]);
    db.clusters = [buildCluster({ name: 'staging-1', tags: ['staging'] })];
    seedRule({
      team: refOf(qa),
      resourceType: 'cluster',
      privileges: ['update'],
      tags: ['staging'],
    });
    answerPickers();
    const { user } = await openPermissions();
    const section = screen.getByRole('region', { name: 'Check access' });

    await user.type(within(section).getByRole('combobox', { name: 'Person' }), 'kath');
    await user.click(await screen.findByRole('option', { name: /Katherine Johnson/ }));
    await user.click(within(section).getByRole('combobox', { name: 'Cluster' }));
    await user.click(await screen.findByRole('option', { name: /staging-1/ }));
    await user.selectOptions(
      within(section).getByRole('combobox', { name: 'Privilege' }),
      'delete',
    );

    await waitFor(() =>
      expect(within(section).getByRole('status', { name: 'Answer' })).toHaveTextContent(
        'No: Katherine Johnson cannot delete cluster staging-1.',
      ),
    );
    expect(within(section).getByRole('status', { name: 'Answer' })).toHaveTextContent(
      'Cluster delete stays with administrators whatever the rules say.',
    );
  });

  it('opens on the resource a resource page links with', async () => {
    const cluster = buildCluster({ name: 'prod-eu', tags: ['production'] });
    db.clusters = [cluster];
    server.use(http.get('/api/clusters/{id}', ({ response }) => response(200).json(cluster)));
    await openPermissions(`/admin/permissions?explainType=cluster&explainResource=${cluster.id}`);
    const section = screen.getByRole('region', { name: 'Check access' });

    await waitFor(() =>
      expect(within(section).getByRole('combobox', { name: 'Cluster' })).toHaveValue('prod-eu'),
    );
  });
});

describe('permissions: teams, notes, sorting and CSV (issue 20)', () => {
  const teamsOf = (table: HTMLElement) =>
    within(table)
      .getAllByRole('rowheader')
      .map((header) => `${header.textContent} ${header.closest('tr')!.cells[1]!.textContent}`);

  function seedSortable() {
    const qa = seedTeam('qa');
    const ops = seedTeam('ops');
    seedRule({
      team: refOf(qa),
      resourceType: 'cluster',
      privileges: ['read'],
      tags: ['staging'],
      updatedAt: '2026-03-01T09:00:00.000Z',
      note: `QA reads staging (ticket OPS-12). ${'Kept while the release train needs it. '.repeat(5)}`,
    });
    seedRule({
      team: refOf(ops),
      resourceType: 'cluster',
      privileges: ['update'],
      tags: ['production'],
      updatedAt: '2026-03-05T09:00:00.000Z',
    });
    seedRule({
      team: usersTeam(),
      resourceType: 'cluster',
      privileges: ['read'],
      tags: ['untagged'],
      updatedAt: '2026-03-03T09:00:00.000Z',
      note: 'The default.',
    });
    return { qa, ops };
  }

  it("shows each rule's team (a link to it), its note and when it last changed", async () => {
    const { qa } = seedSortable();
    const { user } = await openPermissions();
    const table = await rulesTable();

    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual(['Rule', 'Team', 'What it grants', 'Last changed', 'Actions']);
    expect(teamsOf(table)).toEqual(['Rule 1 qa', 'Rule 2 ops', 'Rule 3 users']);
    expect(within(table).getByRole('link', { name: 'qa' })).toHaveAttribute(
      'href',
      `/admin/teams/${qa.id}`,
    );
    const first = within(table).getByRole('rowheader', { name: 'Rule 1' }).closest('tr')!;
    expect(first).toHaveTextContent('Note: QA reads staging (ticket OPS-12).');
    // A long note is cut to two lines, its whole text still in the page, with a way to see it.
    const more = within(first).getByRole('button', { name: 'Show the whole note' });
    expect(more).toHaveAttribute('aria-expanded', 'false');
    await user.click(more);
    expect(within(first).getByRole('button', { name: 'Show less' })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
    // A short one is shown whole.
    const third = within(table).getByRole('rowheader', { name: 'Rule 3' }).closest('tr')!;
    expect(third).toHaveTextContent('Note: The default.');
    expect(within(third).queryByRole('button', { name: /whole note/ })).not.toBeInTheDocument();
  });

  it('sorts by team and by last change from the column headers, on the server, in the address', async () => {
    seedSortable();
    const { user, router } = await openPermissions();
    let table = await rulesTable();
    const header = (name: string) => within(table).getByRole('columnheader', { name });
    expect(header('Rule')).toHaveAttribute('aria-sort', 'ascending');
    expect(header('Team')).not.toHaveAttribute('aria-sort');

    await user.click(within(header('Team')).getByRole('button', { name: 'Team' }));
    await waitFor(() => expect(router.state.location.search).toBe('?sort=team'));
    table = await rulesTable();
    await waitFor(() =>
      expect(teamsOf(table)).toEqual(['Rule 2 ops', 'Rule 1 qa', 'Rule 3 users']),
    );
    expect(header('Team')).toHaveAttribute('aria-sort', 'ascending');
    expect(header('Rule')).not.toHaveAttribute('aria-sort');

    await user.click(within(header('Team')).getByRole('button', { name: 'Team' }));
    await waitFor(() => expect(router.state.location.search).toBe('?sort=-team'));
    await waitFor(() =>
      expect(teamsOf(table)).toEqual(['Rule 3 users', 'Rule 1 qa', 'Rule 2 ops']),
    );
    expect(header('Team')).toHaveAttribute('aria-sort', 'descending');

    await user.click(within(header('Last changed')).getByRole('button', { name: 'Last changed' }));
    await user.click(within(header('Last changed')).getByRole('button', { name: 'Last changed' }));
    await waitFor(() => expect(router.state.location.search).toBe('?sort=-updatedAt'));
    await waitFor(() =>
      expect(teamsOf(table)).toEqual(['Rule 2 ops', 'Rule 3 users', 'Rule 1 qa']),
    );
  });

  it('ignores a sort in the address that the server does not know', async () => {
    seedSortable();
    const requests: string[] = [];
    server.events.on('request:start', ({ request }) => {
      const url = new URL(request.url);
      if (url.pathname === '/api/rules') requests.push(url.searchParams.get('sort') ?? '');
    });
    await openPermissions('/admin/permissions?sort=password');
    const table = await rulesTable();
    expect(teamsOf(table)).toEqual(['Rule 1 qa', 'Rule 2 ops', 'Rule 3 users']);
    expect(requests.every((sort) => sort === '')).toBe(true);
  });

  it('downloads the rules as filtered and sorted now as CSV', async () => {
    const { qa } = seedSortable();
    const downloads = recordDownloads('/api/rules');
    const { user } = await openPermissions(`/admin/permissions?teamId=${qa.id}&sort=-team&page=1`);
    await rulesTable();

    await user.click(screen.getByRole('button', { name: 'Download CSV' }));

    expect(
      await screen.findByText('Downloaded perimeter-rules-2026-03-02.csv'),
    ).toBeInTheDocument();
    // The filters and the sort, and no paging: the server sends every matching rule.
    expect(downloads.requests).toEqual([
      { query: { resourceType: 'cluster', teamId: qa.id, sort: '-team' }, accept: 'text/csv' },
    ]);
    expect(downloads.saved).toEqual(['perimeter-rules-2026-03-02.csv']);
    const lines = (await downloads.text()).split('\r\n');
    expect(lines[0]).toBe('number,team,kind,privileges,tags,match,note,lastChanged');
    expect(lines.slice(1, -1)).toEqual([
      expect.stringMatching(/^1,qa,cluster,read,staging,any,QA reads staging/),
    ]);
  });

  it('says why a download failed, and offers none when there is nothing to download', async () => {
    seedSortable();
    server.use(
      http.get('/api/rules', ({ request, response }) => {
        if (request.headers.get('Accept') === 'text/csv') {
          return response.untyped(problemResponse(503, 'Service Unavailable'));
        }
        const kind = new URL(request.url).searchParams.get('resourceType');
        const items = db.rules.filter((rule) => rule.resourceType === kind);
        return response(200).json({ items, total: items.length, page: 1, pageSize: 20 });
      }),
    );
    const { user } = await openPermissions();
    await rulesTable();
    await user.click(screen.getByRole('button', { name: 'Download CSV' }));
    expect(
      await screen.findByText(/^The rules list was not downloaded: Perimeter could not complete/),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('tab', { name: /Pipelines/ }));
    await screen.findByText('No rules for pipelines');
    expect(screen.queryByRole('button', { name: 'Download CSV' })).not.toBeInTheDocument();
  });
});

describe('permissions: rule notes in the builder (issue 20)', () => {
  it('saves a note trimmed', async () => {
    seedTeam('qa');
    const { user } = await openPermissions();
    await screen.findByText('No rules for clusters');

    const dialog = await openBuilder(user);
    await chooseTeam(user, dialog, 'qa');
    await user.click(
      within(within(dialog).getByRole('group', { name: 'Privileges' })).getByRole('checkbox', {
        name: 'read',
      }),
    );
    await user.type(within(dialog).getByRole('combobox', { name: 'Tags' }), 'staging{Enter}');
    const note = within(dialog).getByRole('textbox', { name: 'Note (optional)' });
    expect(note).toHaveAccessibleDescription(/Why this rule exists/);
    await user.click(note);
    await user.paste('  Until the audit in June.  ');
    await user.click(within(dialog).getByRole('button', { name: 'Preview and save' }));
    await user.click(
      within(await screen.findByRole('dialog', { name: 'Save this rule?' })).getByRole('button', {
        name: 'Save rule',
      }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(db.rules[0]).toMatchObject({ note: 'Until the audit in June.' });
    expect(await rulesTable()).toHaveTextContent('Note: Until the audit in June.');
  });

  it('clears a note when it is emptied', async () => {
    const qa = seedTeam('qa');
    seedRule({
      team: refOf(qa),
      resourceType: 'cluster',
      privileges: ['read'],
      tags: ['staging'],
      note: 'Until the audit in June.',
    });
    const { user } = await openPermissions();
    await rulesTable();

    await user.click(screen.getByRole('button', { name: 'Edit rule 1' }));
    const edit = await screen.findByRole('dialog', { name: 'Edit rule 1' });
    const editNote = within(edit).getByRole('textbox', { name: 'Note (optional)' });
    expect(editNote).toHaveValue('Until the audit in June.');
    await user.clear(editNote);
    await user.click(within(edit).getByRole('button', { name: 'Preview and save' }));
    await user.click(
      within(await screen.findByRole('dialog', { name: 'Save rule 1?' })).getByRole('button', {
        name: 'Save rule',
      }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(db.rules[0]!.note).toBeNull();
    await waitFor(async () => expect(await rulesTable()).not.toHaveTextContent('Note:'));
  });

  it('says when a note is too long, before sending anything', async () => {
    seedTeam('qa');
    const posts = recordBodies('POST', '/api/rules');
    const { user } = await openPermissions();
    await screen.findByText('No rules for clusters');
    const dialog = await openBuilder(user);
    await chooseTeam(user, dialog, 'qa');
    await user.click(
      within(within(dialog).getByRole('group', { name: 'Privileges' })).getByRole('checkbox', {
        name: 'read',
      }),
    );
    await user.type(within(dialog).getByRole('combobox', { name: 'Tags' }), 'staging{Enter}');
    await user.click(within(dialog).getByRole('textbox', { name: 'Note (optional)' }));
    await user.paste('x'.repeat(501));
    await user.click(within(dialog).getByRole('button', { name: 'Preview and save' }));

    expect(
      await within(dialog).findByText('Keep the note to at most 500 characters.'),
    ).toBeInTheDocument();
    expect(within(dialog).getByRole('textbox', { name: 'Note (optional)' })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(posts).toEqual([]);
  });
});

describe('permissions: check access for a person (issue 20)', () => {
  it('opens with the person a People row links with already chosen', async () => {
    const [katherine] = seedPeople('Katherine Johnson');
    const qa = seedTeam('qa', [katherine!]);
    db.clusters = [buildCluster({ name: 'staging-1', tags: ['staging'] })];
    seedRule({ team: refOf(qa), resourceType: 'cluster', privileges: ['read'], tags: ['staging'] });
    answerPickers();
    const { user } = await openPermissions(
      `/admin/permissions?explainPerson=${katherine!.id}#check-access`,
    );
    const section = screen.getByRole('region', { name: 'Check access' });
    await waitFor(() =>
      expect(within(section).getByRole('combobox', { name: 'Person' })).toHaveValue(
        'Katherine Johnson',
      ),
    );

    await user.click(within(section).getByRole('combobox', { name: 'Cluster' }));
    await user.click(await screen.findByRole('option', { name: /staging-1/ }));
    expect(await within(section).findByRole('status', { name: 'Answer' })).toHaveTextContent(
      'Yes: Katherine Johnson can read cluster staging-1 through rule 1 of team qa (staging).',
    );
  });

  it.each([
    ['not an id, not asked about', 'not-an-id', 0],
    ['an id of nobody in the account', '00000000-0000-4000-8000-000000000000', 1],
  ])('starts with nobody chosen when the address names %s', async (_what, id, asks) => {
    seedPeople('Katherine Johnson');
    const asked: string[] = [];
    server.events.on('request:start', ({ request }) => {
      const path = new URL(request.url).pathname;
      if (path.startsWith('/api/users/')) asked.push(path);
    });
    await openPermissions(`/admin/permissions?explainPerson=${id}`);
    const section = screen.getByRole('region', { name: 'Check access' });
    await waitFor(() => expect(asked).toHaveLength(asks));
    expect(within(section).getByRole('combobox', { name: 'Person' })).toHaveValue('');
    expect(section).toHaveTextContent('Choose a person and a cluster');
  });
});
