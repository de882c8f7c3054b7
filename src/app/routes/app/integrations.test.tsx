import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { db } from '@/testing/mocks/db';
import {
  buildGitProvider,
  buildPipeline,
  buildRegistry,
  buildTrigger,
  buildUser,
} from '@/testing/mocks/factories';
import { http } from '@/testing/mocks/http';
import { problemResponse } from '@/testing/mocks/problems';
import { server } from '@/testing/mocks/server';
import { recordBodies } from '@/testing/record-bodies';
import { renderApp } from '@/testing/test-utils';

async function openIntegrations(query = '') {
  const app = renderApp(`/admin/integrations${query}`);
  expect(
    await screen.findByRole('heading', { level: 1, name: 'Integrations' }),
  ).toBeInTheDocument();
  return app;
}

afterEach(() => server.events.removeAllListeners());

/** The table row whose header cell is `name`. */
const row = async (name: string) => (await screen.findByRole('rowheader', { name })).closest('tr')!;

describe('integrations: git providers', () => {
  it('lists the git providers with where they live, their credentials and their last test', async () => {
    db.gitProviders = [
      buildGitProvider({
        name: 'corp-gitlab',
        baseUrl: 'https://gitlab.corp.example',
        lastTest: {
          ok: false,
          detail: 'The credentials were refused (401).',
          at: '2026-03-02T10:00:00.000Z',
        },
      }),
      buildGitProvider({
        name: 'github',
        kind: 'github',
        baseUrl: 'https://api.github.com',
        onPremise: false,
        credentialsSet: false,
      }),
    ];
    await openIntegrations();

    expect(screen.getByRole('tab', { name: 'Git providers', selected: true })).toBeInTheDocument();
    const table = await screen.findByRole('table', { name: 'Git providers' });
    const gitlab = await row('corp-gitlab');
    expect(gitlab).toHaveTextContent('GitLab');
    expect(gitlab).toHaveTextContent('https://gitlab.corp.example');
    expect(gitlab).toHaveTextContent('On premise');
    expect(gitlab).toHaveTextContent('Set');
    expect(gitlab).toHaveTextContent(/Failed: The credentials were refused \(401\)\./);
    const github = await row('github');
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(github).toHaveTextContent('Cloud');
    expect(github).toHaveTextContent('Not set');
    expect(github).toHaveTextContent('Never tested');
  });

  it('says what to add when there is nothing yet', async () => {
    await openIntegrations();
    expect(await screen.findByText('No git providers yet.')).toBeInTheDocument();
  });

  it('offers to try again when the list cannot be loaded', async () => {
    server.use(
      http.get('/api/git-providers', ({ response }) =>
        response.untyped(problemResponse(500, 'Internal Server Error', { requestId: 'req-9' })),
      ),
    );
    await openIntegrations();
    expect(await screen.findByText('The git providers could not be loaded.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('adds a git provider with credentials, which are sent once and then only shown as set', async () => {
    db.gitProviders = [buildGitProvider({ name: 'corp-gitlab' })];
    const bodies = recordBodies('POST', '/api/git-providers');
    const { user } = await openIntegrations();

    await user.click(await screen.findByRole('button', { name: 'Add git provider' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add git provider' });
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Kind' }), 'gitlab');
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'corp-gitlab');
    expect(dialog).toHaveTextContent('git: corp-gitlab');
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Base URL' }),
      'https://gitlab.internal.example',
    );
    await user.type(within(dialog).getByLabelText('Access token'), 'glpat-secret');
    // The behind-the-firewall choice appears only for providers on premise.
    expect(within(dialog).queryByRole('switch', { name: 'Behind the firewall' })).toBeNull();
    await user.click(within(dialog).getByRole('switch', { name: 'On premise' }));
    const behind = within(dialog).getByRole('switch', { name: 'Behind the firewall' });
    expect(behind).toHaveAccessibleDescription(/cannot reach a provider behind your firewall/);
    await user.click(behind);
    await user.click(within(dialog).getByRole('button', { name: 'Add git provider' }));

    // The server's answer lands on the field it names.
    expect(
      await within(dialog).findByText('A git provider named corp-gitlab already exists.'),
    ).toBeInTheDocument();
    expect(within(dialog).getByRole('textbox', { name: 'Name' })).toHaveAccessibleDescription(
      'A git provider named corp-gitlab already exists.',
    );
    const name = within(dialog).getByRole('textbox', { name: 'Name' });
    await user.clear(name);
    await user.type(name, 'dc-gitlab');
    await user.click(within(dialog).getByRole('button', { name: 'Add git provider' }));

    expect(await screen.findByText('Git provider dc-gitlab added')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(bodies.at(-1)).toEqual({
      name: 'dc-gitlab',
      kind: 'gitlab',
      baseUrl: 'https://gitlab.internal.example',
      credentials: { token: 'glpat-secret' },
      onPremise: true,
      behindFirewall: true,
    });
    const added = await row('dc-gitlab');
    expect(added).toHaveTextContent('On premise, behind the firewall');
    expect(added).toHaveTextContent('Set');
    expect(added).not.toHaveTextContent('glpat-secret');
  });

  it('checks the form before sending: a server address is needed for kinds other than GitHub', async () => {
    const bodies = recordBodies('POST', '/api/git-providers');
    const { user } = await openIntegrations();
    await user.click(await screen.findByRole('button', { name: 'Add git provider' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add git provider' });
    await user.selectOptions(
      within(dialog).getByRole('combobox', { name: 'Kind' }),
      'bitbucket-server',
    );
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'bitbucket');
    await user.click(within(dialog).getByRole('button', { name: 'Add git provider' }));

    expect(
      await within(dialog).findByText('Enter the address of the Bitbucket Server server.'),
    ).toBeInTheDocument();
    expect(bodies).toEqual([]);
  });

  it('keeps the credentials when they are left empty, and asks for them again with a new address', async () => {
    const provider = buildGitProvider({
      name: 'corp-gitlab',
      baseUrl: 'https://gitlab.corp.example',
    });
    db.gitProviders = [provider];
    db.integrationCredentials[provider.id] = { token: 'old-token' };
    const bodies = recordBodies('PATCH', '/api/git-providers');
    const { user } = await openIntegrations();

    await user.click(await screen.findByRole('button', { name: 'Edit corp-gitlab' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit git provider corp-gitlab' });
    const token = within(dialog).getByLabelText('Access token');
    expect(token).toHaveValue('');
    expect(token).toHaveAccessibleDescription(/^Set — leave empty to keep it/);
    const baseUrl = within(dialog).getByRole('textbox', { name: 'Base URL' });
    await user.clear(baseUrl);
    await user.type(baseUrl, 'https://git.corp.example');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));

    expect(
      await within(dialog).findByText(/Give the credentials again when the address changes/),
    ).toBeInTheDocument();
    expect(bodies).toEqual([]);

    await user.type(token, 'new-token');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Git provider corp-gitlab saved')).toBeInTheDocument();
    expect(bodies).toEqual([
      {
        name: 'corp-gitlab',
        kind: 'gitlab',
        baseUrl: 'https://git.corp.example',
        credentials: { token: 'new-token' },
        onPremise: true,
        behindFirewall: false,
      },
    ]);
    expect(db.integrationCredentials[provider.id]).toEqual({ token: 'new-token' });
  });

  it('disables the connection test of a provider behind the firewall and says why; tests the others', async () => {
    db.gitProviders = [
      buildGitProvider({ name: 'dc-gitlab', behindFirewall: true }),
      buildGitProvider({ name: 'corp-gitlab', baseUrl: 'https://gitlab.corp.example' }),
    ];
    const { user } = await openIntegrations();

    const blocked = await screen.findByRole('button', { name: 'Test connection to dc-gitlab' });
    expect(blocked).toBeDisabled();
    expect(blocked).toHaveAccessibleDescription(
      'The platform cannot reach a provider behind your firewall; the runner inside your network uses it.',
    );

    await user.click(screen.getByRole('button', { name: 'Test connection to corp-gitlab' }));
    expect(await screen.findByRole('status')).toHaveTextContent(
      'The connection to corp-gitlab works: Reached gitlab.corp.example; the credentials were accepted.',
    );
    expect(await row('corp-gitlab')).toHaveTextContent(/Connected: Reached gitlab\.corp\.example/);
  });

  it('shows a failed test in its row alone: the sentence for screen readers is not printed above the table', async () => {
    db.gitProviders = [
      buildGitProvider({ name: 'corp-gitlab', baseUrl: 'https://gitlab.invalid' }),
    ];
    const { user } = await openIntegrations();

    await user.click(await screen.findByRole('button', { name: 'Test connection to corp-gitlab' }));
    const status = screen.getByRole('status');
    await waitFor(() => expect(status).toHaveTextContent('The connection to corp-gitlab failed:'));
    expect(await row('corp-gitlab')).toHaveTextContent(/Failed:/);
    // Clipped to a pixel, like every text meant for screen readers only.
    expect(status).toHaveStyle({ position: 'absolute', width: '1px', height: '1px' });
  });

  it('says in a toast when a connection test cannot be run at all', async () => {
    db.gitProviders = [buildGitProvider({ name: 'corp-gitlab' })];
    server.use(
      http.post('/api/git-providers/{id}/test', ({ response }) =>
        response.untyped(problemResponse(500, 'Internal Server Error', { requestId: 'req-7' })),
      ),
    );
    const { user } = await openIntegrations();

    await user.click(await screen.findByRole('button', { name: 'Test connection to corp-gitlab' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The git provider corp-gitlab could not be tested:',
    );
  });

  it('lists the pipelines that use a provider before deleting it with their triggers', async () => {
    const provider = buildGitProvider({ name: 'corp-gitlab' });
    const pipeline = buildPipeline({ name: 'api', project: 'shop' });
    db.gitProviders = [provider];
    db.pipelines = [pipeline];
    db.triggers = [
      buildTrigger({
        pipelineId: pipeline.id,
        repository: 'acme/api',
        gitProvider: {
          id: provider.id,
          name: provider.name,
          kind: 'gitlab',
          behindFirewall: false,
        },
      }),
    ];
    const deletes: string[] = [];
    server.events.on('request:start', ({ request }) => {
      if (request.method === 'DELETE') deletes.push(new URL(request.url).search);
    });
    const { user } = await openIntegrations();

    await user.click(await screen.findByRole('button', { name: 'Delete corp-gitlab' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete git provider corp-gitlab?' });
    const list = await within(dialog).findByRole('list', {
      name: 'Pipelines that use corp-gitlab',
    });
    expect(within(list).getByRole('link', { name: 'shop/api' })).toHaveAttribute(
      'href',
      `/pipelines/${pipeline.id}`,
    );
    expect(list).toHaveTextContent('trigger on acme/api');
    expect(dialog).toHaveTextContent('1 pipeline uses corp-gitlab');
    expect(dialog).toHaveTextContent('deletes their triggers on it');
    await user.click(within(dialog).getByRole('button', { name: 'Delete with its triggers' }));

    expect(await screen.findByText('Git provider corp-gitlab deleted')).toBeInTheDocument();
    expect(deletes).toEqual(['?force=true']);
    expect(db.gitProviders).toEqual([]);
    expect(db.triggers).toEqual([]);
  });

  it('asks plainly before deleting a provider no pipeline uses', async () => {
    db.gitProviders = [buildGitProvider({ name: 'spare' })];
    const { user } = await openIntegrations();

    await user.click(await screen.findByRole('button', { name: 'Delete spare' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete git provider spare?' });
    expect(await within(dialog).findByText(/No pipeline uses/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));

    expect(await screen.findByText('Git provider spare deleted')).toBeInTheDocument();
    expect(await screen.findByText('No git providers yet.')).toBeInTheDocument();
  });
});

describe('integrations: container registries', () => {
  it('opens the registries tab from the URL and adds one, its password write-only', async () => {
    db.registries = [
      buildRegistry({ name: 'hub', domain: 'registry.example.com', behindFirewall: true }),
    ];
    const bodies = recordBodies('POST', '/api/registries');
    const { user, router } = await openIntegrations('?tab=registries');

    expect(
      screen.getByRole('tab', { name: 'Container registries', selected: true }),
    ).toBeInTheDocument();
    const hub = await row('hub');
    expect(hub).toHaveTextContent('Behind the firewall');
    expect(
      screen.getByRole('button', { name: 'Test connection to hub' }),
    ).toHaveAccessibleDescription(
      'The platform cannot reach a registry behind your firewall; the runner inside your network uses it.',
    );

    await user.click(screen.getByRole('button', { name: 'Add registry' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add registry' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'corp');
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Domain' }),
      'https://corp.example',
    );
    await user.type(within(dialog).getByRole('textbox', { name: 'Username' }), 'ci');
    await user.type(within(dialog).getByLabelText('Password or token'), 's3cret');
    await user.click(within(dialog).getByRole('button', { name: 'Add registry' }));
    expect(
      await within(dialog).findByText('Enter the domain alone, without http:// or https://.'),
    ).toBeInTheDocument();

    const domain = within(dialog).getByRole('textbox', { name: 'Domain' });
    await user.clear(domain);
    await user.type(domain, 'corp.example:5000');
    await user.click(within(dialog).getByRole('button', { name: 'Add registry' }));
    expect(await screen.findByText('Registry corp added')).toBeInTheDocument();
    expect(bodies).toEqual([
      {
        name: 'corp',
        domain: 'corp.example:5000',
        credentials: { username: 'ci', password: 's3cret' },
        behindFirewall: false,
      },
    ]);
    expect(await row('corp')).toHaveTextContent('Set');

    await user.click(screen.getByRole('tab', { name: 'Git providers' }));
    expect(router.state.location.search).toBe('');
    expect(await screen.findByText('No git providers yet.')).toBeInTheDocument();
  });
});

describe('integrations: people who are not administrators', () => {
  it('are told that the screen is for administrators', async () => {
    db.person = buildUser();
    renderApp('/admin/integrations');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Administrators only' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/The Integrations screen belongs/)).toBeInTheDocument();
  });
});
