import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Team } from '@contract/teams';
import type { User } from '@contract/users';
import { db } from '@/testing/mocks/db';
import { buildPerson, buildSsoProvider, buildTeam } from '@/testing/mocks/factories';
import { seedRule } from '@/testing/mocks/handlers/access';
import { http } from '@/testing/mocks/http';
import { problemResponse } from '@/testing/mocks/problems';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

/** A team that is not built in, with `members` in it. */
function seedTeam(name: string, members: User[] = []): Team {
  const team = buildTeam({ name });
  db.teams = [...db.teams, team];
  db.members[team.id] = members.map((person) => person.id);
  return team;
}

function seedPeople(...names: string[]): User[] {
  const people = names.map((name) =>
    buildPerson({ name, email: `${name.split(' ')[0]!.toLowerCase()}@example.com` }),
  );
  db.people = [...db.people, ...people];
  return people;
}

async function openTeam(team: Pick<Team, 'id' | 'name'>) {
  const app = renderApp(`/admin/teams/${team.id}`);
  expect(await screen.findByRole('heading', { level: 1, name: team.name })).toBeInTheDocument();
  return app;
}

const membersTable = (team: Pick<Team, 'name'>) =>
  screen.findByRole('table', { name: `Members of ${team.name}` });

const memberNames = (table: HTMLElement) =>
  within(table)
    .queryAllByRole('rowheader')
    .map((cell) => cell.textContent);

/** The query strings of the `GET /api/users` requests made from now on. */
function recordUserSearches(): URLSearchParams[] {
  const searches: URLSearchParams[] = [];
  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    if (request.method === 'GET' && url.pathname === '/api/users') searches.push(url.searchParams);
  });
  return searches;
}

