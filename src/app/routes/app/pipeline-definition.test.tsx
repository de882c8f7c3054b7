import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/testing/mocks/db';
import { buildPipeline, buildUser } from '@/testing/mocks/factories';
import { http } from '@/testing/mocks/http';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

// Monaco needs a real browser (its layout, workers and the YAML service): the journeys in
// e2e/pipeline-editor.spec.ts drive it. Here the two components that wrap it are plain text
// areas with the same props, so that saving, the diff, drafts and merging are tested alone.
vi.mock('@/features/pipeline-editor/components/code-editor', () => ({
  CodeEditor: (props: {
    value: string;
    readOnly: boolean;
    label: string;
    onChange?: (text: string) => void;
  }) => (
    <textarea
      aria-label={props.label}
      readOnly={props.readOnly}
      value={props.value}
      onChange={(event) => props.onChange?.(event.target.value)}
    />
  ),
}));
vi.mock('@/features/pipeline-editor/components/diff-view', () => ({
  DiffView: (props: {
    original: string;
    modified: string;
    originalLabel: string;
    modifiedLabel: string;
  }) => (
    <div data-testid="diff-view">
      <pre aria-label={props.originalLabel}>{props.original}</pre>
      <pre aria-label={props.modifiedLabel}>{props.modified}</pre>
    </div>
  ),
}));

const STORED = `version: '1.0'
steps:
  build:
    type: build
    image_name: api
`;
const EDITED = STORED.replace('image_name: api', 'image_name: api-server');

function definitionPipeline(overrides: Parameters<typeof buildPipeline>[0] = {}) {
  const pipeline = buildPipeline({
    name: 'deploy',
    project: 'payments',
    version: 3,
    source: { type: 'inline', yaml: STORED },
    ...overrides,
  });
  db.pipelines = [pipeline];
  return pipeline;
}

async function openEditor(pipelineId: string) {
  const app = renderApp(`/pipelines/${pipelineId}/definition`);
  expect(
    await screen.findByRole('heading', { level: 1, name: 'Definition of payments/deploy' }),
  ).toBeInTheDocument();
  const editor = screen.getByRole('textbox', { name: /Definition of pipeline payments\/deploy/ });
  return { ...app, editor };
}

/** Replaces the editor's whole text, as typing would. */
function edit(editor: HTMLElement, text: string) {
  fireEvent.change(editor, { target: { value: text } });
}

/** The If-Match and definition of every PATCH of a pipeline. */
function recordSaves() {
  const sent: { ifMatch: string | null; yaml?: string }[] = [];
  server.events.on('request:start', async ({ request }) => {
    if (request.method !== 'PATCH' || !request.url.includes('/api/pipelines/')) return;
    const body = (await request.clone().json()) as { source?: { yaml?: string } };
    sent.push({ ifMatch: request.headers.get('If-Match'), yaml: body.source?.yaml });
  });
  return sent;
}

function breadcrumbLink(name: string) {
  return within(screen.getByRole('navigation', { name: 'Breadcrumb' })).getByRole('link', { name });
}

const draftKey = (pipelineId: string) => `perimeter:pipeline-draft:${db.person.id}:${pipelineId}`;

