import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { GitProvider } from '@contract/integrations';
import { db } from '@/testing/mocks/db';
import {
  buildGitProvider,
  buildPipeline,
  buildRestrictions,
  buildUser,
} from '@/testing/mocks/factories';
import { http } from '@/testing/mocks/http';
import { problemResponse } from '@/testing/mocks/problems';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

const LITERAL = '/^((pipeline-definition)$).*/g';

function seedProvider(): GitProvider {
  const provider = buildGitProvider({ name: 'corp-gitlab' });
  db.gitProviders = [provider];
  return provider;
}

function gitPipeline(provider: GitProvider, name: string, branch: string) {
  return buildPipeline({
    name,
    source: {
      type: 'git',
      gitProviderId: provider.id,
      gitProviderName: provider.name,
      repository: 'acme/api',
      branch,
      path: 'codefresh.yml',
    },
  });
}

async function openRestrictions(provider: GitProvider) {
  const app = renderApp(`/admin/integrations/git-providers/${provider.id}/restrictions`);
  expect(
    await screen.findByRole('heading', { level: 1, name: `Restrictions of ${provider.name}` }),
  ).toBeInTheDocument();
  await screen.findByRole('textbox', { name: 'Branch pattern' });
  return app;
}

type Recorded = { body: unknown; ifMatch: string | null };

/** The requests the mock API receives for `method` on `path`. */
function record(method: string, path: string): Recorded[] {
  const requests: Recorded[] = [];
  server.events.on('request:start', ({ request }) => {
    if (request.method !== method || new URL(request.url).pathname !== path) return;
    const ifMatch = request.headers.get('If-Match');
    void request
      .clone()
      .json()
      .then((body: unknown) => requests.push({ body, ifMatch }));
  });
  return requests;
}

const field = (name: string) => screen.getByRole('textbox', { name });
const saveButton = () => screen.getByRole('button', { name: 'Save restrictions' });

afterEach(() => server.events.removeAllListeners());

