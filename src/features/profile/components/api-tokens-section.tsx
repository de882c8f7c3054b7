import Typography from '@mui/material/Typography';
import Stack from '@mui/material/Stack';
import { useId, useState } from 'react';
import type { ApiToken, CreatedApiToken } from '@contract/me';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { EmptyState, ErrorState, LoadingState } from '@/components/states';
import { toast } from '@/components/toast-store';
import { errorMessage } from '@/lib/api/api-error';
import { useApiTokens } from '../api/get-api-tokens';
import { useRevokeApiToken } from '../api/revoke-api-token';
import { ApiTokenTable } from './api-token-table';
import { CreateApiTokenForm } from './create-api-token-form';
import { NewApiTokenDialog } from './new-api-token-dialog';

type ApiTokensSectionProps = {
  /** Whether the person is an administrator, who may give a token administrative rights. */
  administrator: boolean;
};

/** Personal API tokens: create one (its value shown once), see them, revoke them. */
export function ApiTokensSection({ administrator }: ApiTokensSectionProps) {
  const headingId = useId();
  const tokens = useApiTokens();
  const revoke = useRevokeApiToken();
  const [created, setCreated] = useState<CreatedApiToken>();
  // Kept after the dialog closes so its title does not change while it fades out.
  const [revokeTarget, setRevokeTarget] = useState<ApiToken>();
  const [confirmOpen, setConfirmOpen] = useState(false);

  const askToRevoke = (token: ApiToken) => {
    setRevokeTarget(token);
    setConfirmOpen(true);
  };

  const confirmRevoke = () => {
    if (!revokeTarget) return;
    const { id, name } = revokeTarget;
    revoke.mutate(id, {
      onSuccess: () => toast.success(`Token ${name} revoked`),
      onError: (error) => toast.error(`Token ${name} not revoked: ${errorMessage(error)}`),
      onSettled: () => setConfirmOpen(false),
    });
  };

  return (
    <Stack component="section" aria-labelledby={headingId} spacing={2}>
      <Typography id={headingId} variant="h6" component="h2">
        Personal API tokens
      </Typography>
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        Scripts and tools use a token to call the Perimeter API as you, sending it in the header{' '}
        <code>Authorization: Bearer &lt;token&gt;</code>. A read-only token can look at what you
        can; a read-and-write token can also change it.
        {administrator &&
          ' Only a token you give administrative rights can use the administration screens’ API.'}{' '}
        Every token expires within a year.
      </Typography>
      <CreateApiTokenForm mayGrantAdministration={administrator} onCreated={setCreated} />
      {tokens.isPending ? (
        <LoadingState label="Loading your tokens" />
      ) : tokens.isError ? (
        <ErrorState
          title="Your tokens could not be loaded."
          error={tokens.error}
          onRetry={() => void tokens.refetch()}
        />
      ) : tokens.data.items.length === 0 ? (
        <EmptyState title="You have no personal API tokens.">
          Create one above when a script needs to call the API.
        </EmptyState>
      ) : (
        <ApiTokenTable tokens={tokens.data.items} onRevoke={askToRevoke} />
      )}
      <NewApiTokenDialog created={created} onClose={() => setCreated(undefined)} />
      <ConfirmDialog
        open={confirmOpen}
        title={`Revoke token ${revokeTarget?.name ?? ''}?`}
        confirmLabel="Revoke"
        pending={revoke.isPending}
        onConfirm={confirmRevoke}
        onClose={() => setConfirmOpen(false)}
      >
        Scripts and tools that use the token <strong>{revokeTarget?.name}</strong> will be refused
        from now on. This cannot be undone.
      </ConfirmDialog>
    </Stack>
  );
}
