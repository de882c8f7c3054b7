import AddIcon from '@mui/icons-material/Add';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { Registry } from '@contract/integrations';
import { AddressText } from '@/components/address-text';
import { DataTable, type DataTableColumn } from '@/components/data-table';
import { SearchField } from '@/components/search-field';
import { EmptyState } from '@/components/states';
import { pagingOf, useListParams } from '@/lib/use-list-params';
import { useDeleteRegistry } from '../api/delete-registry';
import { useRegistries } from '@/entities/registries/api/get-registries';
import { registryReferencesQueryOptions } from '../api/get-registry-references';
import { useTestRegistry } from '../api/test-registry';
import { IntegrationDeleteDialog } from './integration-delete-dialog';
import { RowActions, useConnectionTests } from './integration-rows';
import { credentialsText } from './integration-text';
import { RegistryDialog } from './registry-dialog';

/**
 * The account's container registries (P-5.2): listed with their domain, whether credentials are
 * set, whether they are behind the firewall and their last connection test.
 */
export function RegistriesSection() {
  const [params, update] = useListParams({ sort: 'name' });
  const registries = useRegistries({
    q: params.q || undefined,
    page: params.page,
    pageSize: params.pageSize,
  });
  const tests = useConnectionTests('registry', useTestRegistry());
  const remove = useDeleteRegistry();
  // Kept after a dialog closes, so its title does not change while it fades out.
  const [editTarget, setEditTarget] = useState<Registry>();
  const [editOpen, setEditOpen] = useState(false);
  // A new form each time the editor opens, even while the last one is still fading out.
  const [editSession, setEditSession] = useState(0);
  const [deleteTarget, setDeleteTarget] = useState<Registry>();
  const [deleteOpen, setDeleteOpen] = useState(false);

  const openEditor = (registry?: Registry) => {
    setEditTarget(registry);
    setEditSession((session) => session + 1);
    setEditOpen(true);
  };

  const columns: DataTableColumn<Registry>[] = [
    { id: 'name', label: 'Name', rowHeader: true, render: (registry) => registry.name },
    {
      id: 'domain',
      label: 'Domain',
      render: (registry) => <AddressText>{registry.domain}</AddressText>,
    },
    {
      id: 'network',
      label: 'Network',
      render: (registry) => (registry.behindFirewall ? 'Behind the firewall' : 'Reachable'),
    },
    {
      id: 'credentials',
      label: 'Credentials',
      render: (registry) => credentialsText(registry.credentialsSet),
    },
    { id: 'test', label: 'Last connection test', render: tests.cell },
    {
      id: 'actions',
      label: 'Actions',
      hideLabel: true,
      align: 'right',
      render: (registry) => (
        <RowActions
          name={registry.name}
          onEdit={() => openEditor(registry)}
          onDelete={() => {
            setDeleteTarget(registry);
            setDeleteOpen(true);
          }}
        />
      ),
    },
  ];

  return (
    <Stack spacing={2}>
      <Typography sx={{ color: 'text.secondary' }}>
        The container registries pipelines push images to. A push step names one by its name, as{' '}
        <code>registry: corp-registry</code>.
      </Typography>
      <Stack
        direction={{ xs: 'column', sm: 'row' }}
        spacing={2}
        sx={{ alignItems: { sm: 'flex-start' }, justifyContent: 'space-between' }}
      >
        <SearchField label="Search registries" value={params.q} onSearch={(q) => update({ q })} />
        <Button
          variant="contained"
          startIcon={<AddIcon />}
          onClick={() => openEditor()}
          sx={{ flexShrink: 0 }}
        >
          Add registry
        </Button>
      </Stack>
      {tests.announcement}
      <DataTable
        label="Container registries"
        itemsName="registries"
        columns={columns}
        rowKey={(registry) => registry.id}
        query={registries}
        {...pagingOf(params, update)}
        empty={
          params.q ? (
            <EmptyState title={`No registry matches “${params.q}”.`}>
              Names and domains are searched by the letters they contain.
            </EmptyState>
          ) : (
            <EmptyState title="No registries yet.">
              Add the registries your pipelines push images to, such as registry.example.com.
            </EmptyState>
          )
        }
      />
      <RegistryDialog
        key={editSession}
        open={editOpen}
        registry={editTarget}
        onClose={() => setEditOpen(false)}
      />
      <IntegrationDeleteDialog
        noun="registry"
        target={deleteTarget}
        open={deleteOpen}
        references={registryReferencesQueryOptions}
        remove={remove}
        onClose={() => setDeleteOpen(false)}
      />
    </Stack>
  );
}
