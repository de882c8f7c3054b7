import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { db } from '@/testing/mocks/db';
import { buildCluster, buildPerson, buildUser } from '@/testing/mocks/factories';
import { seedRule } from '@/testing/mocks/handlers/access';
import { renderApp } from '@/testing/test-utils';

async function openCluster(id: string, name: string) {
  const app = renderApp(`/clusters/${id}`);
  expect(await screen.findByRole('heading', { level: 1, name })).toBeInTheDocument();
  return app;
}

function seedUntaggedRule() {
  const users = db.teams.find((team) => team.name === 'users')!;
  return seedRule({
    team: { id: users.id, name: 'users', builtIn: true },
    resourceType: 'cluster',
    privileges: ['read', 'update'],
    tags: ['untagged'],
  });
}

describe('cluster page: administrators', () => {
  it('shows the name, the tags, their access and who else has access through which rule', async () => {
    const rule = seedUntaggedRule();
    const cluster = buildCluster({ name: 'sandbox', tags: [] });
    db.clusters = [cluster];
    await openCluster(cluster.id, 'sandbox');

    expect(screen.getByRole('textbox', { name: 'Cluster name' })).toHaveValue('sandbox');
    expect(screen.getByText('No tags')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Edit tags' })).toBeInTheDocument();
    expect(screen.getByText(/As an administrator you hold every privilege/)).toBeInTheDocument();
    expect(await screen.findByRole('heading', { name: 'Who has access' })).toBeInTheDocument();
    const rules = await screen.findByRole('table', { name: 'Rules that apply to cluster sandbox' });
    expect(within(rules).getByRole('rowheader', { name: /Rule \d+/ })).toHaveTextContent(
      rule.sentence,
    );
    expect(
      within(screen.getByRole('navigation', { name: 'Breadcrumb' })).getByRole('link', {
        name: 'Clusters',
      }),
    ).toHaveAttribute('href', '/clusters');
  });

  it('renames the cluster', async () => {
    const cluster = buildCluster({ name: 'prod-eu' });
    db.clusters = [cluster];
    const { user } = await openCluster(cluster.id, 'prod-eu');

    const name = screen.getByRole('textbox', { name: 'Cluster name' });
    await user.clear(name);
    await user.type(name, 'prod-eu-1');
    await user.click(screen.getByRole('button', { name: 'Rename' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'prod-eu-1' })).toBeInTheDocument();
    expect(await screen.findByText('Cluster renamed to prod-eu-1')).toBeInTheDocument();
    expect(db.clusters[0]!.name).toBe('prod-eu-1');
  });

  it('does not overwrite a rename someone else saved first, and keeps what was typed', async () => {
    const cluster = buildCluster({ name: 'prod-eu' });
    db.clusters = [cluster];
    const { user } = await openCluster(cluster.id, 'prod-eu');

    const name = screen.getByRole('textbox', { name: 'Cluster name' });
    await user.clear(name);
    await user.type(name, 'prod-eu-1');
    db.clusters = [{ ...cluster, name: 'prod-eu-west', version: cluster.version + 1 }];
    await user.click(screen.getByRole('button', { name: 'Rename' }));

    expect(await screen.findByText(/Someone else changed/)).toBeInTheDocument();
    expect(name).toHaveValue('prod-eu-1');
    expect(db.clusters[0]!.name).toBe('prod-eu-west');
  });

  it('tags the cluster after the impact preview', async () => {
    seedUntaggedRule();
    db.people = [...db.people, buildPerson({ name: 'Alan Turing' })];
    const cluster = buildCluster({ name: 'prod-eu', tags: [] });
    db.clusters = [cluster];
    const { user } = await openCluster(cluster.id, 'prod-eu');

    await user.click(screen.getByRole('button', { name: 'Edit tags' }));
    const editor = await screen.findByRole('dialog', { name: 'Tags of cluster prod-eu' });
    await user.type(within(editor).getByRole('combobox', { name: 'Tags' }), 'production{Enter}');
    await user.click(within(editor).getByRole('button', { name: 'Save tags' }));
    const preview = await screen.findByRole('dialog', {
      name: 'Change the tags of cluster prod-eu?',
    });
    expect(preview).toHaveTextContent(/Alan Turing/);
    await user.click(within(preview).getByRole('checkbox', { name: /will lose access/ }));
    await user.click(within(preview).getByRole('button', { name: 'Save tags' }));

    expect(await screen.findByText('Tags of cluster prod-eu saved')).toBeInTheDocument();
    const tags = await screen.findByRole('list', { name: 'Tags of cluster prod-eu' });
    expect(within(tags).getByText('production')).toBeInTheDocument();
    expect(db.clusters[0]!.tags).toEqual(['production']);
  });

  it('deletes the cluster after confirming, and goes back to the list', async () => {
    const cluster = buildCluster({ name: 'old-dc' });
    db.clusters = [cluster];
    const { user, router } = await openCluster(cluster.id, 'old-dc');

    await user.click(screen.getByRole('button', { name: 'Delete cluster' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete cluster old-dc?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete cluster' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Clusters' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/clusters');
    expect(db.clusters).toEqual([]);
  });
});

describe('cluster page: people who are not administrators', () => {
  it('lets someone with update rename it, but not tag it, and shows no reverse view', async () => {
    db.person = buildUser();
    const cluster = buildCluster({
      name: 'sandbox',
      tags: ['staging'],
      privileges: ['read', 'update'],
      canEditTags: false,
    });
    db.clusters = [cluster];
    await openCluster(cluster.id, 'sandbox');

    expect(screen.getByRole('textbox', { name: 'Cluster name' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Edit tags' })).not.toBeInTheDocument();
    expect(
      screen.getByText(/Only administrators change the tags of a cluster/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('You may read and update this cluster, through the rules of your teams.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Who has access' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete cluster' })).not.toBeInTheDocument();
  });

  it('shows only the name to someone who may read it', async () => {
    db.person = buildUser();
    const cluster = buildCluster({ name: 'prod-eu', privileges: ['read'], canEditTags: false });
    db.clusters = [cluster];
    await openCluster(cluster.id, 'prod-eu');

    expect(screen.queryByRole('textbox', { name: 'Cluster name' })).not.toBeInTheDocument();
    expect(
      screen.getByText('You may read this cluster, through the rules of your teams.'),
    ).toBeInTheDocument();
  });
});

describe('cluster page: not there', () => {
  it('says there is no such cluster, or that the person may not see it', async () => {
    renderApp('/clusters/00000000-0000-4000-8000-999999999999');

    expect(
      await screen.findByRole('heading', { level: 1, name: 'No such cluster' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/There is no such cluster, or you may not see it/)).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByRole('link', { name: 'Go to Clusters' })).toHaveAttribute(
        'href',
        '/clusters',
      ),
    );
  });
});
