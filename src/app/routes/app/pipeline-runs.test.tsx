import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { sourceDisabledReason } from '@contract/pipeline-sources';
import type { Pipeline } from '@contract/pipelines';
import { db } from '@/testing/mocks/db';
import { buildPerson, buildPipeline, buildRun, buildUser } from '@/testing/mocks/factories';
import { http } from '@/testing/mocks/http';
import { problemResponse } from '@/testing/mocks/problems';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

async function openRuns(pipeline: Pipeline) {
  db.pipelines = [pipeline];
  const app = renderApp(`/pipelines/${pipeline.id}`);
  expect(
    await screen.findByRole('heading', { level: 1, name: `${pipeline.project}/${pipeline.name}` }),
  ).toBeInTheDocument();
  const runs = await screen.findByRole('region', { name: 'Runs' });
  return { ...app, runs: within(runs) };
}

/** The bodies of the POSTs that start runs. */
function recordRunRequests() {
  const bodies: unknown[] = [];
  server.events.on('request:start', ({ request }) => {
    if (request.method === 'POST' && /\/api\/pipelines\/[^/]+\/runs$/.test(request.url)) {
      void request
        .clone()
        .json()
        .then((body: unknown) => bodies.push(body));
    }
  });
  return bodies;
}

/** A run of `pipeline` waiting at its approval step, by Grace. */
function waitingRun(pipeline: Pipeline, number = 4) {
  return buildRun({
    pipelineId: pipeline.id,
    number,
    state: 'pending-approval',
    trigger: { kind: 'manual', userId: null, userName: 'Grace Hopper' },
    steps: [
      { name: 'build', type: 'freestyle', state: 'succeeded' },
      { name: 'approve-deploy', type: 'pending-approval', state: 'pending' },
      { name: 'deploy', type: 'freestyle', state: 'pending' },
    ],
  });
}

describe('pipeline page: the Run button', () => {
  it('runs the pipeline, and the new run appears as run by the person', async () => {
    const sent = recordRunRequests();
    const { user, runs } = await openRuns(buildPipeline({ name: 'deploy' }));
    expect(await runs.findByText('This pipeline has not run yet.')).toBeInTheDocument();

    const run = runs.getByRole('button', { name: 'Run' });
    expect(run).toBeEnabled();
    await user.click(run);

    expect(await screen.findByText('Run #1 queued')).toBeInTheDocument();
    const table = await runs.findByRole('table', { name: 'Runs' });
    const row = within(within(table).getByRole('rowheader', { name: '#1' }).closest('tr')!);
    expect(row.getByText('Run by Ada Lovelace')).toBeInTheDocument();
    expect(row.getByText('Queued')).toBeInTheDocument();
    expect(sent).toEqual([{ debug: false }]);
  });

  it('starts a run in debug mode for people with debug, and says so on the run', async () => {
    const sent = recordRunRequests();
    const { user, runs } = await openRuns(buildPipeline({ name: 'deploy' }));

    await user.click(runs.getByRole('button', { name: 'Run in debug mode' }));

    expect(await screen.findByText('Run #1 queued in debug mode')).toBeInTheDocument();
    expect(await runs.findByText('Run by Ada Lovelace in debug mode')).toBeInTheDocument();
    expect(sent).toEqual([{ debug: true }]);
  });

  it('offers no debug mode to people without debug', async () => {
    db.person = buildUser();
    const { runs } = await openRuns(
      buildPipeline({ name: 'deploy', privileges: ['read', 'run'], canEditTags: false }),
    );

    expect(runs.getByRole('button', { name: 'Run' })).toBeEnabled();
    expect(runs.queryByRole('button', { name: 'Run in debug mode' })).not.toBeInTheDocument();
  });

  it('disables Run when the source is turned off, with the reason beside it', async () => {
    const reason = sourceDisabledReason('inline');
    const { runs } = await openRuns(
      buildPipeline({
        name: 'deploy',
        runnable: { allowed: false, code: 'source-disabled', reason },
      }),
    );

    const run = runs.getByRole('button', { name: 'Run' });
    expect(run).toBeDisabled();
    expect(run).toHaveAccessibleDescription(reason);
    expect(runs.getByText(reason)).toBeVisible();
    expect(runs.getByRole('button', { name: 'Run in debug mode' })).toBeDisabled();
  });

  it('disables Run when the definition deploys to a cluster the person may not read, with the reason', async () => {
    db.person = buildUser();
    const reason =
      'The definition deploys to prod-eu, which is not among the clusters you may read.';
    const { runs } = await openRuns(
      buildPipeline({
        name: 'deploy',
        privileges: ['read', 'run', 'debug'],
        canEditTags: false,
        runnable: { allowed: false, code: 'cluster-not-allowed', reason },
      }),
    );

    const run = runs.getByRole('button', { name: 'Run' });
    expect(run).toBeDisabled();
    expect(run).toHaveAccessibleDescription(reason);
    expect(runs.getByRole('button', { name: 'Run in debug mode' })).toBeDisabled();
  });

  it('reloads the pipeline when the server refuses a run, so Run says why from then on', async () => {
    // The person's access to prod-eu went while the page was open: the server refuses the run,
    // and the pipeline, read again, says why.
    const reason =
      'The definition deploys to prod-eu, which is not among the clusters you may read.';
    const pipeline = buildPipeline({ name: 'deploy' });
    server.use(
      http.post('/api/pipelines/{id}/runs', ({ response }) => {
        db.pipelines = db.pipelines.map((p) => ({
          ...p,
          runnable: { allowed: false, code: 'cluster-not-allowed', reason },
        }));
        return response.untyped(
          problemResponse(409, 'Conflict', { detail: reason, code: 'cluster-not-allowed' }),
        );
      }),
    );
    const { user, runs } = await openRuns(pipeline);
    const run = runs.getByRole('button', { name: 'Run' });

    await user.click(run);

    await waitFor(() => expect(run).toBeDisabled());
    expect(run).toHaveAccessibleDescription(reason);
    // Said once, beside the button, not again in an alert.
    expect(runs.getAllByText(reason)).toHaveLength(1);
    expect(db.runs).toEqual([]);
  });

  it('tells people without run why they cannot run it', async () => {
    db.person = buildUser();
    const { runs } = await openRuns(
      buildPipeline({ name: 'deploy', privileges: ['read'], canEditTags: false }),
    );

    const run = runs.getByRole('button', { name: 'Run' });
    expect(run).toBeDisabled();
    expect(run).toHaveAccessibleDescription(
      'You may not run this pipeline: no rule of your teams gives you the run privilege on it.',
    );
  });

  it("shows the server's sentence when it refuses the run", async () => {
    const reason =
      'The restrictions of git provider github-acme refuse this definition: branches: main does not match ^release/.';
    server.use(
      http.post('/api/pipelines/{id}/runs', ({ response }) =>
        response.untyped(problemResponse(409, 'Conflict', { detail: reason, code: 'restricted' })),
      ),
    );
    const { user, runs } = await openRuns(buildPipeline({ name: 'deploy' }));

    await user.click(runs.getByRole('button', { name: 'Run' }));

    expect(await runs.findByRole('alert')).toHaveTextContent(reason);
    expect(db.runs).toEqual([]);
  });
});

