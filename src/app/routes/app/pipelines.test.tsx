import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { INLINE_TEMPLATE, sourceDisabledReason } from '@contract/pipeline-sources';
import type { UpdatePipelineRequest } from '@contract/pipelines';
import { db } from '@/testing/mocks/db';
import { buildGitProvider, buildPipeline, buildUser } from '@/testing/mocks/factories';
import { http } from '@/testing/mocks/http';
import { problemResponse } from '@/testing/mocks/problems';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

async function openPipelines(route = '/pipelines') {
  const app = renderApp(route);
  expect(await screen.findByRole('heading', { level: 1, name: 'Pipelines' })).toBeInTheDocument();
  return app;
}

const pipelinesTable = () => screen.findByRole('table', { name: 'Pipelines' });

/** The rows of the table: `{ deploy: ['payments', 'production'] }` (project, then tags). */
async function rows() {
  const table = await pipelinesTable();
  return Object.fromEntries(
    within(table)
      .getAllByRole('rowheader')
      .map((header) => {
        const row = header.closest('tr')!;
        const cells = within(row).getAllByRole('cell');
        const project = cells.find((cell) => cell.textContent && !cell.querySelector('input'));
        const tags = within(row).queryByRole('list');
        return [
          header.textContent,
          [
            project?.textContent,
            ...(tags
              ? within(tags)
                  .getAllByRole('listitem')
                  .map((item) => item.textContent)
              : []),
          ],
        ];
      }),
  );
}

type Change = { id: string; ifMatch: string | null; body: UpdatePipelineRequest };

/** Every PATCH the pipelines API receives to save (dry runs aside), with its If-Match. */
function recordPatches() {
  const patches: Change[] = [];
  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    const match = /\/api\/pipelines\/([^/?]+)$/.exec(url.pathname);
    if (request.method === 'PATCH' && match && !url.searchParams.has('dryRun')) {
      const ifMatch = request.headers.get('If-Match');
      void request
        .clone()
        .json()
        .then((body: UpdatePipelineRequest) => patches.push({ id: match[1]!, ifMatch, body }));
    }
  });
  return patches;
}

let previews = 0;
function countPreviews() {
  previews = 0;
  server.events.on('request:start', ({ request }) => {
    if (new URL(request.url).pathname === '/api/access/preview') previews += 1;
  });
}

