import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { db } from '@/testing/mocks/db';
import { buildMe, buildPerson, buildTeam, buildUser } from '@/testing/mocks/factories';
import { http } from '@/testing/mocks/http';
import { problemResponse } from '@/testing/mocks/problems';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

async function openTeams(route = '/admin/teams') {
  const app = renderApp(route);
  expect(await screen.findByRole('heading', { level: 1, name: 'Teams' })).toBeInTheDocument();
  return app;
}

const teamsTable = () => screen.findByRole('table', { name: 'Teams' });

/** The cells of the table's rows, by row header: `{ users: ['2'], admins: ['1'] }`. */
function rowsOf(table: HTMLElement) {
  return Object.fromEntries(
    within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => [
        within(row).getByRole('link').textContent,
        within(row)
          .getAllByRole('cell')
          .map((cell) => cell.textContent),
      ]),
  );
}

describe('teams: list', () => {
  it('lists the built-in teams with their member counts, marked as built in', async () => {
    db.people = [...db.people, buildPerson({ name: 'Alan Turing', level: 'administrator' })];
    await openTeams();

    const table = await teamsTable();
    expect(rowsOf(table)).toEqual({ admins: ['2'], users: ['3'] });
    const users = within(table).getByRole('rowheader', { name: /^users/ });
    expect(within(users).getByText('Built-in')).toBeInTheDocument();
    expect(within(users).getByRole('link', { name: 'users' })).toHaveAccessibleDescription(
      /users holds everyone in the account and admins every administrator/,
    );
  });

  it('links each team to its page', async () => {
    const qa = buildTeam({ name: 'qa' });
    db.teams = [...db.teams, qa];
    const { user, router } = await openTeams();

    await user.click(within(await teamsTable()).getByRole('link', { name: 'qa' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'qa' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe(`/admin/teams/${qa.id}`);
  });

  it('searches by name, keeping the search in the address', async () => {
    db.teams = [...db.teams, buildTeam({ name: 'team-payments' }), buildTeam({ name: 'qa' })];
    const { user, router } = await openTeams();
    await teamsTable();

    await user.type(screen.getByRole('searchbox', { name: 'Search teams' }), 'pay');

    await waitFor(() => expect(router.state.location.search).toBe('?q=pay'));
    await waitFor(() =>
      expect(rowsOf(screen.getByRole('table'))).toEqual({ 'team-payments': ['0'] }),
    );
  });

  it('opens with the search of the address, and says when nothing matches', async () => {
    await openTeams('/admin/teams?q=nothing-like-this');

    expect(await screen.findByText('No team matches “nothing-like-this”.')).toBeInTheDocument();
    expect(screen.getByRole('searchbox', { name: 'Search teams' })).toHaveValue(
      'nothing-like-this',
    );
  });

  it('sorts by member count', async () => {
    const big = buildTeam({ name: 'big' });
    db.teams = [...db.teams, big];
    db.members[big.id] = db.people.map((person) => person.id);
    db.people = [...db.people, buildPerson(), buildPerson()];
    const { user, router } = await openTeams();
    const table = await teamsTable();

    await user.click(within(table).getByRole('button', { name: 'Members' }));
    await waitFor(() => expect(router.state.location.search).toBe('?sort=memberCount'));
    await waitFor(() =>
      expect(Object.keys(rowsOf(screen.getByRole('table')))).toEqual(['admins', 'big', 'users']),
    );

    await user.click(within(screen.getByRole('table')).getByRole('button', { name: 'Members' }));
    await waitFor(() =>
      expect(Object.keys(rowsOf(screen.getByRole('table')))).toEqual(['users', 'big', 'admins']),
    );
    expect(
      within(screen.getByRole('table')).getByRole('columnheader', { name: /Members/ }),
    ).toHaveAttribute('aria-sort', 'descending');
  });
});

describe('teams: create', () => {
  it('creates a team and opens its page', async () => {
    const { user, router } = await openTeams();

    await user.click(screen.getByRole('button', { name: 'Create team' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create a team' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Team name' }), 'release-managers');
    await user.click(within(dialog).getByRole('button', { name: 'Create team' }));

    expect(
      await screen.findByRole('heading', { level: 1, name: 'release-managers' }),
    ).toBeInTheDocument();
    const created = db.teams.find((team) => team.name === 'release-managers');
    expect(created).toBeDefined();
    expect(router.state.location.pathname).toBe(`/admin/teams/${created!.id}`);
    expect(await screen.findByText('Team release-managers created')).toBeInTheDocument();
  });

  it('checks the name as it is typed', async () => {
    const { user } = await openTeams();
    await user.click(screen.getByRole('button', { name: 'Create team' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create a team' });
    const field = within(dialog).getByRole('textbox', { name: 'Team name' });

    await user.type(field, 'release managers');
    expect(
      await within(dialog).findByText(
        'Team names have no spaces: use hyphens, as in release-managers.',
      ),
    ).toBeInTheDocument();
    expect(field).toHaveAttribute('aria-invalid', 'true');

    await user.clear(field);
    await user.type(field, 'QA');
    expect(await within(dialog).findByText('Use lowercase letters only.')).toBeInTheDocument();

    await user.clear(field);
    await user.type(field, 'qa');
    await waitFor(() => expect(field).toHaveAttribute('aria-invalid', 'false'));
    expect(
      within(dialog).getByText('Lowercase letters, digits and hyphens, such as team-payments.'),
    ).toBeInTheDocument();
  });

  it("puts the server's refusal of a taken name on the field", async () => {
    db.teams = [...db.teams, buildTeam({ name: 'qa' })];
    const { user } = await openTeams();
    await user.click(screen.getByRole('button', { name: 'Create team' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create a team' });
    const field = within(dialog).getByRole('textbox', { name: 'Team name' });

    await user.type(field, 'qa');
    await user.click(within(dialog).getByRole('button', { name: 'Create team' }));

    expect(await within(dialog).findByText('A team named qa already exists.')).toBeInTheDocument();
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field).toHaveFocus();
    expect(db.teams.filter((team) => team.name === 'qa')).toHaveLength(1);
  });

  it('closes without creating anything when cancelled', async () => {
    const { user } = await openTeams();
    await user.click(screen.getByRole('button', { name: 'Create team' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create a team' });

    await user.type(within(dialog).getByRole('textbox', { name: 'Team name' }), 'qa');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(db.teams).toHaveLength(2);
  });

  it('shows a refusal that names no field above the form', async () => {
    server.use(
      http.post('/api/teams', ({ response }) =>
        response.untyped(
          problemResponse(403, 'Forbidden', {
            detail: 'Creating teams needs the Enterprise plan.',
            code: 'plan-required',
          }),
        ),
      ),
    );
    const { user } = await openTeams();
    await user.click(screen.getByRole('button', { name: 'Create team' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create a team' });

    await user.type(within(dialog).getByRole('textbox', { name: 'Team name' }), 'qa');
    await user.click(within(dialog).getByRole('button', { name: 'Create team' }));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Creating teams needs the Enterprise plan.',
    );
    expect(db.teams).toHaveLength(2);
  });

  it('disables creating on a plan without it, and says why beside the button', async () => {
    db.person = buildMe({ account: { ...db.person.account, plan: 'pro' } });
    await openTeams();

    const button = screen.getByRole('button', { name: 'Create team' });
    expect(button).toBeDisabled();
    const reason =
      'Creating teams needs the Enterprise plan; this account is on the Pro plan, which has the built-in teams users and admins only.';
    expect(button).toHaveAccessibleDescription(reason);
    expect(screen.getByText(reason)).toBeVisible();
  });
});

describe('teams: access', () => {
  it('tells a person with user level that the Teams screen is for administrators', async () => {
    db.person = buildUser();
    renderApp('/admin/teams');

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Administrators only' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/The Teams screen belongs to the account's administration/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'Teams' })).not.toBeInTheDocument();
  });
});
