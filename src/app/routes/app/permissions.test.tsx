import { screen, waitFor, within } from '@testing-library/react';
import { delay } from 'msw';
import { describe, expect, it } from 'vitest';
import type { RuleWithWarnings } from '@contract/access';
import type { Team } from '@contract/teams';
import type { User } from '@contract/users';
import { db } from '@/testing/mocks/db';
import { buildCluster, buildPerson, buildPipeline, buildTeam } from '@/testing/mocks/factories';
import { seedRule } from '@/testing/mocks/handlers/access';
import { http } from '@/testing/mocks/http';
import { problemResponse } from '@/testing/mocks/problems';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

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
    .map((header) => `${header.textContent}: ${header.closest('tr')!.cells[1]!.textContent}`);
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
