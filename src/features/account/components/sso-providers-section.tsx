import AddIcon from '@mui/icons-material/Add';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId, useState } from 'react';
import { Link as RouterLink } from 'react-router';
import type { SsoProvider, SsoSyncResult } from '@contract/sso-providers';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { EmptyState, ErrorState, LoadingState } from '@/components/states';
import { toast } from '@/components/toast-store';
import { paths } from '@/config/paths';
import { errorMessage } from '@/lib/api/api-error';
import { useDeleteSsoProvider } from '../api/delete-sso-provider';
import { useSyncSsoProvider } from '../api/sync-sso-provider';
import { SsoProviderTestDialog } from './sso-provider-test-dialog';
import { useSsoProviders } from '@/entities/sso-providers/api/get-sso-providers';
import { SsoProviderDialog } from './sso-provider-dialog';
import { peopleCountText, SsoProvidersTable } from './sso-providers-table';

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What a sync did, in a sentence: people checked, memberships changed, people not found. */
export function syncSummary(name: string, result: SsoSyncResult): string {
  const changes =
    result.added === 0 && result.removed === 0
      ? 'no team membership changed'
      : `${count(result.added, 'membership', 'memberships')} added, ${result.removed} removed`;
  const missing =
    result.notFound.length === 0
      ? ''
      : ` Not in the directory any more (left as they are): ${result.notFound.join(', ')}.`;
  return `${name} synced: ${count(result.checked, 'person', 'people')} checked, ${changes}.${missing}`;
}

/**
 * The account's SSO providers (P-1.1): their connection details, added, edited and deleted
 * here, so that people can be assigned to them on the People screen.
 */
export function SsoProvidersSection() {
  const headingId = useId();
  const providers = useSsoProviders();
  const remove = useDeleteSsoProvider();
  // Kept after a dialog closes, so its title does not change while it fades out.
  const [editTarget, setEditTarget] = useState<SsoProvider>();
  const [editOpen, setEditOpen] = useState(false);
  // A new form each time the editor opens, even while the last one is still fading out.
  const [editSession, setEditSession] = useState(0);
  const [deleteTarget, setDeleteTarget] = useState<SsoProvider>();
  const [deleteOpen, setDeleteOpen] = useState(false);
  const [testTarget, setTestTarget] = useState<SsoProvider>();
  const [testOpen, setTestOpen] = useState(false);
  const [testSession, setTestSession] = useState(0);
  const sync = useSyncSsoProvider();

  const openTest = (provider: SsoProvider) => {
    setTestTarget(provider);
    setTestSession((session) => session + 1);
    setTestOpen(true);
  };

  const syncNow = ({ id, name }: SsoProvider) => {
    sync.mutate(id, {
      onSuccess: (result) => toast.success(syncSummary(name, result)),
      onError: (error) => toast.error(`${name} not synced: ${errorMessage(error)}`),
    });
  };

  const openEditor = (provider?: SsoProvider) => {
    setEditTarget(provider);
    setEditSession((session) => session + 1);
    setEditOpen(true);
  };

  const askToDelete = (provider: SsoProvider) => {
    setDeleteTarget(provider);
    setDeleteOpen(true);
  };

  const confirmDelete = () => {
    if (!deleteTarget) return;
    const { id, name } = deleteTarget;
    remove.mutate(id, {
      onSuccess: () => toast.success(`SSO provider ${name} deleted`),
      onError: (error) => toast.error(`SSO provider ${name} not deleted: ${errorMessage(error)}`),
      onSettled: () => setDeleteOpen(false),
    });
  };

  const assigned = deleteTarget?.peopleCount ?? 0;

  return (
    <Stack component="section" aria-labelledby={headingId} spacing={2}>
      <Stack
        direction="row"
        spacing={2}
        sx={{ alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap' }}
      >
        <Typography id={headingId} variant="h6" component="h2">
          SSO providers
        </Typography>
        <Button variant="contained" startIcon={<AddIcon />} onClick={() => openEditor()}>
          Add SSO provider
        </Button>
      </Stack>
      <Alert severity="info" role="note">
        The sign-in page offers every provider here. People assigned to a provider on the{' '}
        <Link component={RouterLink} to={paths.people}>
          People screen
        </Link>{' '}
        sign in through it only; administrators keep their password as a way in should the provider
        fail.
      </Alert>
      <Box>
        {providers.isPending ? (
          <LoadingState label="Loading the SSO providers" />
        ) : providers.isError ? (
          <ErrorState
            title="The SSO providers could not be loaded."
            error={providers.error}
            onRetry={() => void providers.refetch()}
          />
        ) : providers.data.items.length === 0 ? (
          <EmptyState title="No SSO providers yet.">
            Add the identity services your people use, such as an OpenID Connect, SAML or LDAP
            directory.
          </EmptyState>
        ) : (
          <SsoProvidersTable
            providers={providers.data.items}
            onEdit={openEditor}
            onDelete={askToDelete}
            onTest={openTest}
            onSync={syncNow}
            syncing={sync.isPending ? sync.variables : undefined}
          />
        )}
      </Box>
      <SsoProviderDialog
        key={editSession}
        open={editOpen}
        provider={editTarget}
        onClose={() => setEditOpen(false)}
      />
      <SsoProviderTestDialog
        key={`test-${testSession}`}
        open={testOpen}
        provider={testTarget}
        onClose={() => setTestOpen(false)}
      />
      <ConfirmDialog
        open={deleteOpen}
        title={`Delete SSO provider ${deleteTarget?.name ?? ''}?`}
        confirmLabel="Delete"
        pending={remove.isPending}
        onConfirm={confirmDelete}
        onClose={() => setDeleteOpen(false)}
      >
        The connection details of <strong>{deleteTarget?.name}</strong> will be deleted.{' '}
        {assigned === 0
          ? 'No one is assigned to it.'
          : `${peopleCountText(assigned)} ${assigned === 1 ? 'is' : 'are'} assigned to it; their SSO provider will be set to "none".`}
      </ConfirmDialog>
    </Stack>
  );
}
