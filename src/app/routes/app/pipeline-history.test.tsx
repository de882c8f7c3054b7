import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Pipeline, PipelineVersion } from '@contract/pipelines';
import { db } from '@/testing/mocks/db';
import { buildPipeline } from '@/testing/mocks/factories';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

// Monaco's diff editor needs a real browser (e2e/pipeline-editor.spec.ts drives it): here it is
// two labelled blocks of text with the same props.
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

const TEXTS = ['steps: {}\n', 'steps:\n  a: {}\n', 'steps:\n  a: {}\n  b: {}\n'];

function scene(overrides: Partial<Pipeline> = {}) {
  const pipeline = buildPipeline({
    name: 'deploy',
    project: 'payments',
    version: 7,
    source: { type: 'inline', yaml: TEXTS[2]! },
    ...overrides,
  });
  db.pipelines = [pipeline];
  db.pipelineVersions[pipeline.id] = TEXTS.map((definition, index): PipelineVersion => ({
    n: index + 1,
    who: index === 0 ? null : { id: db.person.id, name: 'Ada Lovelace', email: 'ada@example.com' },
    when: `2026-03-0${index + 1}T09:00:00.000Z`,
    lines: definition.replace(/\n$/, '').split('\n').length,
    digest: `${index + 1}`.repeat(64),
    definition,
  }));
  return pipeline;
}

async function openHistory(pipeline: Pipeline, query = '') {
  const app = renderApp(`/pipelines/${pipeline.id}/history${query}`);
  expect(
    await screen.findByRole('heading', { level: 1, name: 'History of payments/deploy' }),
  ).toBeInTheDocument();
  return app;
}

const rowsOf = async () =>
  within(await screen.findByRole('table', { name: 'Saved versions' }))
    .getAllByRole('row')
    .slice(1)
    .map((row) =>
      within(row)
        .getAllByRole('cell')
        .slice(0, 5)
        .map((cell) => cell.textContent),
    );

afterEach(() => {
  server.events.removeAllListeners();
});

describe('pipeline history', () => {
  it('lists the versions newest first, and compares the newest with the one before', async () => {
    const pipeline = scene();
    await openHistory(pipeline);
    const rows = await rowsOf();
    expect(rows.map((row) => [row[0], row[1], row[3], row[4]])).toEqual([
      ['3 (newest)', 'Ada Lovelace', '3', '33333333'],
      ['2', 'Ada Lovelace', '2', '22222222'],
      ['1', 'Not known', '1', '11111111'],
    ]);
    expect(
      await screen.findByLabelText('Version 2 of the definition (read-only)'),
    ).toHaveTextContent('a: {}');
    expect(screen.getByLabelText('Version 3 of the definition (read-only)').textContent).toBe(
      TEXTS[2],
    );
  });

  it('compares any two versions chosen, and the one an address names with the one before', async () => {
    const pipeline = scene();
    const { user } = await openHistory(pipeline, '?version=2');
    expect(
      await screen.findByLabelText('Version 1 of the definition (read-only)'),
    ).toHaveTextContent('steps: {}');
    expect(screen.getByLabelText('Version 2 of the definition (read-only)')).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('To'), '3');
    expect(
      await screen.findByLabelText('Version 3 of the definition (read-only)'),
    ).toHaveTextContent('b: {}');
    await user.click(screen.getByRole('button', { name: 'Compare version 2 with the one before' }));
    expect(
      await screen.findByLabelText('Version 2 of the definition (read-only)'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('From')).toHaveValue('1');
  });

  it('restores a version as a new one after a confirmation, based on the version shown', async () => {
    const pipeline = scene();
    const { user } = await openHistory(pipeline);
    await user.click(await screen.findByRole('button', { name: 'Restore version 1' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Restore version 1 of payments/deploy?',
    });
    await user.click(within(dialog).getByRole('button', { name: 'Restore this version' }));
    expect(
      await screen.findByText('Version 1 of payments/deploy restored as a new version'),
    ).toBeInTheDocument();
    await waitFor(async () => expect((await rowsOf())[0]![0]).toBe('4 (newest)'));
    expect(db.pipelines[0]).toMatchObject({
      version: 8,
      source: { type: 'inline', yaml: TEXTS[0] },
    });
  });

  it('says when someone saved in between, saves nothing and reloads the pipeline', async () => {
    const pipeline = scene();
    let reads = 0;
    server.events.on('request:start', ({ request }) => {
      const path = new URL(request.url).pathname;
      if (request.method === 'GET' && path === `/api/pipelines/${pipeline.id}`) reads += 1;
    });
    const { user } = await openHistory(pipeline);
    await rowsOf();
    const readsBefore = reads;
    // Someone else saves after the page loaded.
    db.pipelines = [{ ...db.pipelines[0]!, version: 8 }];
    await user.click(await screen.findByRole('button', { name: 'Restore version 2' }));
    await user.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Restore this version',
      }),
    );
    expect(
      await screen.findByText(/Someone saved payments\/deploy since you loaded it/),
    ).toBeVisible();
    expect(db.pipelineVersions[pipeline.id]).toHaveLength(3);
    // Reloaded: the page asks for the pipeline (and its newest version) again.
    await waitFor(() => expect(reads).toBeGreaterThan(readsBefore));
  });

  it('lets a person who may only read compare versions, not restore one', async () => {
    const pipeline = scene({ privileges: ['read'] });
    await openHistory(pipeline);
    await rowsOf();
    expect(screen.queryByRole('button', { name: /^Restore version/ })).toBeNull();
    expect(screen.getByText(/you can compare its versions, not restore one/)).toBeVisible();
    expect(
      await screen.findByLabelText('Version 3 of the definition (read-only)'),
    ).toBeInTheDocument();
  });
});