describe('git provider restrictions', () => {
  it('opens from the git providers table, and says how many pipelines use the provider and are refused', async () => {
    const provider = seedProvider();
    db.pipelines = [gitPipeline(provider, 'api', 'main'), gitPipeline(provider, 'docs', 'docs')];
    db.restrictions[provider.id] = buildRestrictions({
      gitProviderId: provider.id,
      branches: '^main$',
    });
    const { user, router } = renderApp('/admin/integrations');

    await user.click(await screen.findByRole('link', { name: 'Restrictions of corp-gitlab' }));

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Restrictions of corp-gitlab' }),
    ).toBeInTheDocument();
    expect(router.state.location.pathname).toBe(
      `/admin/integrations/git-providers/${provider.id}/restrictions`,
    );
    expect(
      await screen.findByText(
        '2 pipelines take their definition from this provider; 1 is refused by the saved restrictions.',
      ),
    ).toBeVisible();
    expect(screen.getByRole('radio', { name: 'All repositories' })).toBeChecked();
    expect(field('Branch pattern')).toHaveValue('^main$');
    expect(field('Path glob')).toHaveValue('');
  });

  it('refuses an invalid branch pattern as it is typed, with the reason, and saves the seeds’ literal with If-Match', async () => {
    const provider = seedProvider();
    const saves = record('PUT', `/api/git-providers/${provider.id}/restrictions`);
    const { user } = await openRestrictions(provider);

    await user.type(field('Branch pattern'), '(?=main)');
    expect(field('Branch pattern')).toHaveAttribute('aria-invalid', 'true');
    expect(field('Branch pattern')).toHaveAccessibleDescription(
      /Not a valid regular expression \(RE2 syntax: invalid or unsupported Perl syntax/,
    );
    await user.click(saveButton());
    expect(saves).toEqual([]);

    await user.clear(field('Branch pattern'));
    await user.type(field('Branch pattern'), LITERAL.replace(/[{[]/g, '$&$&'));
    expect(field('Branch pattern')).toHaveValue(LITERAL);
    expect(field('Branch pattern')).not.toHaveAttribute('aria-invalid', 'true');
    await user.click(saveButton());

    await waitFor(() =>
      expect(saves).toEqual([
        { body: { repositories: null, branches: LITERAL, paths: null }, ifMatch: '"1"' },
      ]),
    );
    expect(await screen.findByText(/^Ada Lovelace, /)).toBeVisible();
    expect(db.restrictions[provider.id]?.branches).toBe(LITERAL);
  });

  it('refuses a repository pattern and a glob that cannot be read, each under its field', async () => {
    const provider = seedProvider();
    const { user } = await openRestrictions(provider);

    await user.click(screen.getByRole('radio', { name: 'Matching a pattern' }));
    await user.type(field('Repository pattern'), '^acme/(api');
    expect(field('Repository pattern')).toHaveAccessibleDescription(/missing closing \)/);
    await user.type(field('Path glob'), 'ci/{{a,b');
    expect(field('Path glob')).toHaveAccessibleDescription('Not a valid glob: A { is not closed.');
  });

  it('saves a picked list of repositories, refusing a name that is not owner/repository and one already picked', async () => {
    const provider = seedProvider();
    const saves = record('PUT', `/api/git-providers/${provider.id}/restrictions`);
    const { user } = await openRestrictions(provider);

    await user.click(screen.getByRole('radio', { name: 'Picked list' }));
    const toAdd = field('Repository to add');
    await user.type(toAdd, 'acme/web{Enter}');
    await user.type(toAdd, 'acme/api');
    await user.click(screen.getByRole('button', { name: 'Add repository' }));
    await user.type(toAdd, 'not a repository{Enter}');
    expect(toAdd).toHaveAccessibleDescription(/Name the repository as owner\/repository/);
    await user.clear(toAdd);
    await user.type(toAdd, 'ACME/web{Enter}');
    expect(toAdd).toHaveAccessibleDescription('ACME/web is already in the list.');
    await user.clear(toAdd);
    await user.type(toAdd, 'acme/old{Enter}');

    const picked = screen.getByRole('list', { name: 'Picked repositories' });
    expect(
      within(picked)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['acme/web', 'acme/api', 'acme/old']);
    await user.click(screen.getByRole('button', { name: 'Remove acme/old' }));
    await user.click(saveButton());

    await waitFor(() =>
      expect(saves.map((save) => save.body)).toEqual([
        // As the contract reads a list: each name once, sorted.
        { repositories: { names: ['acme/api', 'acme/web'] }, branches: null, paths: null },
      ]),
    );
    expect(db.restrictions[provider.id]?.repositories).toEqual({
      names: ['acme/api', 'acme/web'],
    });
  });

  it('asks for at least one repository when the picked list is empty', async () => {
    const provider = seedProvider();
    const { user } = await openRestrictions(provider);

    await user.click(screen.getByRole('radio', { name: 'Picked list' }));
    await user.click(saveButton());

    expect(
      await screen.findByText('Pick at least one repository, or allow every repository.'),
    ).toBeVisible();
  });

  it('shows the server’s refusal under the field it names', async () => {
    const provider = seedProvider();
    server.use(
      http.put('/api/git-providers/{id}/restrictions', ({ response }) =>
        response.untyped(
          problemResponse(422, 'Invalid input', {
            detail: 'A glob has at most 1,000 characters.',
            errors: [{ path: 'paths', message: 'A glob has at most 1,000 characters.' }],
          }),
        ),
      ),
    );
    const { user } = await openRestrictions(provider);

    await user.type(field('Path glob'), 'ci/**');
    await user.click(saveButton());

    await waitFor(() =>
      expect(field('Path glob')).toHaveAccessibleDescription(
        'A glob has at most 1,000 characters.',
      ),
    );
    expect(field('Path glob')).toHaveFocus();
    expect(field('Path glob')).toHaveValue('ci/**');
  });

  it('keeps what was typed when someone else saved first, and saves it after a reload', async () => {
    const provider = seedProvider();
    const saves = record('PUT', `/api/git-providers/${provider.id}/restrictions`);
    const { user } = await openRestrictions(provider);
    // Another administrator saves meanwhile.
    db.restrictions[provider.id] = buildRestrictions({
      gitProviderId: provider.id,
      paths: 'ci/**',
      version: 2,
    });

    await user.type(field('Branch pattern'), '^main$');
    await user.click(saveButton());

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(/Someone else changed the restrictions of corp-gitlab/);
    expect(field('Branch pattern')).toHaveValue('^main$');
    expect(db.restrictions[provider.id]?.branches).toBeNull();

    await user.click(within(alert).getByRole('button', { name: 'Reload' }));
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
    expect(field('Branch pattern')).toHaveValue('^main$');
    await user.click(saveButton());

    await waitFor(() => expect(db.restrictions[provider.id]?.branches).toBe('^main$'));
    expect(saves.map((save) => save.ifMatch)).toEqual(['"1"', '"2"']);
  });

  it('asks before saving restrictions that refuse pipelines, naming the first ten and counting the rest', async () => {
    const provider = seedProvider();
    db.pipelines = [
      ...Array.from({ length: 12 }, (_, i) =>
        gitPipeline(provider, `api-${String(i + 1).padStart(2, '0')}`, 'main'),
      ),
      gitPipeline(provider, 'docs', 'docs'),
      gitPipeline(provider, 'release', 'release'),
    ];
    // Saved: docs is refused already.
    db.restrictions[provider.id] = buildRestrictions({
      gitProviderId: provider.id,
      branches: '^(main|release)$',
    });
    const saves = record('PUT', `/api/git-providers/${provider.id}/restrictions`);
    const { user } = await openRestrictions(provider);

    await user.clear(field('Branch pattern'));
    await user.type(field('Branch pattern'), '^release$');
    await user.click(saveButton());

    const dialog = await screen.findByRole('dialog', {
      name: 'Save restrictions that refuse 13 pipelines?',
    });
    expect(dialog).toHaveTextContent(
      'Saving them stops 12 pipelines that may run today: their definitions are files these restrictions refuse.',
    );
    const listed = within(
      within(dialog).getByRole('list', { name: 'Pipelines these restrictions refuse' }),
    ).getAllByRole('listitem');
    expect(listed).toHaveLength(10);
    expect(listed[0]).toHaveTextContent(
      'payments/api-01 — stops running. Branches: main does not match ^release$.',
    );
    expect(within(listed[0]!).getByRole('link', { name: 'payments/api-01' })).toHaveAttribute(
      'href',
      `/pipelines/${db.pipelines[0]!.id}`,
    );
    expect(dialog).toHaveTextContent('and 3 more.');
    expect(dialog).toHaveTextContent('1 was refused already and stays refused.');
    expect(saves).toEqual([]);

    // Cancel saves nothing and keeps what was typed.
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(field('Branch pattern')).toHaveValue('^release$');
    expect(saves).toEqual([]);

    await user.click(saveButton());
    await user.click(
      within(await screen.findByRole('dialog')).getByRole('button', { name: 'Save restrictions' }),
    );
    await waitFor(() => expect(db.restrictions[provider.id]?.branches).toBe('^release$'));
    expect(saves).toEqual([
      { body: { repositories: null, branches: '^release$', paths: null }, ifMatch: '"1"' },
    ]);
    expect(await screen.findByText('Restrictions of corp-gitlab saved')).toBeVisible();
  });

  it('lists the pipelines it would stop before those already refused, and names the one it refuses', async () => {
    const provider = seedProvider();
    db.pipelines = [
      gitPipeline(provider, 'a-docs', 'docs'),
      gitPipeline(provider, 'z-api', 'main'),
    ];
    db.restrictions[provider.id] = buildRestrictions({
      gitProviderId: provider.id,
      branches: '^main$',
    });
    const { user } = await openRestrictions(provider);

    await user.type(field('Path glob'), 'ci/**');
    await user.click(saveButton());

    const dialog = await screen.findByRole('dialog', {
      name: 'Save restrictions that refuse 2 pipelines?',
    });
    expect(dialog).toHaveTextContent('Saving them stops 1 pipeline that may run today');
    expect(
      within(dialog)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      'payments/z-api — stops running. Paths: codefresh.yml does not match ci/**.',
      'payments/a-docs — refused already. Branches: docs does not match ^main$. Paths: codefresh.yml does not match ci/**.',
    ]);
  });

  it('saves at once when the restrictions refuse no pipeline, and says so when the check fails', async () => {
    const provider = seedProvider();
    db.pipelines = [gitPipeline(provider, 'api', 'main')];
    const saves = record('PUT', `/api/git-providers/${provider.id}/restrictions`);
    server.use(
      http.post('/api/git-providers/{id}/restrictions/impact', ({ response }) =>
        response.untyped(problemResponse(503, 'Service unavailable')),
      ),
    );
    const { user } = await openRestrictions(provider);

    await user.type(field('Branch pattern'), '^main$');
    await user.click(saveButton());
    expect(await screen.findByRole('alert')).toHaveTextContent(
      /^Not saved: the pipelines these restrictions would refuse could not be checked/,
    );
    expect(saves).toEqual([]);

    server.resetHandlers();
    await user.click(saveButton());
    await waitFor(() => expect(db.restrictions[provider.id]?.branches).toBe('^main$'));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(saves).toHaveLength(1);
  });

  it('tests a definition against the unsaved form, showing each check and the verdict', async () => {
    const provider = seedProvider();
    const tests = record('POST', '/api/restrictions/test');
    const { user } = await openRestrictions(provider);

    await user.type(field('Branch pattern'), LITERAL.replace(/[{[]/g, '$&$&'));
    await user.type(field('Repository'), 'acme/api');
    await user.type(field('Branch'), 'main');
    await user.type(field('Path'), 'codefresh.yml');
    await user.click(screen.getByRole('button', { name: 'Test' }));

    const result = screen.getByRole('status', { name: 'Test result' });
    await waitFor(() => expect(result).toHaveTextContent('Verdict: Refused'));
    expect(result).toHaveTextContent('Repositories: Not restricted — Every repository is allowed.');
    expect(result).toHaveTextContent(`Branches: Refused — main does not match ${LITERAL}.`);
    expect(result).toHaveTextContent('Paths: Not restricted — Every path is allowed.');
    expect(result).toHaveTextContent('Tried against the restrictions as they are in the form.');
    expect(tests[0]?.body).toEqual({
      gitProviderId: provider.id,
      repository: 'acme/api',
      branch: 'main',
      path: 'codefresh.yml',
      restrictions: { repositories: null, branches: LITERAL, paths: null },
    });
    // Nothing was saved.
    expect(db.restrictions[provider.id]).toBeUndefined();

    await user.clear(field('Branch'));
    await user.type(field('Branch'), 'pipeline-definition');
    await user.click(screen.getByRole('button', { name: 'Test' }));
    await waitFor(() => expect(result).toHaveTextContent('Verdict: Allowed'));
    expect(result).toHaveTextContent(`Branches: Allowed — pipeline-definition matches ${LITERAL}.`);
  });

  it('tests the saved restrictions, and says so, while the form has a mistake', async () => {
    const provider = seedProvider();
    db.restrictions[provider.id] = buildRestrictions({
      gitProviderId: provider.id,
      branches: '^main$',
    });
    const tests = record('POST', '/api/restrictions/test');
    const { user } = await openRestrictions(provider);

    await user.clear(field('Branch pattern'));
    await user.type(field('Branch pattern'), '(');
    await user.type(field('Repository'), 'acme/api');
    await user.type(field('Branch'), 'main');
    await user.type(field('Path'), 'codefresh.yml');
    await user.click(screen.getByRole('button', { name: 'Test' }));

    const result = screen.getByRole('status', { name: 'Test result' });
    await waitFor(() => expect(result).toHaveTextContent('Verdict: Allowed'));
    expect(result).toHaveTextContent('Branches: Allowed — main matches ^main$.');
    expect(result).toHaveTextContent(
      'The form has a mistake, so this tried the saved restrictions.',
    );
    expect(tests[0]?.body).not.toHaveProperty('restrictions');
  });

  it('refuses to test a definition that names no valid branch', async () => {
    const provider = seedProvider();
    const tests = record('POST', '/api/restrictions/test');
    const { user } = await openRestrictions(provider);

    await user.type(field('Repository'), 'acme/api');
    await user.type(field('Branch'), 'bad..branch');
    await user.type(field('Path'), 'codefresh.yml');
    await user.click(screen.getByRole('button', { name: 'Test' }));

    expect(field('Branch')).toHaveAccessibleDescription('A branch name has no "..", "@{" or "//".');
    expect(tests).toEqual([]);
  });

  it('tells a person with user level that the screen is for administrators', async () => {
    const provider = seedProvider();
    db.person = buildUser();
    renderApp(`/admin/integrations/git-providers/${provider.id}/restrictions`);

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Administrators only' }),
    ).toBeInTheDocument();
  });
});
