import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { UpdateClusterRequest } from '@contract/clusters';
import { db } from '@/testing/mocks/db';
import { buildCluster, buildPerson, buildUser } from '@/testing/mocks/factories';
import { seedRule } from '@/testing/mocks/handlers/access';
import { http } from '@/testing/mocks/http';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

async function openClusters(route = '/clusters') {
  const app = renderApp(route);
  expect(await screen.findByRole('heading', { level: 1, name: 'Clusters' })).toBeInTheDocument();
  return app;
}

const clustersTable = () => screen.findByRole('table', { name: 'Clusters' });

/** The rows of the table by cluster name, with the text of their tags. */
async function rows() {
  const table = await clustersTable();
  return Object.fromEntries(
    within(table)
      .getAllByRole('rowheader')
      .map((header) => {
        const row = header.closest('tr')!;
        const tags = within(row).queryByRole('list');
        return [
          header.textContent,
          tags
            ? within(tags)
                .getAllByRole('listitem')
                .map((item) => item.textContent)
            : [],
        ];
      }),
  );
}

/** Every PATCH the clusters API receives, by cluster id. */
function recordPatches() {
  const patches: { id: string; body: UpdateClusterRequest }[] = [];
  server.events.on('request:start', ({ request }) => {
    const match = /\/api\/clusters\/([^/?]+)$/.exec(new URL(request.url).pathname);
    if (request.method === 'PATCH' && match) {
      void request
        .clone()
        .json()
        .then((body: UpdateClusterRequest) => patches.push({ id: match[1]!, body }));
    }
  });
  return patches;
}

/** The default rule of a new account: everyone reads and updates untagged clusters. */
function seedDefaultClusterRule() {
  const users = db.teams.find((team) => team.name === 'users')!;
  seedRule({
    team: { id: users.id, name: 'users', builtIn: true },
    resourceType: 'cluster',
    privileges: ['read', 'update'],
    tags: ['untagged'],
  });
}

