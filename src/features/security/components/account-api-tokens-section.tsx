import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useId, useState } from 'react';
import type { AccountApiToken } from '@contract/api-tokens';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { ListPagination } from '@/components/list-pagination';
import { SearchField } from '@/components/search-field';
import { EmptyState, ErrorState, LoadingState } from '@/components/states';
import { stickyFirstColumnStyle, tableScrollerStyle } from '@/components/table-scroll';
import { toast } from '@/components/toast-store';
import { accessOf, expiryOf } from '@/entities/api-tokens/components/token-words';
import { errorMessage } from '@/lib/api/api-error';
import { formatDate } from '@/lib/format';
import { PAGE_SIZES } from '@/lib/use-list-params';
import { useAccountApiTokens, useRevokeAccountApiToken } from '../api/account-api-tokens';

/**
 * Every API token of the account (issue 20): whose, what it may do, when it was last used and
 * when it expires; an administrator revokes any of them. Values are never shown, not even here.
 */
export function AccountApiTokensSection() {
  const headingId = useId();
  const [query, setQuery] = useState({ page: 1, pageSize: 20 as number, q: '' });
  const tokens = useAccountApiTokens({
    page: query.page,
    pageSize: query.pageSize,
    ...(query.q ? { q: query.q } : {}),
  });
  const revoke = useRevokeAccountApiToken();
  // Kept after the dialog closes so its title does not change while it fades out.
  const [target, setTarget] = useState<AccountApiToken>();
  const [confirmOpen, setConfirmOpen] = useState(false);

  const confirmRevoke = () => {
    if (!target) return;
    const { id, name, owner } = target;
    revoke.mutate(id, {
      onSuccess: () => toast.success(`Token ${name} of ${owner.name} revoked`),
      onError: (error) => toast.error(`Token ${name} not revoked: ${errorMessage(error)}`),
      onSettled: () => setConfirmOpen(false),
    });
  };

  return (
    <Stack component="section" aria-labelledby={headingId} spacing={2}>
      <Typography id={headingId} variant="h6" component="h2">
        API tokens
      </Typography>
      <Typography sx={{ maxWidth: 720 }}>
        Every personal API token in the account. A token acts for its owner, within what it was
        given: read only or read and write, and administrative rights only while its owner is an
        administrator. Revoke one that is no longer needed or may have leaked.
      </Typography>
      <SearchField
        label="Search tokens and owners"
        value={query.q}
        onSearch={(q) => setQuery((current) => ({ ...current, q, page: 1 }))}
      />
      {tokens.isPending ? (
        <LoadingState label="Loading the account’s tokens" />
      ) : tokens.isError ? (
        <ErrorState
          title="The account’s tokens could not be loaded."
          error={tokens.error}
          onRetry={() => void tokens.refetch()}
        />
      ) : tokens.data.total === 0 ? (
        <EmptyState title={query.q ? 'No token matches.' : 'Nobody has an API token.'}>
          {query.q
            ? 'Search for another name or email.'
            : 'People create their tokens on their Profile.'}
        </EmptyState>
      ) : (
        <>
          <TableContainer sx={tableScrollerStyle}>
            <Table size="small" aria-label="API tokens of the account" sx={stickyFirstColumnStyle}>
              <TableHead>
                <TableRow>
                  <TableCell>Name</TableCell>
                  <TableCell>Owner</TableCell>
                  <TableCell>Access</TableCell>
                  <TableCell>Created</TableCell>
                  <TableCell>Last used</TableCell>
                  <TableCell>Expires</TableCell>
                  <TableCell align="right">Actions</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {tokens.data.items.map((token) => (
                  <TableRow key={token.id}>
                    <TableCell component="th" scope="row">
                      {token.name}
                      <Typography
                        variant="body2"
                        component="span"
                        sx={{ display: 'block', fontFamily: 'monospace', color: 'text.secondary' }}
                      >
                        {token.prefix}…
                      </Typography>
                    </TableCell>
                    <TableCell>
                      {token.owner.name}
                      <Typography
                        variant="body2"
                        component="span"
                        sx={{ display: 'block', color: 'text.secondary' }}
                      >
                        {token.owner.email}
                      </Typography>
                    </TableCell>
                    <TableCell>
                      {accessOf(token)}
                      {token.administrator && token.owner.level !== 'administrator' && (
                        <Typography
                          variant="body2"
                          component="span"
                          sx={{ display: 'block', color: 'text.secondary' }}
                        >
                          Not in force: the owner is not an administrator
                        </Typography>
                      )}
                    </TableCell>
                    <TableCell>{formatDate(token.createdAt)}</TableCell>
                    <TableCell>
                      {token.lastUsedAt ? formatDate(token.lastUsedAt) : 'Never'}
                    </TableCell>
                    <TableCell>{expiryOf(token.expiresAt)}</TableCell>
                    <TableCell align="right">
                      <Button
                        color="error"
                        size="small"
                        aria-label={`Revoke token ${token.name} of ${token.owner.name}`}
                        onClick={() => {
                          setTarget(token);
                          setConfirmOpen(true);
                        }}
                      >
                        Revoke
                      </Button>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
          <ListPagination
            total={tokens.data.total}
            page={query.page}
            pageSize={query.pageSize}
            pageSizes={PAGE_SIZES}
            onPageChange={(page) => setQuery((current) => ({ ...current, page }))}
            onPageSizeChange={(pageSize) =>
              setQuery((current) => ({ ...current, pageSize, page: 1 }))
            }
          />
        </>
      )}
      <ConfirmDialog
        open={confirmOpen}
        title={`Revoke token ${target?.name ?? ''}?`}
        confirmLabel="Revoke"
        pending={revoke.isPending}
        onConfirm={confirmRevoke}
        onClose={() => setConfirmOpen(false)}
      >
        Scripts and tools that use <strong>{target?.owner.name}</strong>’s token{' '}
        <strong>{target?.name}</strong> will be refused from now on. This cannot be undone, and the
        audit log records it.
      </ConfirmDialog>
    </Stack>
  );
}
