import AddIcon from '@mui/icons-material/Add';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { Runner } from '@contract/runners';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { DataTable, type DataTableColumn } from '@/components/data-table';
import { SearchField } from '@/components/search-field';
import { EmptyState } from '@/components/states';
import { toast } from '@/components/toast-store';
import { errorMessage } from '@/lib/api/api-error';
import { pagingOf, useListParams } from '@/lib/use-list-params';
import { useRunners } from '@/entities/runners/api/get-runners';
import { useRevokeRunner } from '../api/revoke-runner';
import { RegisterRunnerDialog } from './register-runner-dialog';
import { RunnerStateLabel } from './runner-state';
import { When } from '@/components/when';

/**
 * The account's runners (administrators only): state, last poll, version and app-proxy,
 * refreshed every 10 s while shown; registering one (its token shown once) and revoking one.
 */
export function RunnersTable() {
  const [params, update] = useListParams({ sort: 'name' });
  const runners = useRunners({
    q: params.q || undefined,
    page: params.page,
    pageSize: params.pageSize,
  });
  const revoke = useRevokeRunner();
  const [registering, setRegistering] = useState(false);
  // Kept after the dialog closes so its title does not change while it fades out.
  const [revokeTarget, setRevokeTarget] = useState<Runner>();
  const [confirmOpen, setConfirmOpen] = useState(false);

  const confirmRevoke = () => {
    if (!revokeTarget) return;
    const { id, name } = revokeTarget;
    revoke.mutate(id, {
      onSuccess: () => toast.success(`Runner ${name} revoked`),
      onError: (error) => toast.error(`Runner ${name} not revoked: ${errorMessage(error)}`),
      onSettled: () => setConfirmOpen(false),
    });
  };

  const columns: DataTableColumn<Runner>[] = [
    { id: 'name', label: 'Name', rowHeader: true, render: (runner) => runner.name },
    {
      id: 'state',
      label: 'State',
      render: (runner) => <RunnerStateLabel state={runner.state} />,
    },
    {
      id: 'lastPollAt',
      label: 'Last poll',
      render: (runner) => <When iso={runner.lastPollAt} />,
    },
    { id: 'version', label: 'Version', render: (runner) => runner.version ?? '—' },
    { id: 'appProxy', label: 'App-proxy', render: (runner) => (runner.appProxy ? 'Yes' : 'No') },
    {
      id: 'actions',
      label: 'Actions',
      hideLabel: true,
      align: 'right',
      render: (runner) =>
        runner.state === 'revoked' ? null : (
          <Button
            color="error"
            size="small"
            aria-label={`Revoke runner ${runner.name}`}
            onClick={() => {
              setRevokeTarget(runner);
              setConfirmOpen(true);
            }}
          >
            Revoke
          </Button>
        ),
    },
  ];

  return (
    <Stack spacing={2}>
      <Typography sx={{ color: 'text.secondary' }}>
        Runners run your pipelines inside your own network. They only ever connect out to Perimeter:
        nothing has to be opened for inbound traffic. A runner is online when it asked for work
        within the last minute.
      </Typography>
      <Stack
        direction={{ xs: 'column', sm: 'row' }}
        spacing={2}
        sx={{ alignItems: { sm: 'flex-start' }, justifyContent: 'space-between' }}
      >
        <SearchField label="Search runners" value={params.q} onSearch={(q) => update({ q })} />
        <Button
          variant="contained"
          startIcon={<AddIcon />}
          onClick={() => setRegistering(true)}
          sx={{ flexShrink: 0 }}
        >
          Register a runner
        </Button>
      </Stack>
      <Box>
        <DataTable
          label="Runners"
          itemsName="runners"
          columns={columns}
          rowKey={(runner) => runner.id}
          query={runners}
          {...pagingOf(params, update)}
          empty={
            params.q ? (
              <EmptyState title={`No runner matches “${params.q}”.`} />
            ) : (
              <EmptyState title="No runners yet.">
                Register one, then start it inside your network with the command shown.
              </EmptyState>
            )
          }
        />
      </Box>
      <RegisterRunnerDialog open={registering} onClose={() => setRegistering(false)} />
      <ConfirmDialog
        open={confirmOpen}
        title={`Revoke runner ${revokeTarget?.name ?? ''}?`}
        confirmLabel="Revoke"
        pending={revoke.isPending}
        onConfirm={confirmRevoke}
        onClose={() => setConfirmOpen(false)}
      >
        The runner <strong>{revokeTarget?.name}</strong> will be refused at its next poll and will
        get no more jobs. The runs it is running, and the queued runs only it could take, are
        cancelled. This cannot be undone.
      </ConfirmDialog>
    </Stack>
  );
}