describe('pipeline definition editor', () => {
  // Drafts are kept per person and pipeline; each test starts with none.
  afterEach(() => localStorage.clear());

  it('saves through the diff of the stored version against the edit, based on the version shown', async () => {
    const pipeline = definitionPipeline();
    const sent = recordSaves();
    const { user, editor } = await openEditor(pipeline.id);
    expect(editor).toHaveValue(STORED);
    expect(screen.getByRole('button', { name: 'Save…' })).toBeDisabled();

    edit(editor, EDITED);
    expect(screen.getByText(/Version 3 · unsaved changes/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save…' }));

    const dialog = await screen.findByRole('dialog', {
      name: 'Save the definition of payments/deploy?',
    });
    expect(within(dialog).getByLabelText('Version 3 as stored (read-only)')).toHaveTextContent(
      'image_name: api',
    );
    expect(within(dialog).getByLabelText('Your edit (read-only here)')).toHaveTextContent(
      'image_name: api-server',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    expect(
      await screen.findByText('Definition of payments/deploy saved as version 4'),
    ).toBeVisible();
    expect(sent).toEqual([{ ifMatch: '"3"', yaml: EDITED }]);
    expect(db.pipelines[0]!.source).toMatchObject({ yaml: EDITED });
    await waitFor(() => expect(screen.getByText(/Version 4 · no changes/)).toBeInTheDocument());
    expect(localStorage.getItem(draftKey(pipeline.id))).toBeNull();
  });

  it('shows the server’s refusal with the line and column of each problem, and keeps the edit', async () => {
    const pipeline = definitionPipeline();
    server.use(
      http.patch('/api/pipelines/{id}', ({ response }) =>
        response.untyped(
          Response.json(
            {
              type: 'about:blank',
              title: 'The request has invalid fields',
              status: 422,
              errors: [
                {
                  path: 'source.yaml',
                  message: 'A build step needs image_name.',
                  line: 3,
                  column: 3,
                },
              ],
            },
            { status: 422, headers: { 'Content-Type': 'application/problem+json' } },
          ),
        ),
      ),
    );
    const { user, editor } = await openEditor(pipeline.id);
    edit(editor, EDITED);
    await user.click(screen.getByRole('button', { name: 'Save…' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    expect(
      await within(dialog).findByText('Line 3, column 3: A build step needs image_name.'),
    ).toBeVisible();
    expect(editor).toHaveValue(EDITED);
    expect(db.pipelines[0]).toMatchObject({ version: 3 });
  });

  it('never overwrites a version saved meanwhile: the stale save opens the merge view, and the merged result is saved on top of it', async () => {
    const pipeline = definitionPipeline();
    const sent = recordSaves();
    const { user, editor } = await openEditor(pipeline.id);
    edit(editor, EDITED);
    // Someone else adds a tag to the build step and saves version 4.
    const theirs = STORED.replace('image_name: api', 'image_name: api\n    tag: stable');
    db.pipelines = [{ ...db.pipelines[0]!, source: { type: 'inline', yaml: theirs }, version: 4 }];

    await user.click(screen.getByRole('button', { name: 'Save…' }));
    await user.click(
      within(await screen.findByRole('dialog')).getByRole('button', { name: 'Save' }),
    );

    const merge = await screen.findByRole('dialog', {
      name: 'Merge your edit of payments/deploy with version 4',
    });
    expect(
      within(merge).getByRole('region', { name: 'Their changes (version 3 → 4)' }),
    ).toBeVisible();
    expect(within(merge).getByLabelText('Theirs: version 4 (read-only)')).toHaveTextContent(
      'tag: stable',
    );
    expect(within(merge).getByLabelText('Yours: your edit (read-only)')).toHaveTextContent(
      'image_name: api-server',
    );
    // Both changed the same line: the result keeps both between markers until settled.
    const result = within(merge).getByRole('textbox', {
      name: 'Merged definition of payments/deploy, editable',
    });
    expect((result as HTMLTextAreaElement).value).toContain('<<<<<<< yours');
    const useResult = within(merge).getByRole('button', { name: 'Use the result' });
    expect(useResult).toBeDisabled();
    const settled = STORED.replace('image_name: api', 'image_name: api-server\n    tag: stable');
    edit(result, settled);
    await user.click(useResult);
    await waitFor(() => expect(merge).not.toBeInTheDocument());

    expect(editor).toHaveValue(settled);
    expect(screen.getByText(/Version 4 · unsaved changes/)).toBeInTheDocument();
    await user.click(await screen.findByRole('button', { name: 'Save…' }));
    await user.click(
      within(await screen.findByRole('dialog')).getByRole('button', { name: 'Save' }),
    );
    expect(
      await screen.findByText('Definition of payments/deploy saved as version 5'),
    ).toBeVisible();
    expect(sent.map((save) => save.ifMatch)).toEqual(['"3"', '"4"']);
    expect(db.pipelines[0]!.source).toMatchObject({ yaml: settled });
  });

  it('brings back unsaved edits after a reload, and discards them on request', async () => {
    const pipeline = definitionPipeline();
    localStorage.setItem(
      draftKey(pipeline.id),
      JSON.stringify({
        baseVersion: 3,
        baseYaml: STORED,
        yaml: EDITED,
        updatedAt: '2026-12-05T09:30:00.000Z',
      }),
    );
    const { user, editor } = await openEditor(pipeline.id);
    expect(editor).toHaveValue(EDITED);
    expect(screen.getByText(/Your unsaved changes from .* are back in the editor/)).toBeVisible();

    await user.click(screen.getByRole('button', { name: 'Discard them' }));
    expect(editor).toHaveValue(STORED);
    expect(localStorage.getItem(draftKey(pipeline.id))).toBeNull();
  });

  it('keeps the edit in the browser while typing pauses', async () => {
    const pipeline = definitionPipeline();
    const { editor } = await openEditor(pipeline.id);
    edit(editor, EDITED);
    await waitFor(() => expect(localStorage.getItem(draftKey(pipeline.id))).not.toBeNull());
    expect(JSON.parse(localStorage.getItem(draftKey(pipeline.id))!)).toMatchObject({
      baseVersion: 3,
      baseYaml: STORED,
      yaml: EDITED,
    });
  });

  it('opens a draft made on an older version in the merge view', async () => {
    const newer = STORED.replace('image_name: api', 'image_name: api\n    tag: stable');
    const pipeline = definitionPipeline({ source: { type: 'inline', yaml: newer }, version: 4 });
    localStorage.setItem(
      draftKey(pipeline.id),
      JSON.stringify({
        baseVersion: 3,
        baseYaml: STORED,
        yaml: STORED.replace('version: ', 'mode: parallel\nversion: '),
        updatedAt: '2026-12-05T09:30:00.000Z',
      }),
    );
    renderApp(`/pipelines/${pipeline.id}/definition`);

    const merge = await screen.findByRole('dialog', {
      name: 'Merge your edit of payments/deploy with version 4',
    });
    expect(within(merge).getByText(/merged without overlap/)).toBeVisible();
    expect(within(merge).getByRole('textbox', { name: /Merged definition/ })).toHaveValue(
      newer.replace('version: ', 'mode: parallel\nversion: '),
    );
  });

  it('is read-only, and says why, for a person without update', async () => {
    db.person = buildUser();
    const pipeline = definitionPipeline({ privileges: ['read', 'run'] });
    renderApp(`/pipelines/${pipeline.id}/definition`);

    const editor = await screen.findByRole('textbox', {
      name: 'Definition of pipeline payments/deploy, YAML, read-only',
    });
    expect(editor).toHaveAttribute('readonly');
    expect(screen.getByText(/You can read this definition but not change it/)).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Save…' })).not.toBeInTheDocument();
  });

  it('still saves while inline definitions are turned off, and says the pipeline cannot run', async () => {
    const pipeline = definitionPipeline({
      runnable: {
        allowed: false,
        code: 'source-disabled',
        reason: 'Inline definitions are turned off for this account.',
      },
    });
    const { user, editor } = await openEditor(pipeline.id);
    expect(
      screen.getByText(/You can edit and save this definition, but the pipeline cannot run now/),
    ).toHaveTextContent('Inline definitions are turned off for this account.');

    edit(editor, EDITED);
    await user.click(screen.getByRole('button', { name: 'Save…' }));
    await user.click(
      within(await screen.findByRole('dialog')).getByRole('button', { name: 'Save' }),
    );
    expect(
      await screen.findByText('Definition of payments/deploy saved as version 4'),
    ).toBeVisible();
  });

  it('does not promise a save when the definition deploys to a cluster the person may not read', async () => {
    const reason =
      'The definition deploys to prod-eu, which is not among the clusters you may read.';
    const pipeline = definitionPipeline({
      runnable: { allowed: false, code: 'cluster-not-allowed', reason },
    });
    await openEditor(pipeline.id);
    const alert = screen.getByText(/The pipeline cannot run now/);
    expect(alert).toHaveTextContent(
      `The pipeline cannot run now: ${reason} It saves only once it deploys to clusters you may read.`,
    );
    expect(screen.queryByText(/You can edit and save this definition/)).not.toBeInTheDocument();
  });

  it('asks before leaving with unsaved edits', async () => {
    const pipeline = definitionPipeline();
    const { user, editor, router } = await openEditor(pipeline.id);
    edit(editor, EDITED);

    await user.click(breadcrumbLink('Pipelines'));
    const ask = await screen.findByRole('dialog', { name: 'Leave with unsaved changes?' });
    await user.click(within(ask).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(ask).not.toBeInTheDocument());
    expect(router.state.location.pathname).toBe(`/pipelines/${pipeline.id}/definition`);
    expect(editor).toHaveValue(EDITED);

    await user.click(breadcrumbLink('Pipelines'));
    await user.click(
      within(await screen.findByRole('dialog', { name: 'Leave with unsaved changes?' })).getByRole(
        'button',
        { name: 'Leave' },
      ),
    );
    await waitFor(() => expect(router.state.location.pathname).toBe('/pipelines'));
  });

  it('sends a pipeline whose definition is not inline to its page', async () => {
    const pipeline = definitionPipeline({
      source: { type: 'url', url: 'https://example.com/ci.yml' },
    });
    renderApp(`/pipelines/${pipeline.id}/definition`);
    expect(await screen.findByText(/This pipeline’s definition is not inline/)).toBeVisible();
    expect(screen.getByRole('link', { name: 'Go to payments/deploy' })).toHaveAttribute(
      'href',
      `/pipelines/${pipeline.id}`,
    );
  });
});
