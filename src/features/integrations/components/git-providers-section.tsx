import AddIcon from '@mui/icons-material/Add';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { GIT_PROVIDER_KIND_LABELS, type GitProvider } from '@contract/integrations';
import { AddressText } from '@/components/address-text';
import { DataTable, type DataTableColumn } from '@/components/data-table';
import { SearchField } from '@/components/search-field';
import { gitProviderRestrictionsPath } from '@/config/links';
import { EmptyState } from '@/components/states';
import { pagingOf, useListParams } from '@/lib/use-list-params';
import { useDeleteGitProvider } from '../api/delete-git-provider';
import { gitProviderReferencesQueryOptions } from '../api/get-git-provider-references';
import { useGitProviders } from '@/entities/git-providers/api/get-git-providers';
import { useTestGitProvider } from '../api/test-git-provider';
import { GitProviderDialog } from './git-provider-dialog';
import { IntegrationDeleteDialog } from './integration-delete-dialog';
import { RowActions, useConnectionTests } from './integration-rows';
import { credentialsText } from './integration-text';

function networkText(provider: GitProvider): string {
  if (provider.behindFirewall) return 'On premise, behind the firewall';
  return provider.onPremise ? 'On premise' : 'Cloud';
}

/**
 * The account's git providers (P-5.1): listed with where they live, whether credentials are
 * set and their last connection test; added, edited, tested and deleted here.
 */
export function GitProvidersSection() {
  const [params, update] = useListParams({ sort: 'name' });
  const providers = useGitProviders({
    q: params.q || undefined,
    page: params.page,
    pageSize: params.pageSize,
  });
  const tests = useConnectionTests('git provider', useTestGitProvider());
  const remove = useDeleteGitProvider();
  // Kept after a dialog closes, so its title does not change while it fades out.
  const [editTarget, setEditTarget] = useState<GitProvider>();
  const [editOpen, setEditOpen] = useState(false);
  // A new form each time the editor opens, even while the last one is still fading out.
  const [editSession, setEditSession] = useState(0);
  const [deleteTarget, setDeleteTarget] = useState<GitProvider>();
  const [deleteOpen, setDeleteOpen] = useState(false);

  const openEditor = (provider?: GitProvider) => {
    setEditTarget(provider);
    setEditSession((session) => session + 1);
    setEditOpen(true);
  };

  const columns: DataTableColumn<GitProvider>[] = [
    { id: 'name', label: 'Name', rowHeader: true, render: (provider) => provider.name },
    { id: 'kind', label: 'Kind', render: (provider) => GIT_PROVIDER_KIND_LABELS[provider.kind] },
    {
      id: 'baseUrl',
      label: 'Base URL',
      render: (provider) => <AddressText>{provider.baseUrl}</AddressText>,
    },
    { id: 'network', label: 'Network', render: networkText },
    {
      id: 'credentials',
      label: 'Credentials',
      render: (provider) => credentialsText(provider.credentialsSet),
    },
    { id: 'test', label: 'Last connection test', render: tests.cell },
    {
      id: 'actions',
      label: 'Actions',
      hideLabel: true,
      align: 'right',
      render: (provider) => (
        <Stack direction="row" spacing={1} sx={{ justifyContent: 'flex-end' }}>
          <Button
            size="small"
            component={RouterLink}
            to={gitProviderRestrictionsPath(provider.id)}
            aria-label={`Restrictions of ${provider.name}`}
          >
            Restrictions
          </Button>
          <RowActions
            name={provider.name}
            onEdit={() => openEditor(provider)}
            onDelete={() => {
              setDeleteTarget(provider);
              setDeleteOpen(true);
            }}
          />
        </Stack>
      ),
    },
  ];

  return (
    <Stack spacing={2}>
      <Typography sx={{ color: 'text.secondary' }}>
        The git servers pipelines clone from and receive webhooks from. A pipeline names one by its
        name, as <code>git: corp-gitlab</code>.
      </Typography>
      <Stack
        direction={{ xs: 'column', sm: 'row' }}
        spacing={2}
        sx={{ alignItems: { sm: 'flex-start' }, justifyContent: 'space-between' }}
      >
        <SearchField
          label="Search git providers"
          value={params.q}
          onSearch={(q) => update({ q })}
        />
        <Button
          variant="contained"
          startIcon={<AddIcon />}
          onClick={() => openEditor()}
          sx={{ flexShrink: 0 }}
        >
          Add git provider
        </Button>
      </Stack>
      {tests.announcement}
      <DataTable
        label="Git providers"
        itemsName="git providers"
        columns={columns}
        rowKey={(provider) => provider.id}
        query={providers}
        {...pagingOf(params, update)}
        empty={
          params.q ? (
            <EmptyState title={`No git provider matches “${params.q}”.`}>
              Names and addresses are searched by the letters they contain.
            </EmptyState>
          ) : (
            <EmptyState title="No git providers yet.">
              Add the GitHub, GitLab or Bitbucket Server your repositories live on.
            </EmptyState>
          )
        }
      />
      <GitProviderDialog
        key={editSession}
        open={editOpen}
        provider={editTarget}
        onClose={() => setEditOpen(false)}
      />
      <IntegrationDeleteDialog
        noun="git provider"
        target={deleteTarget}
        open={deleteOpen}
        references={gitProviderReferencesQueryOptions}
        remove={remove}
        onClose={() => setDeleteOpen(false)}
      />
    </Stack>
  );
}
