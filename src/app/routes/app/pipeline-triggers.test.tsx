import { screen, waitFor, within } from '@testing-library/react';
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { gitProviderSchema, type GitProvider } from '@contract/integrations';
import { db } from '@/testing/mocks/db';
import {
  buildPipeline,
  buildRun,
  buildRunner,
  buildTrigger,
  buildUser,
  nextId,
} from '@/testing/mocks/factories';
import { http } from '@/testing/mocks/http';
import { problemResponse } from '@/testing/mocks/problems';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

function gitProvider(overrides: Partial<GitProvider>): GitProvider {
  return gitProviderSchema.parse({
    id: nextId(),
    name: 'github',
    kind: 'github',
    baseUrl: 'https://api.github.com',
    credentialsSet: true,
    onPremise: false,
    behindFirewall: false,
    lastTest: null,
    version: 1,
    createdAt: '2026-03-01T09:00:00.000Z',
    updatedAt: '2026-03-01T09:00:00.000Z',
    ...overrides,
  });
}

// The trigger form reads the account's git providers (the integrations area's mock answers the
// same from `db.gitProviders`; this keeps these tests on their own).
function serveGitProviders() {
  server.use(
    http.get('/api/git-providers', ({ response }) =>
      response(200).json({
        items: db.gitProviders,
        total: db.gitProviders.length,
        page: 1,
        pageSize: 100,
      }),
    ),
  );
}

function scene() {
  const pipeline = buildPipeline({ name: 'deploy', project: 'payments' });
  const github = gitProvider({ name: 'github' });
  const gitlab = gitProvider({
    name: 'gitlab-onprem',
    kind: 'gitlab',
    baseUrl: 'https://gitlab.acme.internal',
    onPremise: true,
    behindFirewall: true,
  });
  const plain = buildRunner({ name: 'dc-eu-1', appProxy: false });
  const proxied = buildRunner({ name: 'dc-eu-2', appProxy: true });
  db.pipelines = [pipeline];
  db.gitProviders = [github, gitlab];
  db.runners = [plain, proxied, buildRunner({ name: 'gone', state: 'revoked' })];
  serveGitProviders();
  return { pipeline, github, gitlab, plain, proxied };
}

async function openPipeline(id: string) {
  const app = renderApp(`/pipelines/${id}`);
  expect(
    await screen.findByRole('heading', { level: 1, name: 'payments/deploy' }),
  ).toBeInTheDocument();
  const section = await screen.findByRole('region', { name: 'Git triggers' });
  return { ...app, section };
}

async function openAddTrigger(user: ReturnType<typeof renderApp>['user']) {
  await user.click(await screen.findByRole('button', { name: 'Add trigger' }));
  const dialog = await screen.findByRole('dialog', { name: 'Add a git trigger' });
  await within(dialog).findByRole('combobox', { name: 'Git provider' });
  return dialog;
}

