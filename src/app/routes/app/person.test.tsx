import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { User } from '@contract/users';
import { db } from '@/testing/mocks/db';
import { buildCluster, buildPerson, buildPipeline, buildTeam } from '@/testing/mocks/factories';
import { seedRule } from '@/testing/mocks/handlers/access';
import { renderApp } from '@/testing/test-utils';

/** Alan, in qa, which reads and runs pipelines tagged staging; ops updates prod. */
function seedScene() {
  const qa = buildTeam({ name: 'qa' });
  const ops = buildTeam({ name: 'ops' });
  const alan = buildPerson({
    name: 'Alan Turing',
    email: 'alan@example.com',
    teams: [{ id: qa.id, name: 'qa', builtIn: false }],
  });
  db.teams = [...db.teams, qa, ops];
  db.members[qa.id] = [alan.id];
  db.people = [...db.people, alan];
  const qaRef = { id: qa.id, name: 'qa', builtIn: false };
  const read = seedRule({
    team: qaRef,
    resourceType: 'pipeline',
    privileges: ['read'],
    tags: ['staging'],
  });
  seedRule({ team: qaRef, resourceType: 'pipeline', privileges: ['run'], tags: ['staging'] });
  seedRule({
    team: { id: ops.id, name: 'ops', builtIn: false },
    resourceType: 'pipeline',
    privileges: ['update'],
    tags: ['prod'],
  });
  db.pipelines = [
    buildPipeline({ name: 'deploy', project: 'payments', tags: ['staging'] }),
    buildPipeline({ name: 'release', project: 'payments', tags: ['prod'] }),
    buildPipeline({ name: 'build', project: 'web', tags: ['staging', 'web'] }),
  ];
  db.clusters = [buildCluster({ name: 'eu-1', tags: ['prod'] })];
  return { alan, qa, ops, read };
}

async function openPerson(person: Pick<User, 'id' | 'name'>) {
  const app = renderApp(`/admin/people/${person.id}`);
  expect(await screen.findByRole('heading', { level: 1, name: person.name })).toBeInTheDocument();
  return app;
}

const rowsOf = (table: HTMLElement) =>
  within(table)
    .getAllByRole('rowheader')
    .map((cell) => cell.querySelector('a')!.textContent);

const matrixRows = async (name: RegExp) => rowsOf(await screen.findByRole('table', { name }));

/** The rows once they are `expected` (a new answer replaces the previous one). */
const expectRows = (name: RegExp, expected: string[]) =>
  waitFor(() => expect(rowsOf(screen.getByRole('table', { name }))).toEqual(expected));

/** The mark in a row's column, found by the row's resource and the column's position. */
function cell(resource: string, column: number): HTMLElement {
  const row = screen.getByRole('link', { name: resource }).closest('tr')!;
  return within(row).getAllByRole('cell')[column]!.querySelector<HTMLElement>('[tabindex="0"]')!;
}

describe('person: effective permissions', () => {
  it('shows the pipelines they hold a privilege on, each mark saying held with its rule on focus', async () => {
    const { alan, read } = seedScene();
    await openPerson(alan);

    expect(screen.getByRole('heading', { level: 2, name: 'Effective permissions' })).toBeVisible();
    expect(await matrixRows(/What Alan Turing holds on pipelines/)).toEqual([
      'web/build',
      'payments/deploy',
    ]);
    const table = screen.getByRole('table', { name: /pipelines/ });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((header) => header.textContent),
    ).toEqual(['Pipeline', 'Read', 'Update', 'Delete', 'Run', 'Approve', 'Debug']);

    // Not colour alone: the words are there for everyone who cannot see the tick.
    const readMark = cell('payments/deploy', 0);
    expect(readMark).toHaveTextContent('Held');
    expect(cell('payments/deploy', 1)).toHaveTextContent('Not held');

    // Keyboard focus opens the reason, which is also the mark's description.
    readMark.focus();
    const tooltip = await screen.findByRole('tooltip');
    expect(tooltip).toHaveTextContent(
      `Held through rule ${read.number}: ${read.sentence} 1 more rule grants it too.`,
    );
    await waitFor(() => expect(readMark).toHaveAccessibleDescription(tooltip.textContent));
    readMark.blur();
  });

  it('searches, lists everything when asked, and switches to clusters', async () => {
    const { alan } = seedScene();
    const { user } = await openPerson(alan);
    await matrixRows(/pipelines/);

    await user.click(screen.getByRole('switch', { name: 'Only where a privilege is held' }));
    await expectRows(/pipelines/, ['web/build', 'payments/deploy', 'payments/release']);
    expect(cell('payments/release', 2)).toHaveTextContent('Not held');

    await user.type(screen.getByRole('searchbox', { name: 'Search pipelines' }), 'rel{Enter}');
    await expectRows(/pipelines/, ['payments/release']);

    // The search stays with the other tab.
    await user.click(screen.getByRole('tab', { name: 'Clusters' }));
    expect(await screen.findByText('No cluster matches this search.')).toBeVisible();
    await user.clear(screen.getByRole('searchbox', { name: 'Search clusters' }));
    await user.keyboard('{Enter}');
    await expectRows(/clusters/, ['eu-1']);
    expect(cell('eu-1', 2)).toHaveTextContent('Not held');
  });

  it('says an administrator holds everything', async () => {
    seedScene();
    const ada = buildPerson({ name: 'Ada Lovelace', level: 'administrator' });
    db.people = [...db.people, ada];
    const { user } = await openPerson(ada);
    expect(screen.getByText(/Ada Lovelace is an administrator/)).toBeVisible();
    await matrixRows(/pipelines/);
    const mark = cell('payments/release', 3);
    expect(mark).toHaveTextContent('Held');
    await user.hover(mark);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      /Ada Lovelace is an administrator/,
    );
  });

  it('is reached from the People list, and says when there is no such person', async () => {
    const { alan } = seedScene();
    const { user } = renderApp('/admin/people');
    await user.click(await screen.findByRole('link', { name: 'Alan Turing' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Alan Turing' }),
    ).toBeInTheDocument();
    expect(screen.getByText(alan.email)).toBeVisible();

    renderApp('/admin/people/00000000-0000-4000-8000-000000000000');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'No such person' }),
    ).toBeInTheDocument();
  });
});

describe('team: what this team grants', () => {
  it('lists the team’s rules and the matrix of what they grant', async () => {
    const { ops } = seedScene();
    renderApp(`/admin/teams/${ops.id}`);
    expect(
      await screen.findByRole('heading', { level: 2, name: 'What this team grants' }),
    ).toBeVisible();
    const rules = await screen.findByRole('list', { name: 'Rules written for ops' });
    expect(within(rules).getAllByRole('listitem')).toHaveLength(1);
    expect(rules).toHaveTextContent('Team ops can update pipelines tagged prod');
    expect(await matrixRows(/What this team grants on pipelines/)).toEqual(['payments/release']);
    // Update implies read.
    expect(cell('payments/release', 0)).toHaveTextContent('Held');
    expect(cell('payments/release', 3)).toHaveTextContent('Not held');
  });
});