describe('pipelines: the list', () => {
  it('lists name, project and tags, each linked to its page', async () => {
    const deploy = buildPipeline({ name: 'deploy', project: 'payments', tags: ['production'] });
    db.pipelines = [deploy, buildPipeline({ name: 'build', project: 'web', tags: [] })];
    const { user, router } = await openPipelines();

    expect(await rows()).toEqual({ build: ['web'], deploy: ['payments', 'production'] });

    await user.click(within(await pipelinesTable()).getByRole('link', { name: 'deploy' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'payments/deploy' }),
    ).toBeInTheDocument();
    expect(router.state.location.pathname).toBe(`/pipelines/${deploy.id}`);
  });

  it('pages through the list, keeping the focus on the paging buttons, and shows more rows per page', async () => {
    db.pipelines = Array.from({ length: 45 }, (_, index) =>
      buildPipeline({ name: `build-${String(index + 1).padStart(2, '0')}`, project: 'web' }),
    );
    const { user, router } = await openPipelines();
    await pipelinesTable();
    expect(screen.getByText('1–20 of 45')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Go to first page' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Go to previous page' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Go to next page' }));
    await waitFor(() => expect(router.state.location.search).toBe('?page=2'));
    expect(await screen.findByText('21–40 of 45')).toBeInTheDocument();
    expect(Object.keys(await rows())[0]).toBe('build-21');

    await user.click(screen.getByRole('button', { name: 'Go to last page' }));
    await waitFor(() => expect(router.state.location.search).toBe('?page=3'));
    expect(await screen.findByText('41–45 of 45')).toBeInTheDocument();
    // Next and Last are disabled on the last page: the focus goes to the nearest that works.
    expect(screen.getByRole('button', { name: 'Go to last page' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Go to next page' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Go to previous page' })).toHaveFocus();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Rows per page:' }), '50');
    await waitFor(() => expect(router.state.location.search).toBe('?pageSize=50'));
    expect(await screen.findByText('1–45 of 45')).toBeInTheDocument();
    expect(Object.keys(await rows())).toHaveLength(45);
  });

  it('filters by project and by tag, and sorts, all in the address', async () => {
    db.pipelines = [
      buildPipeline({ name: 'deploy', project: 'payments', tags: ['production'] }),
      buildPipeline({ name: 'build', project: 'payments', tags: [] }),
      buildPipeline({ name: 'deploy', project: 'web', tags: ['production'] }),
    ];
    const { user, router } = await openPipelines();
    await pipelinesTable();

    await user.type(screen.getByRole('searchbox', { name: 'Project' }), 'payments{Enter}');
    await waitFor(() => expect(router.state.location.search).toBe('?project=payments'));
    await waitFor(async () => expect(Object.keys(await rows())).toEqual(['build', 'deploy']));

    await user.selectOptions(screen.getByRole('combobox', { name: 'Tag' }), 'No tags (untagged)');
    await waitFor(() =>
      expect(router.state.location.search).toBe('?project=payments&tag=untagged'),
    );
    await waitFor(async () => expect(Object.keys(await rows())).toEqual(['build']));

    await user.selectOptions(screen.getByRole('combobox', { name: 'Tag' }), 'Any tags');
    await user.click(within(await pipelinesTable()).getByRole('button', { name: 'Name' }));
    await waitFor(() => expect(router.state.location.search).toBe('?project=payments&sort=-name'));
    await waitFor(async () => expect(Object.keys(await rows())).toEqual(['deploy', 'build']));
  });

  it('keeps the rows of the previous filter out of reach until the new filter’s rows arrive', async () => {
    const deploy = buildPipeline({ name: 'deploy', project: 'payments' });
    db.pipelines = [buildPipeline({ name: 'build', project: 'web' }), deploy];
    let answer = () => {};
    const answered = new Promise<void>((resolve) => (answer = resolve));
    server.use(
      // The filtered page waits, then the usual handler answers it.
      http.get('/api/pipelines', async ({ request }) => {
        if (new URL(request.url).searchParams.has('project')) await answered;
        return undefined;
      }),
    );
    const { user, router } = await openPipelines();
    const table = await pipelinesTable();
    const link = () => within(table).getByRole('link', { name: 'deploy' });
    expect(link().closest('[inert]')).toBeNull();

    await user.type(screen.getByRole('searchbox', { name: 'Project' }), 'payments{Enter}');
    await waitFor(() => expect(router.state.location.search).toBe('?project=payments'));
    // The unfiltered rows stay on screen, in place, but the answer will move "deploy" up: a
    // click now would land wherever the row no longer is.
    expect(Object.keys(await rows())).toEqual(['build', 'deploy']);
    expect(table).toHaveAttribute('aria-busy', 'true');
    expect(link().closest('[inert]')).not.toBeNull();

    answer();
    await waitFor(async () => expect(Object.keys(await rows())).toEqual(['deploy']));
    expect(link().closest('[inert]')).toBeNull();
    await user.click(link());
    expect(
      await screen.findByRole('heading', { level: 1, name: 'payments/deploy' }),
    ).toBeInTheDocument();
    expect(router.state.location.pathname).toBe(`/pipelines/${deploy.id}`);
  });

  it('opens with the filters of the address', async () => {
    db.pipelines = [
      buildPipeline({ name: 'deploy', project: 'payments', tags: ['qa'] }),
      buildPipeline({ name: 'release', project: 'payments', tags: [] }),
    ];
    await openPipelines('/pipelines?tag=qa&q=dep');

    await waitFor(async () => expect(Object.keys(await rows())).toEqual(['deploy']));
    expect(screen.getByRole('searchbox', { name: 'Search pipelines' })).toHaveValue('dep');
    expect(screen.getByRole('combobox', { name: 'Tag' })).toHaveValue('qa');
  });
});

describe('pipelines: creating one', () => {
  it('creates a pipeline with tags and opens it', async () => {
    db.pipelines = [buildPipeline({ name: 'build', project: 'web', tags: ['staging'] })];
    const { user, router } = await openPipelines();

    await user.click(screen.getByRole('button', { name: 'New pipeline' }));
    const dialog = await screen.findByRole('dialog', { name: 'New pipeline' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Pipeline name' }), 'deploy');
    await user.type(within(dialog).getByRole('textbox', { name: 'Project' }), 'payments');
    await user.type(within(dialog).getByRole('combobox', { name: 'Tags' }), 'sta');
    await user.click(await screen.findByRole('option', { name: /staging/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Create pipeline' }));

    expect(
      await screen.findByRole('heading', { level: 1, name: 'payments/deploy' }),
    ).toBeInTheDocument();
    const created = db.pipelines.find((pipeline) => pipeline.name === 'deploy')!;
    expect(created).toMatchObject({ project: 'payments', tags: ['staging'] });
    expect(router.state.location.pathname).toBe(`/pipelines/${created.id}`);
    expect(await screen.findByText('Pipeline payments/deploy created')).toBeInTheDocument();
  });

  it('shows a refusal for lack of the create privilege as the form error, in plain words', async () => {
    db.person = buildUser();
    server.use(
      http.post('/api/pipelines', ({ response }) =>
        response.untyped(
          problemResponse(403, 'Forbidden', {
            detail:
              'You need the create privilege for pipelines tagged production; no create rule of your teams allows these tags.',
            code: 'missing-privilege',
            privilege: 'create',
          }),
        ),
      ),
    );
    const { user } = await openPipelines();

    await user.click(screen.getByRole('button', { name: 'New pipeline' }));
    const dialog = await screen.findByRole('dialog', { name: 'New pipeline' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Pipeline name' }), 'deploy');
    await user.type(within(dialog).getByRole('textbox', { name: 'Project' }), 'payments');
    await user.type(within(dialog).getByRole('combobox', { name: 'Tags' }), 'production{Enter}');
    await user.click(within(dialog).getByRole('button', { name: 'Create pipeline' }));

    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent(
      'You need the create privilege for pipelines tagged production; no create rule of your teams allows these tags. Choose other tags (or none), or ask an administrator',
    );
    // What was typed stays, to be corrected.
    expect(within(dialog).getByRole('textbox', { name: 'Pipeline name' })).toHaveValue('deploy');
  });

  it('says where a pipeline went when the person may create it but not see it', async () => {
    db.person = buildUser();
    server.use(
      http.post('/api/pipelines', ({ response }) =>
        response(201).json(
          buildPipeline({
            name: 'deploy',
            project: 'payments',
            privileges: [],
            canEditTags: false,
          }),
        ),
      ),
    );
    const { user, router } = await openPipelines();

    await user.click(screen.getByRole('button', { name: 'New pipeline' }));
    const dialog = await screen.findByRole('dialog', { name: 'New pipeline' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Pipeline name' }), 'deploy');
    await user.type(within(dialog).getByRole('textbox', { name: 'Project' }), 'payments');
    await user.click(within(dialog).getByRole('button', { name: 'Create pipeline' }));

    expect(
      await screen.findByText(/Pipeline payments\/deploy created. The rules of your teams do not/),
    ).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/pipelines');
  });
});

describe('pipelines: tags', () => {
  it('lets a person change tags only where they may update, checking the change instead of previewing', async () => {
    db.person = buildUser();
    const mine = buildPipeline({ name: 'deploy', project: 'payments', tags: [], version: 3 });
    const theirs = buildPipeline({
      name: 'release',
      project: 'payments',
      tags: ['production'],
      privileges: ['read', 'run'],
      canEditTags: false,
    });
    db.pipelines = [mine, theirs];
    const patches = recordPatches();
    countPreviews();
    const { user } = await openPipelines();
    const table = await pipelinesTable();

    expect(
      within(table).queryByRole('button', { name: 'Edit tags of payments/release' }),
    ).not.toBeInTheDocument();
    expect(
      within(table).queryByRole('checkbox', { name: 'Select payments/release' }),
    ).not.toBeInTheDocument();

    await user.click(within(table).getByRole('button', { name: 'Edit tags of payments/deploy' }));
    const editor = await screen.findByRole('dialog', { name: 'Tags of pipeline payments/deploy' });
    await user.type(within(editor).getByRole('combobox', { name: 'Tags' }), 'qa{Enter}');
    // The server's dry run, asked once typing settles: nothing is lost.
    expect(
      await within(editor).findByText('You keep every privilege you hold on it.'),
    ).toBeInTheDocument();
    await user.click(within(editor).getByRole('button', { name: 'Save tags' }));

    expect(await screen.findByText('Tags of pipeline payments/deploy saved')).toBeInTheDocument();
    expect(patches).toEqual([{ id: mine.id, ifMatch: '"3"', body: { addTags: ['qa'] } }]);
    expect(previews).toBe(0);
    await waitFor(async () => expect((await rows()).deploy).toEqual(['payments', 'qa']));
  });

  it('shows why the server would refuse a tag change before it is saved, and saves nothing', async () => {
    db.person = buildUser();
    const build = buildPipeline({
      name: 'build',
      project: 'payments',
      tags: ['payments'],
      privileges: ['read', 'update', 'run'],
      version: 2,
    });
    db.pipelines = [build];
    const reason =
      'Adding production would leave payments/build tagged payments and production, which no create rule of your teams allows: you may create pipelines tagged payments (rule 7). Only an administrator can tag it so.';
    server.use(
      http.patch('/api/pipelines/{id}', ({ response }) =>
        response.untyped(
          problemResponse(403, 'Forbidden', { detail: reason, code: 'tag-escalation' }),
        ),
      ),
    );
    const patches = recordPatches();
    const { user } = await openPipelines();

    await user.click(
      within(await pipelinesTable()).getByRole('button', { name: 'Edit tags of payments/build' }),
    );
    const editor = await screen.findByRole('dialog', { name: 'Tags of pipeline payments/build' });
    await user.type(within(editor).getByRole('combobox', { name: 'Tags' }), 'production{Enter}');

    const refusal = await within(editor).findByText(reason);
    const save = within(editor).getByRole('button', { name: 'Save tags' });
    expect(save).toBeDisabled();
    expect(save).toHaveAccessibleDescription(reason);
    expect(refusal.closest('[role="alert"]')).not.toBeNull();
    // Taking the tag out again withdraws the refusal.
    await user.type(within(editor).getByRole('combobox', { name: 'Tags' }), '{Backspace}');
    await waitFor(() => expect(within(editor).queryByText(reason)).not.toBeInTheDocument());
    expect(patches).toEqual([]);
    expect(db.pipelines[0]!.tags).toEqual(['payments']);
  });

  it('says when someone else changed the pipeline first, and saves after a reload', async () => {
    // An administrator, and no rule: the preview finds no one affected and asks nothing.
    const pipeline = buildPipeline({ name: 'deploy', project: 'payments', tags: [], version: 1 });
    db.pipelines = [pipeline];
    const { user } = await openPipelines();
    await pipelinesTable();
    // Meanwhile, someone else tags it.
    db.pipelines = [{ ...pipeline, tags: ['staging'], version: 2 }];

    await user.click(screen.getByRole('button', { name: 'Edit tags of payments/deploy' }));
    const editor = await screen.findByRole('dialog', { name: 'Tags of pipeline payments/deploy' });
    await user.type(within(editor).getByRole('combobox', { name: 'Tags' }), 'qa{Enter}');
    await user.click(within(editor).getByRole('button', { name: 'Save tags' }));

    expect(
      await within(editor).findByText(/Someone else changed pipeline payments\/deploy/),
    ).toBeInTheDocument();
    expect(db.pipelines[0]!.tags).toEqual(['staging']);
    expect(within(editor).getByRole('button', { name: 'Save tags' })).toBeDisabled();

    await user.click(within(editor).getByRole('button', { name: 'Reload' }));
    // Their tag and this person's addition, together.
    await waitFor(() =>
      expect(within(editor).getByRole('button', { name: 'staging' })).toBeInTheDocument(),
    );
    expect(within(editor).getByRole('button', { name: 'qa' })).toBeInTheDocument();
    await user.click(within(editor).getByRole('button', { name: 'Save tags' }));

    expect(await screen.findByText('Tags of pipeline payments/deploy saved')).toBeInTheDocument();
    expect(db.pipelines[0]!.tags).toEqual(['qa', 'staging']);
  });

  it('tags the chosen pipelines in bulk and reports the ones someone else changed', async () => {
    db.person = buildUser();
    const [a, b] = [
      buildPipeline({ name: 'a', project: 'p', tags: [], version: 1 }),
      buildPipeline({ name: 'b', project: 'p', tags: [], version: 1 }),
    ];
    db.pipelines = [a!, b!];
    const patches = recordPatches();
    const { user } = await openPipelines();
    await pipelinesTable();
    // Someone else changes b after the list was loaded.
    db.pipelines = [a!, { ...b!, version: 2 }];

    await user.click(screen.getByRole('checkbox', { name: 'Select all pipelines on this page' }));
    await user.click(screen.getByRole('button', { name: 'Tag selected' }));
    const dialog = await screen.findByRole('dialog', { name: 'Tag 2 pipelines' });
    expect(dialog).toHaveTextContent(/you may lose access to the pipeline/);
    await user.type(within(dialog).getByRole('combobox', { name: 'Tags to add' }), 'qa{Enter}');
    await user.click(within(dialog).getByRole('button', { name: 'Save tags' }));

    expect(await within(dialog).findByText(/One was not changed/)).toBeInTheDocument();
    expect(dialog).toHaveTextContent('p/b: someone else changed it after you loaded the list');
    expect(await screen.findByText('Tags of 1 pipeline changed')).toBeInTheDocument();
    expect(patches.map((patch) => [patch.id, patch.ifMatch])).toEqual(
      expect.arrayContaining([
        [a!.id, '"1"'],
        [b!.id, '"1"'],
      ]),
    );
    expect(db.pipelines.find((p) => p.id === b!.id)!.tags).toEqual([]);

    await user.click(within(dialog).getByRole('button', { name: 'Reload' }));
    await waitFor(() =>
      expect(within(dialog).queryByText(/was not changed/)).not.toBeInTheDocument(),
    );
    expect(screen.getByRole('dialog', { name: 'Tag 1 pipeline' })).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Save tags' }));

    expect(await screen.findByText('Tags of 1 pipeline changed')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(db.pipelines.map((p) => p.tags)).toEqual([['qa'], ['qa']]);
    expect(patches.at(-1)).toMatchObject({ id: b!.id, ifMatch: '"2"' });
  });
});

describe('pipelines: bulk tagging by a person who is not an administrator', () => {
  it('lists the pipelines the change would be refused for, with the reason, and saves only the others', async () => {
    db.person = buildUser();
    const [a, deploy] = [
      buildPipeline({ name: 'a', project: 'p', tags: [], version: 1 }),
      buildPipeline({
        name: 'deploy',
        project: 'payments',
        tags: ['payments'],
        privileges: ['read', 'update', 'run'],
        version: 5,
      }),
    ];
    db.pipelines = [a!, deploy!];
    const reason =
      'Adding qa would leave payments/deploy tagged payments and qa, which no create rule of your teams allows. Only an administrator can tag it so.';
    server.use(
      http.patch('/api/pipelines/{id}', ({ params, response }) =>
        params.id === deploy!.id
          ? response.untyped(
              problemResponse(403, 'Forbidden', { detail: reason, code: 'tag-escalation' }),
            )
          : undefined,
      ),
    );
    const patches = recordPatches();
    const { user } = await openPipelines();
    await pipelinesTable();

    await user.click(screen.getByRole('checkbox', { name: 'Select all pipelines on this page' }));
    await user.click(screen.getByRole('button', { name: 'Tag selected' }));
    const dialog = await screen.findByRole('dialog', { name: 'Tag 2 pipelines' });
    await user.type(within(dialog).getByRole('combobox', { name: 'Tags to add' }), 'qa{Enter}');
    await user.click(within(dialog).getByRole('button', { name: 'Save tags' }));

    expect(
      await within(dialog).findByText(/This change would be refused for one of them/),
    ).toBeInTheDocument();
    expect(dialog).toHaveTextContent(`payments/deploy: ${reason}`);
    expect(patches).toEqual([]);

    await user.click(within(dialog).getByRole('button', { name: 'Save tags of the other 1' }));
    expect(await screen.findByText('Tags of 1 pipeline changed')).toBeInTheDocument();
    expect(patches).toEqual([{ id: a!.id, ifMatch: '"1"', body: { addTags: ['qa'] } }]);
    expect(db.pipelines.map((p) => p.tags)).toEqual([['qa'], ['payments']]);
  });
});

/** Opens "New pipeline" and fills its name and project. */
async function startCreating(user: ReturnType<typeof renderApp>['user']) {
  await user.click(screen.getByRole('button', { name: 'New pipeline' }));
  const dialog = await screen.findByRole('dialog', { name: 'New pipeline' });
  await user.type(within(dialog).getByRole('textbox', { name: 'Pipeline name' }), 'deploy');
  await user.type(within(dialog).getByRole('textbox', { name: 'Project' }), 'payments');
  return dialog;
}

describe('pipelines: the definition source', () => {
  it('shows each pipeline’s source in the list', async () => {
    db.pipelines = [
      buildPipeline({ name: 'build' }),
      buildPipeline({
        name: 'deploy',
        source: { type: 'url', url: 'https://ci.example.com/ci.yml' },
      }),
    ];
    await openPipelines();

    const table = await pipelinesTable();
    expect(within(table).getByRole('columnheader', { name: 'Source' })).toBeInTheDocument();
    const deploy = within(table).getByRole('rowheader', { name: 'deploy' }).closest('tr')!;
    expect(within(deploy).getByRole('cell', { name: 'URL' })).toBeInTheDocument();
    const build = within(table).getByRole('rowheader', { name: 'build' }).closest('tr')!;
    expect(within(build).getByRole('cell', { name: 'Inline' })).toBeInTheDocument();
  });

  it('starts an inline pipeline from the template, and says so', async () => {
    const { user } = await openPipelines();
    const dialog = await startCreating(user);

    expect(within(dialog).getByRole('radio', { name: 'Inline editor' })).toBeChecked();
    expect(within(dialog).getByText(/starts from a small template/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Create pipeline' }));

    expect(
      await screen.findByRole('heading', { level: 1, name: 'payments/deploy' }),
    ).toBeInTheDocument();
    expect(db.pipelines[0]!.source).toEqual({ type: 'inline', yaml: INLINE_TEMPLATE });
  });

  it('shows a source the account turned off as disabled, with the reason', async () => {
    db.person = {
      ...db.person,
      account: { ...db.person.account, pipelineSources: { inline: false, git: true, url: true } },
    };
    const { user } = await openPipelines();
    const dialog = await startCreating(user);

    const inline = within(dialog).getByRole('radio', { name: 'Inline editor' });
    expect(inline).toBeDisabled();
    expect(inline).toHaveAccessibleDescription(sourceDisabledReason('inline'));
    expect(within(dialog).getByText(sourceDisabledReason('inline'))).toBeVisible();
    // The first source still allowed is chosen instead.
    expect(within(dialog).getByRole('radio', { name: 'File in a git repository' })).toBeChecked();
    expect(within(dialog).getByRole('radio', { name: 'Public URL' })).toBeEnabled();
  });

  it('refuses an address that is not https as it is typed, then creates from the https one', async () => {
    const { user } = await openPipelines();
    const dialog = await startCreating(user);

    await user.click(within(dialog).getByRole('radio', { name: 'Public URL' }));
    const url = within(dialog).getByRole('textbox', { name: 'URL' });
    await user.type(url, 'http://ci.example.com/ci.yml');
    expect(url).toHaveAccessibleDescription(
      'Public definitions are loaded over HTTPS only: the address starts with https://.',
    );
    expect(url).toBeInvalid();

    await user.clear(url);
    await user.type(url, 'https://ci.example.com/ci.yml');
    expect(url).toBeValid();
    await user.click(within(dialog).getByRole('button', { name: 'Create pipeline' }));

    expect(
      await screen.findByRole('heading', { level: 1, name: 'payments/deploy' }),
    ).toBeInTheDocument();
    expect(db.pipelines[0]!.source).toEqual({ type: 'url', url: 'https://ci.example.com/ci.yml' });
  });

  it('puts the server’s refusal of a git branch on the Branch field, keeping what was typed', async () => {
    const provider = buildGitProvider({ name: 'github-acme', kind: 'github' });
    db.gitProviders = [provider];
    const refusal =
      'Refused by the branches restriction of github-acme: main does not match /^((pipeline-definition)$).*/g.';
    const sent: unknown[] = [];
    server.use(
      http.post('/api/pipelines', async ({ request, response }) => {
        sent.push(await request.json());
        return response.untyped(
          problemResponse(422, 'Invalid input', {
            detail: refusal,
            code: 'restricted',
            errors: [{ path: 'source.branch', message: refusal }],
          }),
        );
      }),
    );
    const { user } = await openPipelines();
    const dialog = await startCreating(user);

    await user.click(within(dialog).getByRole('radio', { name: 'File in a git repository' }));
    await user.selectOptions(
      await within(dialog).findByRole('combobox', { name: 'Git provider' }),
      'github-acme (GitHub)',
    );
    await user.type(within(dialog).getByRole('textbox', { name: 'Repository' }), 'acme/api');
    await user.type(within(dialog).getByRole('textbox', { name: 'Branch' }), 'main');
    await user.type(within(dialog).getByRole('textbox', { name: 'Path' }), './codefresh.yml');
    await user.click(within(dialog).getByRole('button', { name: 'Create pipeline' }));

    const branch = within(dialog).getByRole('textbox', { name: 'Branch' });
    await waitFor(() => expect(branch).toHaveAccessibleDescription(refusal));
    expect(branch).toHaveFocus();
    expect(branch).toHaveValue('main');
    expect(sent).toEqual([
      {
        name: 'deploy',
        project: 'payments',
        tags: [],
        source: {
          type: 'git',
          gitProviderId: provider.id,
          repository: 'acme/api',
          branch: 'main',
          // As the contract normalises it: from the repository's root.
          path: 'codefresh.yml',
        },
      },
    ]);
  });
});
