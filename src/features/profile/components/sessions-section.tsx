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
import type { Session } from '@contract/sessions';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { ErrorState, LoadingState } from '@/components/states';
import { stickyFirstColumnStyle, tableScrollerStyle } from '@/components/table-scroll';
import { toast } from '@/components/toast-store';
import { errorMessage } from '@/lib/api/api-error';
import { formatDateTime } from '@/lib/format';
import { useEndOtherSessions, useEndSession, useSessions } from '../api/sessions';

/** What the confirmation dialog is about: one other session, or all of them. */
type Ending = { kind: 'one'; session: Session } | { kind: 'others' };

const deviceOf = (session: Session) => session.device ?? 'Unknown device';

/** Where the person is signed in; they sign out any browser but this one, or all others. */
export function SessionsSection() {
  const headingId = useId();
  const sessions = useSessions();
  const endOne = useEndSession();
  const endOthers = useEndOtherSessions();
  // Kept after the dialog closes so its title does not change while it fades out.
  const [ending, setEnding] = useState<Ending>();
  const [confirmOpen, setConfirmOpen] = useState(false);

  const ask = (what: Ending) => {
    setEnding(what);
    setConfirmOpen(true);
  };

  const confirm = () => {
    if (!ending) return;
    const onSettled = () => setConfirmOpen(false);
    if (ending.kind === 'one') {
      const device = deviceOf(ending.session);
      endOne.mutate(ending.session.id, {
        onSuccess: () => toast.success(`Signed out ${device}`),
        onError: (error) => toast.error(`${device} not signed out: ${errorMessage(error)}`),
        onSettled,
      });
    } else {
      endOthers.mutate(undefined, {
        onSuccess: ({ ended }) =>
          toast.success(
            ended === 1 ? 'Signed out 1 other session' : `Signed out ${ended} other sessions`,
          ),
        onError: (error) => toast.error(`Other sessions not signed out: ${errorMessage(error)}`),
        onSettled,
      });
    }
  };

  const others = sessions.data?.items.filter((session) => !session.current) ?? [];

  return (
    <Stack component="section" aria-labelledby={headingId} spacing={2}>
      <Typography id={headingId} variant="h6" component="h2">
        Sessions
      </Typography>
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        The browsers where you are signed in. Sign out any you do not recognise or no longer use;
        API tokens are not sessions and keep working.
      </Typography>
      {sessions.isPending ? (
        <LoadingState label="Loading your sessions" />
      ) : sessions.isError ? (
        <ErrorState
          title="Your sessions could not be loaded."
          error={sessions.error}
          onRetry={() => void sessions.refetch()}
        />
      ) : (
        <>
          <TableContainer sx={tableScrollerStyle}>
            <Table size="small" aria-label="Sessions" sx={stickyFirstColumnStyle}>
              <TableHead>
                <TableRow>
                  <TableCell>Device</TableCell>
                  <TableCell>Address</TableCell>
                  <TableCell>Started</TableCell>
                  <TableCell>Last active</TableCell>
                  <TableCell align="right">Actions</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {sessions.data.items.map((session) => (
                  <TableRow key={session.id}>
                    <TableCell component="th" scope="row">
                      {deviceOf(session)}
                    </TableCell>
                    <TableCell>{session.address ?? 'Unknown'}</TableCell>
                    <TableCell>{formatDateTime(session.startedAt)}</TableCell>
                    <TableCell>{formatDateTime(session.lastActiveAt)}</TableCell>
                    <TableCell align="right">
                      {session.current ? (
                        <Typography variant="body2" component="span">
                          This session
                        </Typography>
                      ) : (
                        <Button
                          color="error"
                          size="small"
                          aria-label={`Sign out ${deviceOf(session)}, last active ${formatDateTime(session.lastActiveAt)}`}
                          onClick={() => ask({ kind: 'one', session })}
                        >
                          Sign out
                        </Button>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
          {others.length > 0 && (
            <div>
              <Button color="error" variant="outlined" onClick={() => ask({ kind: 'others' })}>
                Sign out all other sessions
              </Button>
            </div>
          )}
        </>
      )}
      <ConfirmDialog
        open={confirmOpen}
        title={
          ending?.kind === 'one'
            ? `Sign out ${deviceOf(ending.session)}?`
            : 'Sign out all other sessions?'
        }
        confirmLabel="Sign out"
        pending={endOne.isPending || endOthers.isPending}
        onConfirm={confirm}
        onClose={() => setConfirmOpen(false)}
      >
        {ending?.kind === 'one'
          ? `The browser on ${deviceOf(ending.session)} will be signed out at its next request and must sign in again. This session stays signed in.`
          : 'Every browser where you are signed in, except this one, will be signed out at its next request and must sign in again.'}
      </ConfirmDialog>
    </Stack>
  );
}
