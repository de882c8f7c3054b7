import Button from '@mui/material/Button';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { ApiToken } from '@contract/me';
import { accessOf, expiryOf } from '@/entities/api-tokens/components/token-words';
import { formatDate } from '@/lib/format';
import { stickyFirstColumnStyle, tableScrollerStyle } from '@/components/table-scroll';

type ApiTokenTableProps = { tokens: ApiToken[]; onRevoke: (token: ApiToken) => void };

export function ApiTokenTable({ tokens, onRevoke }: ApiTokenTableProps) {
  return (
    <TableContainer sx={tableScrollerStyle}>
      <Table size="small" aria-label="Personal API tokens" sx={stickyFirstColumnStyle}>
        <TableHead>
          <TableRow>
            <TableCell>Name</TableCell>
            <TableCell>Starts with</TableCell>
            <TableCell>Access</TableCell>
            <TableCell>Created</TableCell>
            <TableCell>Last used</TableCell>
            <TableCell>Expires</TableCell>
            <TableCell align="right">Actions</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {tokens.map((token) => (
            <TableRow key={token.id}>
              <TableCell component="th" scope="row">
                {token.name}
              </TableCell>
              <TableCell sx={{ fontFamily: 'monospace' }}>{token.prefix}…</TableCell>
              <TableCell>{accessOf(token)}</TableCell>
              <TableCell>{formatDate(token.createdAt)}</TableCell>
              <TableCell>{token.lastUsedAt ? formatDate(token.lastUsedAt) : 'Never'}</TableCell>
              <TableCell>{expiryOf(token.expiresAt)}</TableCell>
              <TableCell align="right">
                <Button
                  color="error"
                  size="small"
                  aria-label={`Revoke token ${token.name}`}
                  onClick={() => onRevoke(token)}
                >
                  Revoke
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