describe('clusters: the list', () => {
  it('lists the clusters with their tags and the privileges of the person', async () => {
    db.clusters = [
      buildCluster({ name: 'prod-eu', tags: ['eu', 'production'] }),
      buildCluster({ name: 'dev', tags: [] }),
    ];
    await openClusters();

    expect(await rows()).toEqual({ dev: [], 'prod-eu': ['eu', 'production'] });
    const table = await clustersTable();
    const prod = within(table).getByRole('rowheader', { name: 'prod-eu' }).closest('tr')!;
    expect(within(prod).getByText('read, update, delete')).toBeInTheDocument();
    expect(within(table).getByText('No tags')).toBeInTheDocument();
  });

  it('links each cluster to its page', async () => {
    const cluster = buildCluster({ name: 'prod-eu' });
    db.clusters = [cluster];
    const { user, router } = await openClusters();

    await user.click(within(await clustersTable()).getByRole('link', { name: 'prod-eu' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'prod-eu' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe(`/clusters/${cluster.id}`);
  });

  it('searches, and filters by a tag or by having none, keeping both in the address', async () => {
    db.clusters = [
      buildCluster({ name: 'prod-eu', tags: ['production'] }),
      buildCluster({ name: 'prod-us', tags: ['production'] }),
      buildCluster({ name: 'staging-eu', tags: ['staging'] }),
      buildCluster({ name: 'sandbox', tags: [] }),
    ];
    const { user, router } = await openClusters();
    await clustersTable();

    await user.type(screen.getByRole('searchbox', { name: 'Search clusters' }), 'eu');
    await waitFor(() => expect(router.state.location.search).toBe('?q=eu'));
    await waitFor(async () => expect(Object.keys(await rows())).toEqual(['prod-eu', 'staging-eu']));

    await user.selectOptions(screen.getByRole('combobox', { name: 'Tag' }), 'production');
    await waitFor(() => expect(router.state.location.search).toBe('?q=eu&tag=production'));
    await waitFor(async () => expect(Object.keys(await rows())).toEqual(['prod-eu']));

    await user.clear(screen.getByRole('searchbox', { name: 'Search clusters' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Tag' }), 'No tags (untagged)');
    await waitFor(() => expect(router.state.location.search).toBe('?tag=untagged'));
    await waitFor(async () => expect(Object.keys(await rows())).toEqual(['sandbox']));
  });

  it('sorts by the date added', async () => {
    db.clusters = [
      buildCluster({ name: 'a-old', createdAt: '2026-01-01T00:00:00.000Z' }),
      buildCluster({ name: 'b-new', createdAt: '2026-06-01T00:00:00.000Z' }),
    ];
    const { user, router } = await openClusters();

    await user.click(within(await clustersTable()).getByRole('button', { name: 'Added' }));
    await user.click(within(await clustersTable()).getByRole('button', { name: 'Added' }));

    await waitFor(() => expect(router.state.location.search).toBe('?sort=-createdAt'));
    await waitFor(async () => expect(Object.keys(await rows())).toEqual(['b-new', 'a-old']));
  });
});

describe('clusters: administrators', () => {
  it('adds a cluster with its first tags', async () => {
    db.clusters = [buildCluster({ name: 'prod-eu', tags: ['production'] })];
    const { user } = await openClusters();

    await user.click(screen.getByRole('button', { name: 'Add cluster' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a cluster' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Cluster name' }), 'prod us');
    expect(within(dialog).getByText(/Cluster names have no spaces/)).toBeInTheDocument();
    await user.clear(within(dialog).getByRole('textbox', { name: 'Cluster name' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Cluster name' }), 'prod-us');
    await user.type(within(dialog).getByRole('combobox', { name: 'Tags' }), 'production{Enter}');
    await user.click(within(dialog).getByRole('button', { name: 'Add cluster' }));

    expect(await screen.findByText('Cluster prod-us added')).toBeInTheDocument();
    await waitFor(async () =>
      expect(await rows()).toEqual({ 'prod-eu': ['production'], 'prod-us': ['production'] }),
    );
  });

  it('previews who loses access before tagging a cluster, and saves only after confirming', async () => {
    seedDefaultClusterRule();
    db.people = [...db.people, buildPerson({ name: 'Alan Turing' })];
    const cluster = buildCluster({ name: 'prod-eu', tags: [] });
    db.clusters = [cluster];
    const patches = recordPatches();
    const { user } = await openClusters();

    await user.click(
      within(await clustersTable()).getByRole('button', { name: 'Edit tags of prod-eu' }),
    );
    const editor = await screen.findByRole('dialog', { name: 'Tags of cluster prod-eu' });
    await user.type(within(editor).getByRole('combobox', { name: 'Tags' }), 'production{Enter}');
    await user.click(within(editor).getByRole('button', { name: 'Save tags' }));

    const preview = await screen.findByRole('dialog', {
      name: 'Change the tags of cluster prod-eu?',
    });
    expect(preview).toHaveTextContent('Adds production.');
    expect(preview).toHaveTextContent(/Who loses access/);
    expect(preview).toHaveTextContent(/Alan Turing/);
    const save = within(preview).getByRole('button', { name: 'Save tags' });
    expect(save).toBeDisabled();
    expect(patches).toEqual([]);

    await user.click(within(preview).getByRole('checkbox', { name: /will lose access/ }));
    await user.click(save);

    expect(await screen.findByText('Tags of cluster prod-eu saved')).toBeInTheDocument();
    expect(patches).toEqual([{ id: cluster.id, body: { addTags: ['production'] } }]);
    await waitFor(async () => expect(await rows()).toEqual({ 'prod-eu': ['production'] }));
  });

  it('keeps the tags when the preview is cancelled', async () => {
    seedDefaultClusterRule();
    db.clusters = [buildCluster({ name: 'prod-eu', tags: [] })];
    const patches = recordPatches();
    const { user } = await openClusters();

    await user.click(
      within(await clustersTable()).getByRole('button', { name: 'Edit tags of prod-eu' }),
    );
    const editor = await screen.findByRole('dialog', { name: 'Tags of cluster prod-eu' });
    await user.type(within(editor).getByRole('combobox', { name: 'Tags' }), 'production{Enter}');
    await user.click(within(editor).getByRole('button', { name: 'Save tags' }));
    const preview = await screen.findByRole('dialog', {
      name: 'Change the tags of cluster prod-eu?',
    });
    await user.click(within(preview).getByRole('button', { name: 'Cancel' }));

    await waitFor(() => expect(preview).not.toBeInTheDocument());
    // Back in the editor, with the change still there to adjust.
    expect(within(editor).getByRole('button', { name: 'production' })).toBeInTheDocument();
    expect(patches).toEqual([]);
    expect(db.clusters[0]!.tags).toEqual([]);
  });

  it('tags several chosen clusters at once, one change each', async () => {
    seedDefaultClusterRule();
    const [eu, us, dev] = [
      buildCluster({ name: 'prod-eu', tags: ['eu'] }),
      buildCluster({ name: 'prod-us', tags: [] }),
      buildCluster({ name: 'dev', tags: ['legacy'] }),
    ];
    db.clusters = [eu!, us!, dev!];
    const patches = recordPatches();
    const { user } = await openClusters();
    const table = await clustersTable();

    await user.click(within(table).getByRole('checkbox', { name: 'Select prod-eu' }));
    await user.click(within(table).getByRole('checkbox', { name: 'Select prod-us' }));
    expect(screen.getByText('2 clusters selected')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Tag selected' }));

    const dialog = await screen.findByRole('dialog', { name: 'Tag 2 clusters' });
    await user.type(
      within(dialog).getByRole('combobox', { name: 'Tags to add' }),
      'production{Enter}',
    );
    await user.type(within(dialog).getByRole('combobox', { name: 'Tags to remove' }), 'eu{Enter}');
    await user.click(within(dialog).getByRole('button', { name: 'Save tags' }));

    const preview = await screen.findByRole('dialog', { name: 'Change the tags of 2 clusters?' });
    expect(preview).toHaveTextContent('Adds production. Removes eu.');
    await user.click(within(preview).getByRole('checkbox', { name: /will lose access/ }));
    await user.click(within(preview).getByRole('button', { name: 'Save tags' }));

    expect(await screen.findByText('Tags of 2 clusters changed')).toBeInTheDocument();
    expect(patches.sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [eu!.id, us!.id]
        .sort()
        .map((id) => ({ id, body: { addTags: ['production'], removeTags: ['eu'] } })),
    );
    await waitFor(async () =>
      expect(await rows()).toEqual({
        dev: ['legacy'],
        'prod-eu': ['production'],
        'prod-us': ['production'],
      }),
    );
    expect(screen.queryByText(/selected$/)).not.toBeInTheDocument();
  });

  it('chooses every cluster of the page at once', async () => {
    db.clusters = [buildCluster({ name: 'a' }), buildCluster({ name: 'b' })];
    const { user } = await openClusters();
    await clustersTable();

    await user.click(screen.getByRole('checkbox', { name: 'Select all clusters on this page' }));

    expect(screen.getByRole('checkbox', { name: 'Select a' })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Select b' })).toBeChecked();
    expect(screen.getByText('2 clusters selected')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Clear selection' }));
    expect(screen.getByRole('checkbox', { name: 'Select a' })).not.toBeChecked();
  });

  it('deletes a cluster after a confirmation that names it', async () => {
    db.clusters = [buildCluster({ name: 'prod-eu' }), buildCluster({ name: 'dev' })];
    const { user } = await openClusters();

    await user.click(within(await clustersTable()).getByRole('button', { name: 'Delete prod-eu' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete cluster prod-eu?' });
    expect(dialog).toHaveTextContent('The cluster prod-eu will be removed');
    await user.click(within(dialog).getByRole('button', { name: 'Delete cluster' }));

    expect(await screen.findByText('Cluster prod-eu deleted')).toBeInTheDocument();
    await waitFor(async () => expect(Object.keys(await rows())).toEqual(['dev']));
  });
});

describe('clusters: people who are not administrators', () => {
  it('shows a read-only list and says what it holds', async () => {
    db.person = buildUser();
    db.clusters = [
      buildCluster({
        name: 'staging-eu',
        tags: ['staging'],
        privileges: ['read'],
        canEditTags: false,
      }),
    ];
    await openClusters();

    expect(
      screen.getByText(/shows the clusters that the rules of your teams let you see/),
    ).toBeInTheDocument();
    expect(await rows()).toEqual({ 'staging-eu': ['staging'] });
    const table = await clustersTable();
    expect(within(table).getByText('read')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add cluster' })).not.toBeInTheDocument();
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
    expect(
      within(table).queryByRole('button', { name: /Edit tags|Delete/ }),
    ).not.toBeInTheDocument();
  });

  it('says so when their rules let them see no cluster', async () => {
    db.person = buildUser();
    server.use(
      http.get('/api/clusters', ({ response }) =>
        response(200).json({ items: [], total: 0, page: 1, pageSize: 20 }),
      ),
    );
    await openClusters();

    expect(await screen.findByText('No clusters to show')).toBeInTheDocument();
    expect(screen.getByText(/The rules of your teams let you see no cluster/)).toBeInTheDocument();
  });
});
