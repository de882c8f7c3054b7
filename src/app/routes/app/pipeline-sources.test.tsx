import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { sourceDisabledReason } from '@contract/pipeline-sources';
import { db } from '@/testing/mocks/db';
import { buildGitProvider, buildPipeline, buildUser } from '@/testing/mocks/factories';
import { http } from '@/testing/mocks/http';
import { problemResponse } from '@/testing/mocks/problems';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

const SOURCES = '/api/settings/pipeline-sources';

async function openSources() {
  const app = renderApp('/admin/pipeline-sources');
  expect(
    await screen.findByRole('heading', { level: 1, name: 'Pipeline sources' }),
  ).toBeInTheDocument();
  await screen.findByRole('switch', { name: 'Inline editor' });
  return app;
}

const sourceSwitch = (name: 'Inline editor' | 'File in a git repository' | 'Public URL') =>
  screen.getByRole('switch', { name });

/** The JSON bodies of `PUT /api/settings/pipeline-sources`. */
function recordSaves(): unknown[] {
  const bodies: unknown[] = [];
  server.events.on('request:start', ({ request }) => {
    if (request.method !== 'PUT' || new URL(request.url).pathname !== SOURCES) return;
    void request
      .clone()
      .json()
      .then((body: unknown) => bodies.push(body));
  });
  return bodies;
}

/** Inline pipelines `payments/inline-01`… and one pipeline whose definition is in git. */
function seedPipelines(inline: number) {
  const provider = buildGitProvider({ name: 'corp-gitlab' });
  db.gitProviders = [provider];
  db.pipelines = [
    ...Array.from({ length: inline }, (_, index) =>
      buildPipeline({ name: `inline-${String(index + 1).padStart(2, '0')}` }),
    ),
    buildPipeline({
      name: 'from-git',
      project: 'shop',
      source: {
        type: 'git',
        gitProviderId: provider.id,
        gitProviderName: provider.name,
        repository: 'acme/shop',
        branch: 'main',
        path: 'codefresh.yml',
      },
    }),
  ];
}

afterEach(() => server.events.removeAllListeners());

