import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { db } from '@/testing/mocks/db';
import { buildGitProvider, buildPipeline, buildUser } from '@/testing/mocks/factories';
import { http } from '@/testing/mocks/http';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

async function openPipeline(id: string, name: string) {
  const app = renderApp(`/pipelines/${id}`);
  expect(await screen.findByRole('heading', { level: 1, name })).toBeInTheDocument();
  return app;
}

/** The If-Match of every PATCH and DELETE of a pipeline. */
function recordIfMatch() {
  const sent: string[] = [];
  server.events.on('request:start', ({ request }) => {
    if (['PATCH', 'DELETE'].includes(request.method) && request.url.includes('/api/pipelines/')) {
      sent.push(`${request.method} ${request.headers.get('If-Match')}`);
    }
  });
  return sent;
}

describe('pipeline page', () => {
  it('moves the pipeline to another project, based on the version shown', async () => {
    const pipeline = buildPipeline({ name: 'deploy', project: 'payments', version: 4 });
    db.pipelines = [pipeline];
    const sent = recordIfMatch();
    const { user } = await openPipeline(pipeline.id, 'payments/deploy');

    const project = screen.getByRole('textbox', { name: 'Project' });
    await user.clear(project);
    await user.type(project, 'billing');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('Pipeline saved as billing/deploy')).toBeInTheDocument();
    // The heading names the project too: two projects may each have a "deploy".
    expect(
      await screen.findByRole('heading', { level: 1, name: 'billing/deploy' }),
    ).toBeInTheDocument();
    expect(sent).toEqual(['PATCH "4"']);
    expect(db.pipelines[0]).toMatchObject({ project: 'billing', version: 5 });
  });

  it('never overwrites a change someone else saved first: it says so and offers to reload', async () => {
    const pipeline = buildPipeline({ name: 'deploy', project: 'payments', version: 1 });
    db.pipelines = [pipeline];
    const { user } = await openPipeline(pipeline.id, 'payments/deploy');
    // Someone else renames it meanwhile.
    db.pipelines = [{ ...pipeline, name: 'deploy-eu', version: 2 }];

    const project = screen.getByRole('textbox', { name: 'Project' });
    await user.clear(project);
    await user.type(project, 'billing');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(
      await screen.findByText(/Someone else changed pipeline payments\/deploy after you loaded it/),
    ).toBeInTheDocument();
    expect(db.pipelines[0]).toMatchObject({ name: 'deploy-eu', project: 'payments', version: 2 });

    // What they changed, before deciding.
    await user.click(screen.getByRole('button', { name: 'See what changed' }));
    const changes = await screen.findByRole('table', { name: 'What changed' });
    expect(within(changes).getByRole('row', { name: /Name/ })).toHaveTextContent(
      'Namedeploydeploy-eu',
    );
    expect(within(changes).queryByRole('row', { name: /Project/ })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Reload' }));
    // Their change arrives; what this person typed is still there.
    expect(
      await screen.findByRole('heading', { level: 1, name: 'payments/deploy-eu' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Pipeline name' })).toHaveValue('deploy-eu');
    expect(screen.getByRole('textbox', { name: 'Project' })).toHaveValue('billing');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('Pipeline saved as billing/deploy-eu')).toBeInTheDocument();
    expect(db.pipelines[0]).toMatchObject({ name: 'deploy-eu', project: 'billing', version: 3 });
  });

  it('deletes the pipeline after confirming, with the version shown', async () => {
    const pipeline = buildPipeline({ name: 'deploy', project: 'payments', version: 7 });
    db.pipelines = [pipeline];
    const sent = recordIfMatch();
    const { user, router } = await openPipeline(pipeline.id, 'payments/deploy');

    await user.click(screen.getByRole('button', { name: 'Delete pipeline' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete pipeline payments/deploy?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete pipeline' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Pipelines' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/pipelines');
    expect(sent).toEqual(['DELETE "7"']);
    expect(db.pipelines).toEqual([]);
  });

  it('keeps a pipeline someone else changed before the deletion, and offers to reload', async () => {
    const pipeline = buildPipeline({ name: 'deploy', project: 'payments', version: 1 });
    db.pipelines = [pipeline];
    const { user } = await openPipeline(pipeline.id, 'payments/deploy');
    db.pipelines = [{ ...pipeline, tags: ['production'], version: 2 }];

    await user.click(screen.getByRole('button', { name: 'Delete pipeline' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete pipeline payments/deploy?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete pipeline' }));

    expect(
      await screen.findByText(/Someone else changed pipeline payments\/deploy/),
    ).toBeInTheDocument();
    expect(db.pipelines).toHaveLength(1);
    await user.click(await screen.findByRole('button', { name: 'Reload' }));
    const tags = await screen.findByRole('list', { name: 'Tags of pipeline payments/deploy' });
    expect(within(tags).getByText('production')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Delete pipeline' })).toBeEnabled();
  });

  it('shows administrators who has access, and what they hold themselves', async () => {
    const pipeline = buildPipeline({ name: 'deploy', project: 'payments' });
    db.pipelines = [pipeline];
    await openPipeline(pipeline.id, 'payments/deploy');

    expect(
      screen.getByText(/As an administrator you hold every privilege on this pipeline/),
    ).toBeInTheDocument();
    expect(await screen.findByRole('heading', { name: 'Who has access' })).toBeInTheDocument();
    expect(
      await screen.findByRole('table', {
        name: 'People holding each privilege on pipeline payments/deploy',
      }),
    ).toBeInTheDocument();
  });
});

describe('pipeline page: people who are not administrators', () => {
  it('shows someone who may only read and run it their privileges, and nothing to change', async () => {
    db.person = buildUser();
    const pipeline = buildPipeline({
      name: 'deploy',
      project: 'payments',
      tags: ['production'],
      privileges: ['read', 'run'],
      canEditTags: false,
    });
    db.pipelines = [pipeline];
    await openPipeline(pipeline.id, 'payments/deploy');

    expect(
      screen.getByText('You may read and run this pipeline, through the rules of your teams.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Edit tags' })).not.toBeInTheDocument();
    expect(screen.getByText(/Changing them needs the update privilege on it/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete pipeline' })).not.toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Who has access' })).not.toBeInTheDocument();
  });

  it('warns before a tag change, and leaves the page when the person can no longer see it', async () => {
    db.person = buildUser();
    const pipeline = buildPipeline({
      name: 'deploy',
      project: 'payments',
      privileges: ['read', 'update'],
      canEditTags: true,
    });
    db.pipelines = [pipeline];
    server.use(
      http.patch('/api/pipelines/{id}', ({ request, response }) => {
        const dryRun = new URL(request.url).searchParams.get('dryRun') === 'true';
        const changed = {
          ...pipeline,
          tags: ['production'],
          version: dryRun ? pipeline.version : pipeline.version + 1,
          privileges: [],
          canEditTags: false,
        };
        if (!dryRun) db.pipelines = [];
        return response(200).json(changed);
      }),
    );
    const { user, router } = await openPipeline(pipeline.id, 'payments/deploy');

    await user.click(screen.getByRole('button', { name: 'Edit tags' }));
    const editor = await screen.findByRole('dialog', { name: 'Tags of pipeline payments/deploy' });
    await user.type(within(editor).getByRole('combobox', { name: 'Tags' }), 'production{Enter}');
    // The dry run says so before anything is saved.
    expect(
      await within(editor).findByText(
        'After this change you could no longer see pipeline payments/deploy: no rule of your teams covers its new tags.',
      ),
    ).toBeInTheDocument();
    expect(db.pipelines).toHaveLength(1);
    await user.click(within(editor).getByRole('button', { name: 'Save tags' }));

    expect(
      await screen.findByText(/The rules of your teams no longer let you see it/),
    ).toBeInTheDocument();
    await waitFor(() => expect(router.state.location.pathname).toBe('/pipelines'));
  });

  it('says there is no such pipeline, or that the person may not see it', async () => {
    db.person = buildUser();
    renderApp('/pipelines/00000000-0000-4000-8000-999999999999');

    expect(
      await screen.findByRole('heading', { level: 1, name: 'No such pipeline' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/There is no such pipeline, or you may not see it/),
    ).toBeInTheDocument();
  });
});

describe('pipeline page: the definition', () => {
  it('shows an inline definition read-only, with its line count', async () => {
    const pipeline = buildPipeline({ name: 'deploy' });
    db.pipelines = [pipeline];
    await openPipeline(pipeline.id, 'payments/deploy');

    const section = screen.getByRole('region', { name: 'Definition' });
    expect(within(section).getByText('Inline editor')).toBeInTheDocument();
    expect(within(section).getByText(/10 lines/)).toBeInTheDocument();
    expect(within(section).getByLabelText('Inline definition (read-only)')).toHaveTextContent(
      'title: Say hello',
    );
    expect(within(section).getByRole('link', { name: 'Edit the definition' })).toHaveAttribute(
      'href',
      `/pipelines/${pipeline.id}/definition`,
    );
  });

  it('shows a git source by provider, repository, branch and path; no change without update', async () => {
    db.person = buildUser();
    const pipeline = buildPipeline({
      name: 'deploy',
      privileges: ['read', 'run'],
      canEditTags: false,
      source: {
        type: 'git',
        gitProviderId: '00000000-0000-4000-8000-000000000999',
        gitProviderName: 'github-acme',
        repository: 'acme/api',
        branch: 'pipeline-definition',
        path: 'ci/codefresh.yml',
      },
    });
    db.pipelines = [pipeline];
    await openPipeline(pipeline.id, 'payments/deploy');

    const section = screen.getByRole('region', { name: 'Definition' });
    expect(within(section).getByText('File in a git repository')).toBeInTheDocument();
    for (const [term, value] of [
      ['Git provider', 'github-acme'],
      ['Repository', 'acme/api'],
      ['Branch', 'pipeline-definition'],
      ['Path', 'ci/codefresh.yml'],
    ]) {
      // Each term (<dt>) is followed by its value (<dd>).
      expect(within(section).getByText(term!).nextElementSibling).toHaveTextContent(value!);
    }
    expect(
      within(section).queryByRole('button', { name: 'Change source' }),
    ).not.toBeInTheDocument();
  });

  it('changes the source to a git file, based on the version shown', async () => {
    const provider = buildGitProvider({ name: 'github-acme', kind: 'github' });
    db.gitProviders = [provider];
    const pipeline = buildPipeline({ name: 'deploy', version: 3 });
    db.pipelines = [pipeline];
    const sent = recordIfMatch();
    const { user } = await openPipeline(pipeline.id, 'payments/deploy');

    await user.click(screen.getByRole('button', { name: 'Change source' }));
    await user.click(screen.getByRole('radio', { name: 'File in a git repository' }));
    await user.selectOptions(
      await screen.findByRole('combobox', { name: 'Git provider' }),
      'github-acme (GitHub)',
    );
    await user.type(screen.getByRole('textbox', { name: 'Repository' }), 'acme/api');
    await user.type(screen.getByRole('textbox', { name: 'Branch' }), 'main');
    await user.type(screen.getByRole('textbox', { name: 'Path' }), 'codefresh.yml');
    await user.click(screen.getByRole('button', { name: 'Save source' }));

    expect(
      await screen.findByText('Definition source of payments/deploy saved'),
    ).toBeInTheDocument();
    const section = screen.getByRole('region', { name: 'Definition' });
    expect(await within(section).findByText('github-acme')).toBeInTheDocument();
    expect(sent).toEqual(['PATCH "3"']);
    expect(db.pipelines[0]).toMatchObject({
      version: 4,
      source: { type: 'git', gitProviderName: 'github-acme', branch: 'main' },
    });
  });

  it('keeps the new source after someone else saved first, shows what changed, and saves after a reload', async () => {
    const pipeline = buildPipeline({ name: 'deploy', project: 'payments', version: 1 });
    db.pipelines = [pipeline];
    const sent = recordIfMatch();
    const { user } = await openPipeline(pipeline.id, 'payments/deploy');

    await user.click(screen.getByRole('button', { name: 'Change source' }));
    await user.click(screen.getByRole('radio', { name: 'Public URL' }));
    await user.type(screen.getByRole('textbox', { name: 'URL' }), 'https://ci.example.com/ci.yml');
    // Someone else renames and tags it meanwhile.
    db.pipelines = [{ ...pipeline, name: 'deploy-eu', tags: ['qa'], version: 2 }];
    await user.click(screen.getByRole('button', { name: 'Save source' }));

    expect(
      await screen.findByText(/Someone else changed pipeline payments\/deploy after you loaded it/),
    ).toBeInTheDocument();
    expect(db.pipelines[0]).toMatchObject({ source: { type: 'inline' }, version: 2 });
    expect(screen.getByRole('button', { name: 'Save source' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'See what changed' }));
    const changes = await screen.findByRole('table', { name: 'What changed' });
    const changed = within(changes)
      .getAllByRole('row')
      .slice(1)
      .map((row) => Array.from(row.children, (cell) => cell.textContent));
    expect(changed).toEqual([
      ['Name', 'deploy', 'deploy-eu'],
      ['Tags', 'None', 'qa'],
    ]);
    // Nothing was replaced on the page while comparing.
    expect(screen.getByRole('heading', { level: 1, name: 'payments/deploy' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Reload' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'payments/deploy-eu' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'URL' })).toHaveValue(
      'https://ci.example.com/ci.yml',
    );
    await user.click(screen.getByRole('button', { name: 'Save source' }));

    expect(
      await screen.findByText('Definition source of payments/deploy-eu saved'),
    ).toBeInTheDocument();
    expect(sent).toEqual(['PATCH "1"', 'PATCH "2"']);
    expect(db.pipelines[0]).toMatchObject({
      name: 'deploy-eu',
      tags: ['qa'],
      source: { type: 'url', url: 'https://ci.example.com/ci.yml' },
      version: 3,
    });
  });
});