describe('git triggers of a pipeline', () => {
  it('offers the events of the chosen provider, pull requests only with an app-proxy runner', async () => {
    const { pipeline, github, gitlab, plain, proxied } = scene();
    const { user } = await openPipeline(pipeline.id);
    const dialog = await openAddTrigger(user);
    const form = within(dialog);

    expect(form.getByText('Choose a git provider to see the events it sends.')).toBeInTheDocument();
    // Only runners that are not revoked can be chosen.
    const runner = form.getByRole('combobox', { name: 'Runner' });
    expect(within(runner).queryByRole('option', { name: /gone/ })).not.toBeInTheDocument();

    await user.selectOptions(form.getByRole('combobox', { name: 'Git provider' }), github.id);
    expect(form.getByRole('checkbox', { name: 'Pushes' })).toBeEnabled();
    const pullRequests = form.getByRole('checkbox', { name: 'Pull requests' });
    expect(pullRequests).toBeDisabled();
    expect(pullRequests).toHaveAccessibleDescription(/Choose a runner with the app-proxy/);

    await user.selectOptions(runner, plain.id);
    expect(pullRequests).toBeDisabled();
    expect(pullRequests).toHaveAccessibleDescription(
      "Runner dc-eu-1 has no app-proxy: pull-request events reach Perimeter only through a runner's app-proxy.",
    );

    await user.selectOptions(runner, proxied.id);
    expect(pullRequests).toBeEnabled();
    await user.click(pullRequests);
    expect(pullRequests).toBeChecked();
    // A runner without the app-proxy drops the pull-request events already chosen.
    await user.selectOptions(runner, plain.id);
    expect(pullRequests).not.toBeChecked();

    await user.selectOptions(form.getByRole('combobox', { name: 'Git provider' }), gitlab.id);
    const events = within(form.getByRole('group', { name: /Events/ }));
    expect(
      events
        .getAllByRole('checkbox')
        .map((box) => box.getAttribute('name') ?? box.closest('label')?.textContent),
    ).toEqual(['Pushes', 'Tag pushes', 'Merge requests']);
    expect(events.getByRole('checkbox', { name: 'Merge requests' })).toBeDisabled();
    expect(form.getByRole('textbox', { name: 'Repository' })).toHaveAccessibleDescription(
      /group\/project \(groups may nest\).*cannot list the repositories/,
    );
  });

  it('adds a trigger, then shows its webhook URL and secret once, with instructions', async () => {
    const { pipeline, github, plain } = scene();
    const { user, section } = await openPipeline(pipeline.id);
    expect(within(section).getByText('This pipeline has no git triggers.')).toBeInTheDocument();
    const dialog = await openAddTrigger(user);
    const form = within(dialog);

    await user.click(form.getByRole('button', { name: 'Add trigger' }));
    expect(await form.findByText('Choose at least one event.')).toBeInTheDocument();

    await user.selectOptions(form.getByRole('combobox', { name: 'Git provider' }), github.id);
    await user.type(form.getByRole('textbox', { name: 'Repository' }), 'acme');
    await user.selectOptions(form.getByRole('combobox', { name: 'Runner' }), plain.id);
    await user.click(form.getByRole('checkbox', { name: 'Pushes' }));
    await user.type(form.getByRole('textbox', { name: 'Branch filter' }), '^main$');
    await user.click(form.getByRole('button', { name: 'Add trigger' }));
    expect(form.getByRole('textbox', { name: 'Repository' })).toHaveAccessibleDescription(
      'Write the repository as owner/name.',
    );
    await user.type(form.getByRole('textbox', { name: 'Repository' }), '/api');
    await user.click(form.getByRole('button', { name: 'Add trigger' }));

    const shown = await screen.findByRole('dialog', { name: 'Connect acme/api to Perimeter' });
    const trigger = db.triggers[0]!;
    expect(within(shown).getByRole('textbox', { name: 'Webhook URL' })).toHaveValue(
      trigger.webhookUrl,
    );
    expect(within(shown).getByRole('textbox', { name: 'Secret' })).toHaveValue(
      db.triggerSecrets[trigger.id],
    );
    expect(shown).toHaveTextContent('only time Perimeter shows this secret');
    expect(shown).toHaveTextContent('Settings → Webhooks → Add webhook');
    expect(shown).toHaveTextContent('application/json');
    expect(shown).toHaveTextContent('X-Hub-Signature-256');
    expect(shown).toHaveTextContent('tick: Pushes.');
    await user.click(within(shown).getByRole('button', { name: 'Copy secret' }));
    expect(await within(shown).findByText('Copied to the clipboard.')).toBeInTheDocument();
    await user.click(within(shown).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    const table = within(await within(section).findByRole('table', { name: 'Git triggers' }));
    const row = within(table.getByRole('rowheader', { name: /acme\/api/ }).closest('tr')!);
    expect(row.getByText('github (GitHub)')).toBeInTheDocument();
    expect(row.getByText('Pushes')).toBeInTheDocument();
    expect(row.getByText('^main$')).toBeInTheDocument();
    expect(row.getByText('dc-eu-1')).toBeInTheDocument();
    expect(screen.queryByText(db.triggerSecrets[trigger.id]!)).not.toBeInTheDocument();
  });

  it("puts the server's refusal of the branch filter on the field", async () => {
    const { pipeline, github, plain } = scene();
    server.use(
      http.post('/api/pipelines/{id}/triggers', ({ response }) =>
        response.untyped(
          problemResponse(422, 'Invalid input', {
            detail: 'The branch filter is not a valid RE2 pattern: missing closing ).',
            errors: [
              {
                path: 'branchFilter',
                message: 'The branch filter is not a valid RE2 pattern: missing closing ).',
              },
            ],
          }),
        ),
      ),
    );
    const { user } = await openPipeline(pipeline.id);
    const form = within(await openAddTrigger(user));
    await user.selectOptions(form.getByRole('combobox', { name: 'Git provider' }), github.id);
    await user.type(form.getByRole('textbox', { name: 'Repository' }), 'acme/api');
    await user.selectOptions(form.getByRole('combobox', { name: 'Runner' }), plain.id);
    await user.click(form.getByRole('checkbox', { name: 'Pushes' }));
    await user.type(form.getByRole('textbox', { name: 'Branch filter' }), '(main');
    await user.click(form.getByRole('button', { name: 'Add trigger' }));

    const field = form.getByRole('textbox', { name: 'Branch filter' });
    await waitFor(() =>
      expect(field).toHaveAccessibleDescription(
        'The branch filter is not a valid RE2 pattern: missing closing ).',
      ),
    );
    expect(field).toHaveFocus();
    expect(db.triggers).toHaveLength(0);
  });

  it('rotates the secret after asking, showing the new one once', async () => {
    const { pipeline, github, plain } = scene();
    const trigger = buildTrigger({
      pipelineId: pipeline.id,
      gitProvider: { id: github.id, name: 'github', kind: 'github', behindFirewall: false },
      runner: { id: plain.id, name: plain.name, appProxy: false },
    });
    db.triggers = [trigger];
    const { user } = await openPipeline(pipeline.id);
    await user.click(
      await screen.findByRole('button', { name: 'Rotate the secret of the trigger on acme/api' }),
    );
    const confirm = await screen.findByRole('dialog', {
      name: 'Rotate the secret of the trigger on acme/api?',
    });
    expect(confirm).toHaveTextContent('The current secret stops working at once');
    await user.click(within(confirm).getByRole('button', { name: 'Rotate secret' }));

    const shown = await screen.findByRole('dialog', {
      name: 'New secret for the trigger on acme/api',
    });
    expect(within(shown).getByRole('textbox', { name: 'Secret' })).toHaveValue(
      db.triggerSecrets[trigger.id],
    );
    expect(shown).toHaveTextContent('The previous secret no longer works.');
  });

  it('edits and deletes a trigger', async () => {
    const { pipeline, github, plain } = scene();
    db.triggers = [
      buildTrigger({
        pipelineId: pipeline.id,
        gitProvider: { id: github.id, name: 'github', kind: 'github', behindFirewall: false },
        runner: { id: plain.id, name: plain.name, appProxy: false },
      }),
    ];
    const { user, section } = await openPipeline(pipeline.id);
    await user.click(await screen.findByRole('button', { name: 'Edit the trigger on acme/api' }));
    const form = within(
      await screen.findByRole('dialog', { name: 'Edit the trigger on acme/api' }),
    );
    const filter = await form.findByRole('textbox', { name: 'Branch filter' });
    expect(filter).toHaveValue('^main$');
    await user.clear(filter);
    await user.type(filter, '^release/.*$');
    await user.click(form.getByRole('button', { name: 'Save trigger' }));
    expect(await screen.findByText('Trigger on acme/api saved')).toBeInTheDocument();
    expect(await within(section).findByText('^release/.*$')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Delete the trigger on acme/api' }));
    const confirm = await screen.findByRole('dialog', { name: 'Delete the trigger on acme/api?' });
    await user.click(within(confirm).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('Trigger on acme/api deleted')).toBeInTheDocument();
    expect(
      await within(section).findByText('This pipeline has no git triggers.'),
    ).toBeInTheDocument();
  });

  it('keeps an edit that lost a race to another change, and saves it after a reload', async () => {
    const { pipeline, github, plain } = scene();
    const trigger = buildTrigger({
      pipelineId: pipeline.id,
      gitProvider: { id: github.id, name: 'github', kind: 'github', behindFirewall: false },
      runner: { id: plain.id, name: plain.name, appProxy: false },
    });
    db.triggers = [trigger];
    const { user } = await openPipeline(pipeline.id);
    await user.click(await screen.findByRole('button', { name: 'Edit the trigger on acme/api' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit the trigger on acme/api' });
    const filter = await within(dialog).findByRole('textbox', { name: 'Branch filter' });
    await user.clear(filter);
    await user.type(filter, '^release/.*$');

    // Meanwhile someone else saves the same trigger.
    db.triggers = [{ ...trigger, branchFilter: '^hotfix/.*$', version: trigger.version + 1 }];
    await user.click(within(dialog).getByRole('button', { name: 'Save trigger' }));
    expect(await within(dialog).findByText(/Someone else changed/)).toBeInTheDocument();
    expect(filter).toHaveValue('^release/.*$');
    expect(db.triggers[0]!.branchFilter).toBe('^hotfix/.*$');

    await user.click(within(dialog).getByRole('button', { name: 'Reload' }));
    await waitFor(() => expect(within(dialog).queryByText(/Someone else changed/)).toBeNull());
    expect(filter).toHaveValue('^release/.*$');
    await user.click(within(dialog).getByRole('button', { name: 'Save trigger' }));
    expect(await screen.findByText('Trigger on acme/api saved')).toBeInTheDocument();
    expect(db.triggers[0]!.branchFilter).toBe('^release/.*$');
  });

  it('lets a person who is not an administrator but has update add a trigger', async () => {
    const { pipeline, github, proxied } = scene();
    db.person = buildUser();
    // The runners list is administrators-only; the form does not need it.
    let listedRunners = false;
    server.use(
      http.get('/api/runners', () => {
        listedRunners = true;
        return problemResponse(403, 'Forbidden', { code: 'administrators-only' });
      }),
    );
    const { user } = await openPipeline(pipeline.id);
    const add = await screen.findByRole('button', { name: 'Add trigger' });
    expect(add).toBeEnabled();
    expect(add).not.toHaveAccessibleDescription();
    const dialog = await openAddTrigger(user);
    const form = within(dialog);
    const runner = form.getByRole('combobox', { name: 'Runner' });
    expect(within(runner).queryByRole('option', { name: /gone/ })).not.toBeInTheDocument();

    await user.selectOptions(form.getByRole('combobox', { name: 'Git provider' }), github.id);
    await user.type(form.getByRole('textbox', { name: 'Repository' }), 'acme/api');
    await user.selectOptions(runner, proxied.id);
    await user.click(form.getByRole('checkbox', { name: 'Pull requests' }));
    await user.click(form.getByRole('button', { name: 'Add trigger' }));

    expect(
      await screen.findByRole('dialog', { name: 'Connect acme/api to Perimeter' }),
    ).toBeInTheDocument();
    expect(db.triggers[0]).toMatchObject({
      repository: 'acme/api',
      events: ['pull_request'],
      runner: { id: proxied.id, appProxy: true },
    });
    expect(listedRunners).toBe(false);
  });

  it('says whose access to clusters each trigger’s runs have, and when that person is gone', async () => {
    const { pipeline, github, plain } = scene();
    const common = {
      pipelineId: pipeline.id,
      gitProvider: { id: github.id, name: 'github', kind: 'github', behindFirewall: false },
      runner: { id: plain.id, name: plain.name, appProxy: false },
    } as const;
    db.triggers = [
      buildTrigger({ ...common, updatedBy: { id: nextId(), name: 'Grace Hopper' } }),
      buildTrigger({ ...common, repository: 'acme/web', updatedBy: null }),
    ];
    const { section } = await openPipeline(pipeline.id);
    const table = await within(section).findByRole('table', { name: 'Git triggers' });
    expect(within(table).getByRole('columnheader', { name: 'Acts for' })).toBeInTheDocument();
    const row = (repository: string) =>
      within(
        within(table)
          .getByRole('rowheader', { name: new RegExp(repository) })
          .closest('tr')!,
      );
    expect(row('acme/api').getByText('Grace Hopper')).toBeInTheDocument();
    expect(
      row('acme/web').getByText('No one: the person who last changed it was removed'),
    ).toBeInTheDocument();
    expect(section).toHaveTextContent(
      'Its runs deploy only to clusters that the person it acts for may read: whoever added it or changed it last.',
    );
  });

  it('tells people without update on the pipeline why they cannot add a trigger', async () => {
    const { pipeline } = scene();
    db.person = buildUser();
    db.pipelines = [{ ...pipeline, privileges: ['read'] }];
    await openPipeline(pipeline.id);
    const add = await screen.findByRole('button', { name: 'Add trigger' });
    expect(add).toBeDisabled();
    expect(add).toHaveAccessibleDescription(
      'Adding or changing triggers needs update on this pipeline.',
    );
  });
});

describe('runs of a pipeline', () => {
  it('explains where runs come from when there are none', async () => {
    const { pipeline } = scene();
    await openPipeline(pipeline.id);
    const runs = await screen.findByRole('region', { name: 'Runs' });
    expect(await within(runs).findByText('This pipeline has not run yet.')).toBeInTheDocument();
    expect(runs).toHaveTextContent('queued by its git triggers');
  });

  it('shows each run and its steps, and follows a running run until it ends', async () => {
    const { pipeline, plain } = scene();
    const run = buildRun({
      pipelineId: pipeline.id,
      number: 3,
      state: 'running',
      runner: { id: plain.id, name: plain.name },
      claimedAt: '2026-03-01T09:00:05.000Z',
      steps: [
        { name: 'clone', state: 'succeeded', message: 'exit 0' },
        { name: 'build', state: 'running' },
      ],
    });
    db.runs = [
      buildRun({
        pipelineId: pipeline.id,
        number: 2,
        state: 'failed',
        finishedAt: '2026-02-28T09:00:00.000Z',
      }),
      run,
    ];
    const { user } = await openPipeline(pipeline.id);
    const runs = within(await screen.findByRole('region', { name: 'Runs' }));
    const table = await runs.findByRole('table', { name: 'Runs' });
    const rowOf = (n: number) =>
      within(
        within(table)
          .getByRole('rowheader', { name: `#${n}` })
          .closest('tr')!,
      );
    expect(
      within(table)
        .getAllByRole('rowheader')
        .map((cell) => cell.textContent),
    ).toEqual(['#3', '#2']);
    expect(rowOf(3).getByText('Running')).toBeInTheDocument();
    expect(rowOf(3).getByText('Pushes on main at 1a2b3c4 in acme/api')).toBeInTheDocument();
    expect(rowOf(3).getByText('dc-eu-1')).toBeInTheDocument();
    expect(rowOf(2).getByText('Failed')).toBeInTheDocument();

    await user.click(rowOf(3).getByRole('button', { name: 'Show steps of run 3' }));
    const steps = within(await runs.findByRole('table', { name: 'Steps of run 3' }));
    expect(
      within(steps.getByRole('rowheader', { name: 'clone' }).closest('tr')!).getByText('exit 0'),
    ).toBeInTheDocument();
    expect(
      within(steps.getByRole('rowheader', { name: 'build' }).closest('tr')!).getByText('Running'),
    ).toBeInTheDocument();

    // The runner reports the end; the page asks again within 2 s while a run is active.
    await act(async () => {
      db.runs = db.runs.map((r) =>
        r.id === run.id
          ? {
              ...r,
              state: 'succeeded',
              finishedAt: new Date().toISOString(),
              steps: [
                { name: 'clone', state: 'succeeded', message: 'exit 0' },
                { name: 'build', state: 'succeeded', message: 'exit 0' },
              ],
            }
          : r,
      );
    });
    await waitFor(() => expect(rowOf(3).getByText('Succeeded')).toBeInTheDocument(), {
      timeout: 5_000,
    });
    expect(
      within(
        within(runs.getByRole('table', { name: 'Steps of run 3' }))
          .getByRole('rowheader', { name: 'build' })
          .closest('tr')!,
      ).getByText('Succeeded'),
    ).toBeInTheDocument();
  });
});