describe('pipeline sources', () => {
  it('shows the three switches, how many pipelines use each source, and that nobody changed them', async () => {
    seedPipelines(2);
    await openSources();

    expect(sourceSwitch('Inline editor')).toBeChecked();
    expect(sourceSwitch('Inline editor')).toHaveAccessibleDescription(
      /2 pipelines take their definition from the inline editor\./,
    );
    expect(sourceSwitch('File in a git repository')).toHaveAccessibleDescription(
      /1 pipeline takes its definition from a file in a git repository\./,
    );
    expect(sourceSwitch('Public URL')).toHaveAccessibleDescription(
      /No pipeline takes its definition from a public URL\./,
    );
    expect(screen.getByText('Last changed by').nextElementSibling).toHaveTextContent(
      'Nobody yet: every source is allowed, as by default.',
    );
  });

  it('links to the restrictions of each git provider, which narrow git definitions further', async () => {
    const gitlab = buildGitProvider({ name: 'corp-gitlab' });
    const github = buildGitProvider({ name: 'github' });
    db.gitProviders = [gitlab, github];
    await openSources();

    const restrictions = screen.getByRole('region', { name: 'Restrictions of git definitions' });
    expect(
      await within(restrictions).findByRole('link', { name: 'Restrictions of corp-gitlab' }),
    ).toHaveAttribute('href', `/admin/integrations/git-providers/${gitlab.id}/restrictions`);
    expect(
      within(restrictions).getByRole('link', { name: 'Restrictions of github' }),
    ).toHaveAttribute('href', `/admin/integrations/git-providers/${github.id}/restrictions`);
  });

  it('says where to add a git provider when there is none to restrict', async () => {
    db.gitProviders = [];
    await openSources();

    const restrictions = screen.getByRole('region', { name: 'Restrictions of git definitions' });
    expect(await within(restrictions).findByText(/No git providers yet/)).toBeInTheDocument();
    expect(within(restrictions).getByRole('link', { name: 'Integrations' })).toHaveAttribute(
      'href',
      '/admin/integrations',
    );
  });

  it('asks before turning inline definitions off, listing the pipelines it stops, then saves and says who changed it', async () => {
    seedPipelines(12);
    const saves = recordSaves();
    const { user } = await openSources();

    await user.click(sourceSwitch('Inline editor'));
    const dialog = await screen.findByRole('dialog', { name: 'Turn off inline definitions?' });
    expect(await within(dialog).findByText(/This stops 12 pipelines from running/)).toBeVisible();
    const listed = within(within(dialog).getByRole('list', { name: 'Pipelines it stops' }))
      .getAllByRole('link')
      .map((link) => [link.textContent, link.getAttribute('href')]);
    expect(listed).toHaveLength(10);
    const first = db.pipelines[0]!;
    expect(listed[0]).toEqual(['payments/inline-01', `/pipelines/${first.id}`]);
    expect(within(dialog).getByText('and 2 more.')).toBeVisible();
    // Nothing is saved while the administrator reads, and the switch (behind the modal) says on.
    expect(saves).toEqual([]);
    expect(screen.getByRole('switch', { name: 'Inline editor', hidden: true })).toBeChecked();

    await user.click(within(dialog).getByRole('button', { name: 'Turn off' }));
    await waitFor(() => expect(sourceSwitch('Inline editor')).not.toBeChecked());
    expect(saves).toEqual([{ inline: false, git: true, url: true }]);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(sourceSwitch('Inline editor')).toHaveAccessibleDescription(
      /12 pipelines take their definition from the inline editor; they do not run while this is off\./,
    );
    expect(screen.getByText('Last changed by').nextElementSibling).toHaveTextContent(
      /^Ada Lovelace, /,
    );
    // What the pipelines now say on their Run button.
    expect(db.pipelines[0]!.runnable.reason).toBe(sourceDisabledReason('inline'));
  });

  it('changes nothing when the administrator cancels', async () => {
    seedPipelines(1);
    const saves = recordSaves();
    const { user } = await openSources();

    await user.click(sourceSwitch('Inline editor'));
    const dialog = await screen.findByRole('dialog', { name: 'Turn off inline definitions?' });
    expect(await within(dialog).findByRole('link', { name: 'payments/inline-01' })).toBeVisible();
    expect(within(dialog).getByText(/This stops 1 pipeline from running/)).toBeVisible();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(sourceSwitch('Inline editor')).toBeChecked();
    expect(saves).toEqual([]);
    expect(db.person.account.pipelineSources.inline).toBe(true);
  });

  it('says when turning a source off stops no pipeline', async () => {
    seedPipelines(1);
    const { user } = await openSources();

    await user.click(sourceSwitch('Public URL'));
    const dialog = await screen.findByRole('dialog', {
      name: 'Turn off definitions from public URLs?',
    });
    expect(
      await within(dialog).findByText(
        'No pipeline takes its definition from a public URL, so none stops running.',
      ),
    ).toBeVisible();
  });

  it('turns a source on at once, without asking', async () => {
    seedPipelines(1);
    db.person = {
      ...db.person,
      account: { ...db.person.account, pipelineSources: { inline: false, git: true, url: true } },
    };
    const saves = recordSaves();
    const { user } = await openSources();
    expect(sourceSwitch('Inline editor')).not.toBeChecked();

    await user.click(sourceSwitch('Inline editor'));

    await waitFor(() => expect(sourceSwitch('Inline editor')).toBeChecked());
    expect(saves).toEqual([{ inline: true, git: true, url: true }]);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(db.pipelines[0]!.runnable.allowed).toBe(true);
  });

  it('keeps the switch as it was and says why when the save fails', async () => {
    seedPipelines(1);
    server.use(
      http.put(SOURCES, ({ response }) =>
        response.untyped(
          problemResponse(403, 'Forbidden', {
            detail: 'Only administrators change where pipeline definitions may come from.',
          }),
        ),
      ),
    );
    const { user } = await openSources();

    await user.click(sourceSwitch('Inline editor'));
    const dialog = await screen.findByRole('dialog', { name: 'Turn off inline definitions?' });
    await within(dialog).findByRole('link', { name: 'payments/inline-01' });
    await user.click(within(dialog).getByRole('button', { name: 'Turn off' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Inline editor was not turned off: Only administrators change where pipeline definitions may come from.',
    );
    expect(sourceSwitch('Inline editor')).toBeChecked();
    expect(db.person.account.pipelineSources.inline).toBe(true);
  });

  it('shows why the switches could not be loaded, and loads them again', async () => {
    server.use(
      http.get(SOURCES, ({ response }) =>
        response.untyped(problemResponse(500, 'Internal Server Error')),
      ),
    );
    const { user } = renderApp('/admin/pipeline-sources');

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The pipeline sources could not be loaded.');
    server.resetHandlers();
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('switch', { name: 'Inline editor' })).toBeChecked();
  });

  it('tells a person with user level that the screen is for administrators', async () => {
    db.person = buildUser();
    renderApp('/admin/pipeline-sources');

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Administrators only' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/The Pipeline sources screen belongs/)).toBeInTheDocument();
  });
});