describe('pipeline page: approvals', () => {
  it('lets people with approve approve a waiting run, and shows who approved it', async () => {
    const pipeline = buildPipeline({ name: 'deploy' });
    const run = waitingRun(pipeline);
    db.runs = [run];
    const { user, runs } = await openRuns(pipeline);

    expect(
      await runs.findByText('Run #4 waits for your approval at step approve-deploy.'),
    ).toBeInTheDocument();
    expect(runs.getByText('Waiting for approval')).toBeInTheDocument();
    await user.click(runs.getByRole('button', { name: 'Approve run #4' }));

    expect(await screen.findByText('Run #4 approved')).toBeInTheDocument();
    expect(await runs.findByText(/^Approved by Ada Lovelace at/)).toBeInTheDocument();
    expect(runs.queryByRole('button', { name: 'Approve run #4' })).not.toBeInTheDocument();
    expect(db.runs[0]).toMatchObject({
      state: 'queued',
      decisions: [{ decision: 'approved', step: 'approve-deploy', by: { name: 'Ada Lovelace' } }],
    });
  });

  it('denies a waiting run only after confirming', async () => {
    const pipeline = buildPipeline({ name: 'deploy' });
    db.runs = [waitingRun(pipeline)];
    const { user, runs } = await openRuns(pipeline);

    await user.click(await runs.findByRole('button', { name: 'Deny run #4' }));
    const dialog = await screen.findByRole('dialog', { name: 'Deny run #4?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(db.runs[0]!.state).toBe('pending-approval');

    await user.click(runs.getByRole('button', { name: 'Deny run #4' }));
    await user.click(
      within(await screen.findByRole('dialog', { name: 'Deny run #4?' })).getByRole('button', {
        name: 'Deny run',
      }),
    );

    expect(await screen.findByText('Run #4 denied')).toBeInTheDocument();
    expect(await runs.findByText('Denied')).toBeInTheDocument();
    expect(runs.getByText(/^Denied by Ada Lovelace at/)).toBeInTheDocument();
    expect(db.runs[0]).toMatchObject({ state: 'denied', decisions: [{ decision: 'denied' }] });
  });

  it('shows people without approve who may approve, and no buttons', async () => {
    db.person = buildUser();
    db.people = [
      buildPerson({ name: 'Ada Lovelace', level: 'administrator' }),
      buildPerson({ name: 'Katherine Johnson', level: 'administrator' }),
      buildPerson({ name: 'Grace Hopper', level: 'user' }),
    ];
    const pipeline = buildPipeline({
      name: 'deploy',
      privileges: ['read', 'run'],
      canEditTags: false,
    });
    db.runs = [waitingRun(pipeline)];
    const { runs } = await openRuns(pipeline);

    expect(
      await runs.findByText(
        'Run #4 waits for approval. You may not approve it; who may: Ada Lovelace, Katherine Johnson.',
      ),
    ).toBeInTheDocument();
    expect(runs.queryByRole('button', { name: 'Approve run #4' })).not.toBeInTheDocument();
    expect(runs.queryByRole('button', { name: 'Deny run #4' })).not.toBeInTheDocument();
  });

  it('shows the server’s refusal when someone else decided first', async () => {
    const pipeline = buildPipeline({ name: 'deploy' });
    db.runs = [waitingRun(pipeline)];
    const { user, runs } = await openRuns(pipeline);
    db.runs = [{ ...db.runs[0]!, state: 'running' }];

    await user.click(await runs.findByRole('button', { name: 'Approve run #4' }));

    expect(await runs.findByRole('alert')).toHaveTextContent('Run #4 is not waiting for approval.');
  });
});
