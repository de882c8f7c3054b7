import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState, type ReactNode } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { Team } from '@contract/teams';
import { createQueryClient } from '@/lib/query-client';
import { db } from '@/testing/mocks/db';
import { buildCluster, buildPerson, buildTeam } from '@/testing/mocks/factories';
import { seedRule } from '@/testing/mocks/handlers/access';
import { ImpactPreview, useImpactConfirmation } from './impact-preview';
import { ResourceAccess } from './resource-access';
import { TagAutocomplete } from '@/entities/tags/components/tag-autocomplete';

/** One component with the providers a screen gives it (server state and a router). */
function renderComponent(element: ReactNode) {
  const queryClient = createQueryClient({ retry: false });
  const router = createMemoryRouter([{ path: '*', element }]);
  const user = userEvent.setup();
  render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { user, router };
}

function TagField(props: { allowSpecial?: boolean; initial?: string[] }) {
  const [tags, setTags] = useState<string[]>(props.initial ?? []);
  return (
    <>
      <TagAutocomplete
        label="Tags"
        resourceType="cluster"
        allowSpecial={props.allowSpecial}
        value={tags}
        onChange={setTags}
      />
      <output aria-label="Chosen">{tags.join(',')}</output>
    </>
  );
}

function seedTeam(name: string, memberNames: string[]): Team {
  const people = memberNames.map((memberName) =>
    buildPerson({
      name: memberName,
      email: `${memberName.split(' ')[0]!.toLowerCase()}@example.com`,
    }),
  );
  db.people = [...db.people, ...people];
  const team = buildTeam({ name });
  db.teams = [...db.teams, team];
  db.members[team.id] = people.map((person) => person.id);
  return team;
}

const usersTeam = () => {
  const team = db.teams.find((t) => t.name === 'users')!;
  return { id: team.id, name: team.name, builtIn: true };
};

describe('tag autocomplete', () => {
  it('suggests the tags in use with their counts and adds a new tag on Enter', async () => {
    db.clusters = [
      buildCluster({ name: 'prod-eu', tags: ['production'] }),
      buildCluster({ name: 'prod-us', tags: ['production', 'us'] }),
    ];
    const { user } = renderComponent(<TagField />);
    const field = screen.getByRole('combobox', { name: 'Tags' });

    await user.type(field, 'pro');
    const option = await screen.findByRole('option', { name: /production/ });
    expect(option).toHaveTextContent('On 2 clusters');
    await user.click(option);
    expect(screen.getByRole('status', { name: 'Chosen' })).toHaveTextContent('production');

    await user.type(field, 'staging{Enter}');
    expect(screen.getByRole('status', { name: 'Chosen' })).toHaveTextContent('production,staging');
    expect(field).toHaveValue('');
  });

  it('explains a wrong tag as it is typed and does not add it', async () => {
    const { user } = renderComponent(<TagField />);
    const field = screen.getByRole('combobox', { name: 'Tags' });

    await user.type(field, 'Prod');
    expect(screen.getByText('Prod: Use lowercase letters only.')).toBeInTheDocument();
    await user.type(field, '{Enter}');
    expect(screen.getByRole('status', { name: 'Chosen' })).toHaveTextContent('');
    expect(field).toHaveValue('Prod');
    expect(field).toHaveAttribute('aria-invalid', 'true');

    await user.clear(field);
    await user.type(field, 'untagged{Enter}');
    expect(screen.getByText(/untagged is not a tag/)).toBeInTheDocument();
    expect(screen.getByRole('status', { name: 'Chosen' })).toHaveTextContent('');
  });

  it('offers and explains the special tags in a rule', async () => {
    const { user } = renderComponent(<TagField allowSpecial />);
    expect(screen.getByText(/clusters that carry no tag at all/)).toBeInTheDocument();

    await user.click(screen.getByRole('combobox', { name: 'Tags' }));
    const every = await screen.findByRole('option', { name: /^\*/ });
    expect(every).toHaveTextContent('Special: every cluster, whatever its tags');
    await user.click(every);

    expect(screen.getByRole('status', { name: 'Chosen' })).toHaveTextContent('*');
    expect(screen.getByText('* (every cluster)')).toBeInTheDocument();
  });
});