describe('team: page', () => {
  it('shows the team with its members, sorted by name', async () => {
    const [alan, katherine] = seedPeople('Alan Turing', 'Katherine Johnson');
    const qa = seedTeam('qa', [katherine!, alan!]);
    await openTeam(qa);

    const table = await membersTable(qa);
    expect(memberNames(table)).toEqual(['Alan Turing', 'Katherine Johnson']);
    const row = within(table).getByRole('rowheader', { name: 'Alan Turing' }).closest('tr')!;
    expect(within(row).getByRole('cell', { name: 'alan@example.com' })).toBeInTheDocument();
    expect(within(row).getByRole('cell', { name: 'User' })).toBeInTheDocument();
    expect(screen.getByText('2 members')).toBeInTheDocument();
    const breadcrumb = screen.getByRole('navigation', { name: 'Breadcrumb' });
    expect(within(breadcrumb).getByRole('link', { name: 'Teams' })).toHaveAttribute(
      'href',
      '/admin/teams',
    );
    expect(document.title).toBe('qa · Perimeter');
  });

  it('searches the members, keeping the search in the address', async () => {
    const [alan, katherine] = seedPeople('Alan Turing', 'Katherine Johnson');
    const qa = seedTeam('qa', [alan!, katherine!]);
    const { user, router } = await openTeam(qa);
    await membersTable(qa);

    await user.type(screen.getByRole('searchbox', { name: 'Search members' }), 'kath');

    await waitFor(() => expect(router.state.location.search).toBe('?q=kath'));
    await waitFor(async () =>
      expect(memberNames(await membersTable(qa))).toEqual(['Katherine Johnson']),
    );
  });

  it('says when the team has no members yet', async () => {
    const qa = seedTeam('qa');
    await openTeam(qa);

    expect(await screen.findByText('qa has no members yet.')).toBeInTheDocument();
  });

  it('says there is no such team, with a way back to the teams', async () => {
    const { user, router } = renderApp('/admin/teams/00000000-0000-4000-8000-999999999999');

    expect(
      await screen.findByRole('heading', { level: 1, name: 'No such team' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/There is no team at this address/)).toBeInTheDocument();

    await user.click(screen.getByRole('link', { name: 'Go to Teams' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Teams' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/admin/teams');
  });

  it('offers to try again when the team cannot be loaded', async () => {
    const qa = seedTeam('qa');
    server.use(
      http.get('/api/teams/{id}', ({ response }) =>
        response.untyped(problemResponse(503, 'Service Unavailable', { requestId: 'req-7' })),
      ),
    );
    const { user } = renderApp(`/admin/teams/${qa.id}`);

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The team could not be loaded. Perimeter could not complete the request (reference req-7).',
    );
    server.resetHandlers();
    await user.click(screen.getByRole('button', { name: 'Try again' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'qa' })).toBeInTheDocument();
  });
});

describe('team: rename', () => {
  it('renames the team, checking the name as it is typed', async () => {
    const qa = seedTeam('qa');
    const { user } = await openTeam(qa);
    const field = screen.getByRole('textbox', { name: 'Team name' });
    const rename = screen.getByRole('button', { name: 'Rename' });
    expect(field).toHaveValue('qa');
    expect(rename).toBeDisabled();

    await user.clear(field);
    await user.type(field, 'Quality assurance');
    expect(await screen.findByText(/Team names have no spaces/)).toBeInTheDocument();

    await user.clear(field);
    await user.type(field, 'quality-assurance');
    await user.click(rename);

    expect(
      await screen.findByRole('heading', { level: 1, name: 'quality-assurance' }),
    ).toBeInTheDocument();
    expect(await screen.findByText('Team renamed to quality-assurance')).toBeInTheDocument();
    expect(db.teams.find((team) => team.id === qa.id)?.name).toBe('quality-assurance');
    expect(field).toHaveValue('quality-assurance');
    expect(screen.getByRole('button', { name: 'Rename' })).toBeDisabled();
  });

  it("puts the server's refusal of a taken name on the field", async () => {
    seedTeam('payments');
    const qa = seedTeam('qa');
    const { user } = await openTeam(qa);
    const field = screen.getByRole('textbox', { name: 'Team name' });

    await user.clear(field);
    await user.type(field, 'payments');
    await user.click(screen.getByRole('button', { name: 'Rename' }));

    expect(await screen.findByText('A team named payments already exists.')).toBeInTheDocument();
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('heading', { level: 1, name: 'qa' })).toBeInTheDocument();
  });
});

describe('team: members', () => {
  it('adds two people found by searching the server as one types', async () => {
    // More people than one page of suggestions, so a name has to be searched for.
    seedPeople(...Array.from({ length: 12 }, (_, index) => `Aaron Filler ${index + 1}`));
    const [alan, katherine] = seedPeople('Alan Turing', 'Katherine Johnson');
    const qa = seedTeam('qa');
    const searches = recordUserSearches();
    const { user } = await openTeam(qa);
    const picker = screen.getByRole('combobox', { name: 'Add people' });

    await user.type(picker, 'turing');
    await user.click(await screen.findByRole('option', { name: /Alan Turing/ }));
    await user.type(picker, 'kath');
    const option = await screen.findByRole('option', { name: /Katherine Johnson/ });
    expect(option).toHaveTextContent('katherine@example.com');
    await user.click(option);
    await user.click(screen.getByRole('button', { name: 'Add' }));

    expect(
      await screen.findByText('Added Alan Turing and Katherine Johnson to qa'),
    ).toBeInTheDocument();
    expect(db.members[qa.id]).toEqual([alan!.id, katherine!.id]);
    await waitFor(async () =>
      expect(memberNames(await membersTable(qa))).toEqual(['Alan Turing', 'Katherine Johnson']),
    );
    // Asked the server, a page of suggestions at a time, with what was typed.
    const suggestionSearches = searches.filter((search) => search.get('pageSize') === '10');
    expect(suggestionSearches.map((search) => search.get('q'))).toEqual(
      expect.arrayContaining(['turing', 'kath']),
    );
    expect(suggestionSearches.every((search) => search.get('teamId') === null)).toBe(true);
    // The picker is empty again, ready for the next people.
    expect(within(picker.closest('form')!).queryByText('Alan Turing')).not.toBeInTheDocument();
  });

  it('shows people already in the team as such, and does not let them be picked', async () => {
    const [alan] = seedPeople('Alan Turing');
    const qa = seedTeam('qa', [alan!]);
    const { user } = await openTeam(qa);

    await user.type(screen.getByRole('combobox', { name: 'Add people' }), 'alan');
    const option = await screen.findByRole('option', { name: /Alan Turing/ });

    expect(option).toHaveTextContent('already in qa');
    expect(option).toHaveAttribute('aria-disabled', 'true');
  });

  it('asks for someone before adding', async () => {
    const qa = seedTeam('qa');
    const { user } = await openTeam(qa);

    await user.click(screen.getByRole('button', { name: 'Add' }));

    expect(await screen.findByText('Choose at least one person to add.')).toBeInTheDocument();
  });

  it('removes a member at once, and Undo puts them back', async () => {
    const [alan, katherine] = seedPeople('Alan Turing', 'Katherine Johnson');
    const qa = seedTeam('qa', [alan!, katherine!]);
    const { user } = await openTeam(qa);
    await membersTable(qa);

    await user.click(screen.getByRole('button', { name: 'Remove Alan Turing from qa' }));

    expect(await screen.findByText('Alan Turing removed from qa')).toBeInTheDocument();
    expect(db.members[qa.id]).toEqual([katherine!.id]);
    await waitFor(async () =>
      expect(memberNames(await membersTable(qa))).toEqual(['Katherine Johnson']),
    );
    expect(screen.getByRole('heading', { level: 2, name: 'Members' })).toHaveFocus();

    await user.click(screen.getByRole('button', { name: 'Undo' }));

    expect(await screen.findByText('Alan Turing is back in qa')).toBeInTheDocument();
    expect(db.members[qa.id]).toEqual([katherine!.id, alan!.id]);
    await waitFor(async () =>
      expect(memberNames(await membersTable(qa))).toEqual(['Alan Turing', 'Katherine Johnson']),
    );
  });

  it('says so when a member cannot be removed, and keeps them listed', async () => {
    const [alan] = seedPeople('Alan Turing');
    const qa = seedTeam('qa', [alan!]);
    server.use(
      http.patch('/api/teams/{id}', ({ response }) =>
        response.untyped(problemResponse(503, 'Service Unavailable', { requestId: 'req-9' })),
      ),
    );
    const { user } = await openTeam(qa);
    await membersTable(qa);

    await user.click(screen.getByRole('button', { name: 'Remove Alan Turing from qa' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Alan Turing not removed from qa: Perimeter could not complete the request (reference req-9).',
    );
    expect(memberNames(await membersTable(qa))).toEqual(['Alan Turing']);
    expect(db.members[qa.id]).toEqual([alan!.id]);
  });
});

describe('team: delete', () => {
  it('deletes the team after a confirmation that names it, and returns to the teams', async () => {
    const [alan] = seedPeople('Alan Turing');
    const qa = seedTeam('qa', [alan!]);
    const { user, router } = await openTeam(qa);

    await user.click(screen.getByRole('button', { name: 'Delete team' }));
    let dialog = await screen.findByRole('dialog', { name: 'Delete team qa?' });
    expect(dialog).toHaveTextContent(
      'Its one member stays in the account and keeps their other teams',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(db.teams.some((team) => team.id === qa.id)).toBe(true);

    await user.click(screen.getByRole('button', { name: 'Delete team' }));
    dialog = await screen.findByRole('dialog', { name: 'Delete team qa?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete team' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Teams' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/admin/teams');
    expect(await screen.findByText('Team qa deleted')).toBeInTheDocument();
    expect(db.teams.some((team) => team.id === qa.id)).toBe(false);
    expect(db.people.some((person) => person.id === alan!.id)).toBe(true);
    expect(screen.queryByRole('link', { name: 'qa' })).not.toBeInTheDocument();
  });
});

describe('team: delete with rules', () => {
  it('lists the access rules that are deleted with the team', async () => {
    const qa = seedTeam('qa');
    const team = { id: qa.id, name: 'qa', builtIn: false };
    seedRule({ team, resourceType: 'cluster', privileges: ['read'], tags: ['staging'] });
    seedRule({ team, resourceType: 'pipeline', privileges: ['run'], tags: ['qa', 'staging'] });
    seedRule({ resourceType: 'cluster', privileges: ['read'], tags: ['untagged'] });
    const { user } = await openTeam(qa);

    await user.click(screen.getByRole('button', { name: 'Delete team' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete team qa?' });

    expect(
      await within(dialog).findByText(/These 2 access rules are deleted with it/),
    ).toBeInTheDocument();
    const rules = within(dialog).getByRole('list', { name: 'Rules of qa' });
    expect(
      within(rules)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      'Rule 1: Team qa can read clusters tagged staging.',
      'Rule 2: Team qa can run pipelines tagged qa or staging.',
    ]);
  });

  it('says when no rule is written for the team', async () => {
    const qa = seedTeam('qa');
    const { user } = await openTeam(qa);

    await user.click(screen.getByRole('button', { name: 'Delete team' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete team qa?' });

    expect(
      await within(dialog).findByText('No access rule is written for qa.'),
    ).toBeInTheDocument();
  });
});

describe('team: built-in', () => {
  it('shows a built-in team read-only, explaining where its members come from', async () => {
    const users = db.teams.find((team) => team.name === 'users')!;
    const { user, router } = await openTeam(users);

    const table = await membersTable(users);
    expect(memberNames(table)).toEqual(['Ada Lovelace', 'Grace Hopper']);
    expect(screen.getByText(/Everyone in the account is a member/)).toBeInTheDocument();
    expect(screen.getByText('Built-in')).toBeInTheDocument();
    for (const name of ['Rename', 'Delete team', 'Add']) {
      expect(screen.queryByRole('button', { name })).not.toBeInTheDocument();
    }
    expect(screen.queryByRole('textbox', { name: 'Team name' })).not.toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: 'Add people' })).not.toBeInTheDocument();
    expect(within(table).queryByRole('button', { name: /^Remove/ })).not.toBeInTheDocument();

    await user.click(screen.getByRole('link', { name: 'People screen' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/admin/people'));
  });

  it('lists every administrator in admins', async () => {
    seedPeople('Alan Turing');
    const admins = db.teams.find((team) => team.name === 'admins')!;
    await openTeam(admins);

    expect(memberNames(await membersTable(admins))).toEqual(['Ada Lovelace']);
    expect(screen.getByText(/Every administrator is a member/)).toBeInTheDocument();
  });
});

describe('team: managed by an SSO provider', () => {
  it('says its members follow identity-provider groups and offers no way to change them', async () => {
    const [alan] = seedPeople('Alan Turing');
    const platform = seedTeam('platform', [alan!]);
    const mapping = { group: 'engineers', teamId: platform.id, teamName: 'platform' };
    db.ssoProviders = [
      buildSsoProvider({ name: 'Okta', groupMappings: [mapping] }),
      buildSsoProvider({ name: 'Corporate directory', type: 'ldap', groupMappings: [mapping] }),
    ];
    await openTeam(platform);

    expect(screen.getByText('Synced from Corporate directory and Okta')).toBeInTheDocument();
    const members = screen.getByRole('region', { name: 'Members' });
    expect(
      await within(members).findByText(
        /^Members follow groups in Corporate directory and Okta \(group mappings\)/,
      ),
    ).toBeInTheDocument();
    expect(within(members).getByRole('link', { name: 'Account settings' })).toHaveAttribute(
      'href',
      '/admin/account',
    );
    // No way to add people, and removing is held, with the reason read out with the button.
    expect(within(members).queryByRole('combobox', { name: 'Add people' })).not.toBeInTheDocument();
    expect(within(members).queryByRole('button', { name: 'Add' })).not.toBeInTheDocument();
    const table = await membersTable(platform);
    const remove = within(table).getByRole('button', { name: 'Remove Alan Turing from platform' });
    expect(remove).toBeDisabled();
    expect(remove).toHaveAccessibleDescription(/^Members follow groups in Corporate directory/);
  });

  it('marks the teams synced from a provider in the list of teams', async () => {
    const platform = seedTeam('platform');
    seedTeam('payments');
    db.ssoProviders = [
      buildSsoProvider({
        name: 'Okta',
        groupMappings: [{ group: 'engineers', teamId: platform.id, teamName: 'platform' }],
      }),
    ];
    renderApp('/admin/teams');

    const platformRow = (await screen.findByRole('rowheader', { name: /^platform/ })).closest(
      'tr',
    )!;
    expect(platformRow).toHaveTextContent('Synced from Okta');
    const paymentsRow = screen.getByRole('rowheader', { name: /^payments/ }).closest('tr')!;
    expect(paymentsRow).not.toHaveTextContent('Synced from');
  });
});