function TagSaver({ clusterId, tags }: { clusterId: string; tags: string[] }) {
  const impact = useImpactConfirmation();
  const [outcome, setOutcome] = useState('');
  const save = async () => {
    const proceed = await impact.confirm(
      { change: 'tags', resourceType: 'cluster', resources: [{ id: clusterId, tags }] },
      { title: 'Change the tags of cluster prod-eu?', confirmLabel: 'Save tags' },
    );
    setOutcome(proceed ? 'saved' : 'cancelled');
  };
  return (
    <>
      <button onClick={() => void save()}>Save</button>
      <output aria-label="Outcome">{outcome}</output>
      {impact.dialog}
    </>
  );
}

describe('impact confirmation', () => {
  it('shows who loses access and asks for an explicit confirmation', async () => {
    seedTeam('qa', ['Katherine Johnson']);
    const cluster = buildCluster({ name: 'prod-eu', tags: [] });
    db.clusters = [cluster];
    seedRule({
      team: usersTeam(),
      resourceType: 'cluster',
      privileges: ['read', 'update'],
      tags: ['untagged'],
    });
    const { user } = renderComponent(<TagSaver clusterId={cluster.id} tags={['production']} />);

    await user.click(screen.getByRole('button', { name: 'Save' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Change the tags of cluster prod-eu?',
    });
    expect(within(dialog).getByRole('heading', { name: 'Who loses access' })).toBeInTheDocument();
    expect(dialog).toHaveTextContent(
      'Removes read, update on cluster prod-eu from 2 people, who had it through rule 1 of team users.',
    );
    expect(dialog).toHaveTextContent('People: Grace Hopper and Katherine Johnson');
    expect(dialog).toHaveTextContent('Rule 1: Team users can read, update clusters without tags.');
    const save = within(dialog).getByRole('button', { name: 'Save tags' });
    expect(save).toBeDisabled();

    await user.click(
      within(dialog).getByRole('checkbox', { name: 'I understand that 2 people will lose access' }),
    );
    await user.click(save);

    await waitFor(() =>
      expect(screen.getByRole('status', { name: 'Outcome' })).toHaveTextContent('saved'),
    );
  });

  it('goes ahead without asking when nobody is affected', async () => {
    const cluster = buildCluster({ name: 'prod-eu', tags: ['staging'] });
    db.clusters = [cluster];
    const { user } = renderComponent(<TagSaver clusterId={cluster.id} tags={['qa']} />);

    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() =>
      expect(screen.getByRole('status', { name: 'Outcome' })).toHaveTextContent('saved'),
    );
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('resolves to cancelled when the person cancels', async () => {
    const cluster = buildCluster({ name: 'prod-eu', tags: [] });
    db.clusters = [cluster];
    seedRule({
      team: usersTeam(),
      resourceType: 'cluster',
      privileges: ['read'],
      tags: ['untagged'],
    });
    const { user } = renderComponent(<TagSaver clusterId={cluster.id} tags={['production']} />);

    await user.click(screen.getByRole('button', { name: 'Save' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));

    await waitFor(() =>
      expect(screen.getByRole('status', { name: 'Outcome' })).toHaveTextContent('cancelled'),
    );
  });
});

describe('impact preview', () => {
  it('lists losses before gains, with samples that say how many more', () => {
    const person = (name: string) => ({ id: name, name, email: `${name}@example.com` });
    const rule = {
      id: 'r4',
      number: 4,
      teamId: 't',
      teamName: 'users',
      sentence: 'Team users can read, update clusters without tags.',
    };
    renderComponent(
      <ImpactPreview
        preview={{
          peopleGaining: 3,
          peopleLosing: 37,
          needsConfirmation: true,
          impacts: [
            {
              effect: 'gain',
              privileges: ['read'],
              people: { total: 3, sample: ['ann', 'bob', 'cy'].map(person) },
              resources: {
                total: 1,
                sample: [{ type: 'cluster', id: 'c', name: 'prod-eu', tags: ['production'] }],
              },
              throughRules: [
                {
                  ...rule,
                  id: 'r0',
                  number: 0,
                  teamName: 'sre',
                  sentence: 'Team sre can read clusters tagged production.',
                },
              ],
              sentence:
                'Gives read on cluster prod-eu to 3 people, through the new rule for team sre.',
            },
            {
              effect: 'lose',
              privileges: ['read', 'update'],
              people: { total: 37, sample: ['ann', 'bob'].map(person) },
              resources: {
                total: 12,
                sample: [{ type: 'cluster', id: 'c', name: 'prod-eu', tags: [] }],
              },
              throughRules: [rule],
              sentence:
                'Removes read, update on 12 clusters from 37 people, who had it through rule 4 of team users.',
            },
          ],
        }}
      />,
    );

    expect(
      screen.getByText(/37 people would lose access; 3 people would gain access/),
    ).toBeInTheDocument();
    const headings = screen.getAllByRole('heading').map((heading) => heading.textContent);
    expect(headings).toEqual(['Who loses access', 'Who gains access']);
    expect(screen.getByText('People: ann, bob and 35 more')).toBeInTheDocument();
    expect(screen.getByText('Resources: prod-eu and 11 more')).toBeInTheDocument();
    expect(
      screen.getByText('Rule 4: Team users can read, update clusters without tags.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('The new rule: Team sre can read clusters tagged production.'),
    ).toBeInTheDocument();
    expect(screen.getByText('People: ann, bob and cy')).toBeInTheDocument();
  });
});

describe('resource access', () => {
  it('shows how many people hold each privilege and the rules that give it', async () => {
    const qa = seedTeam('qa', ['Katherine Johnson', 'Margaret Hamilton']);
    const cluster = buildCluster({ name: 'staging-1', tags: ['staging'] });
    db.clusters = [cluster];
    seedRule({
      team: { id: qa.id, name: 'qa', builtIn: false },
      resourceType: 'cluster',
      privileges: ['update'],
      tags: ['staging', 'qa'],
    });
    renderComponent(<ResourceAccess resourceType="cluster" resourceId={cluster.id} />);

    const counts = await screen.findByRole('table', {
      name: 'People holding each privilege on cluster staging-1',
    });
    const readRow = within(counts).getByRole('rowheader', { name: 'read' }).closest('tr')!;
    expect(readRow).toHaveTextContent('3');
    const rules = screen.getByRole('table', { name: 'Rules that apply to cluster staging-1' });
    expect(within(rules).getByRole('rowheader')).toHaveTextContent(
      'Rule 1Team qa can update clusters tagged staging or qa.',
    );
    expect(within(rules).getByRole('link', { name: 'Rule 1' })).toHaveAttribute(
      'href',
      `/admin/permissions?rule=${db.rules[0]!.id}`,
    );
    expect(within(rules).getByRole('link', { name: 'qa' })).toHaveAttribute(
      'href',
      `/admin/teams/${qa.id}`,
    );
    expect(rules).toHaveTextContent('2 people');
    expect(
      screen.getByRole('link', { name: 'Check one person’s access to this cluster' }),
    ).toHaveAttribute(
      'href',
      `/admin/permissions?explainType=cluster&explainResource=${cluster.id}#check-access`,
    );
  });

  it('says when no rule applies', async () => {
    const cluster = buildCluster({ name: 'vault', tags: ['secret'] });
    db.clusters = [cluster];
    renderComponent(<ResourceAccess resourceType="cluster" resourceId={cluster.id} />);

    expect(
      await screen.findByText('No rule applies to this cluster: only administrators can use it.'),
    ).toBeInTheDocument();
  });
});
