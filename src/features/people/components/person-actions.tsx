import MoreVertIcon from '@mui/icons-material/MoreVert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import IconButton from '@mui/material/IconButton';
import Menu from '@mui/material/Menu';
import Typography from '@mui/material/Typography';
import MenuItem from '@mui/material/MenuItem';
import { useId, useState } from 'react';
import { Link as RouterLink } from 'react-router';
import type { InvitedUser, MailOutcome, PasswordResetLink, User } from '@contract/users';
import { CopyField } from '@/components/copy-field';
import { checkAccessPath } from '@/config/links';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { toast } from '@/components/toast-store';
import { errorMessage } from '@/lib/api/api-error';
import { useEndPersonSessions } from '../api/end-person-sessions';
import { useIssuePasswordReset } from '../api/issue-password-reset';
import { useRemoveUser } from '../api/remove-user';
import { useResendInvitation } from '../api/resend-invitation';
import { useRevokeInvitation } from '../api/revoke-invitation';
import { InvitationLink } from './invitation-link';

type Confirming = 'remove' | 'withdraw' | 'end-sessions' | undefined;

const RESET_MAIL_NOTES: Record<MailOutcome, string> = {
  sent: 'Mailed to them as well.',
  failed: 'Mailing it failed: copy the link and send it to them yourself.',
  'not-configured': 'Perimeter does not send mail here: copy the link and send it to them.',
};

const resetDateFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});

type PersonActionsProps = { person: User; isSelf: boolean; accountName: string };

/**
 * What can be done to a person beyond their level and provider: for an invited person, a new
 * link or withdrawing the invitation; for an active person, a password-reset link and ending
 * all their sessions; for anyone, checking their access in the explainer (Permissions) and
 * removal from the account (each confirmed, naming them).
 */
export function PersonActions({ person, isSelf, accountName }: PersonActionsProps) {
  const menuId = useId();
  const buttonId = useId();
  const linkTitleId = useId();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [confirming, setConfirming] = useState<Confirming>();
  const [confirmOpen, setConfirmOpen] = useState(false);
  const [newLink, setNewLink] = useState<InvitedUser>();
  const [resetLink, setResetLink] = useState<PasswordResetLink>();
  const resetTitleId = useId();
  const issueReset = useIssuePasswordReset();
  const remove = useRemoveUser();
  const resend = useResendInvitation();
  const revoke = useRevokeInvitation();
  const endSessions = useEndPersonSessions();
  const invited = person.status === 'invited';
  // The server refuses a reset link for a user who signs in through a provider: no password.
  const passwordless = person.level !== 'administrator' && person.ssoProvider !== null;

  const ask = (what: Confirming) => {
    setAnchor(null);
    setConfirming(what);
    setConfirmOpen(true);
  };

  const sendNewLink = () => {
    setAnchor(null);
    resend.mutate(person.id, {
      onSuccess: setNewLink,
      onError: (error) => toast.error(`No new link for ${person.name}: ${errorMessage(error)}`),
    });
  };

  const issueResetLink = () => {
    setAnchor(null);
    issueReset.mutate(person.id, {
      onSuccess: setResetLink,
      onError: (error) =>
        toast.error(`No password-reset link for ${person.name}: ${errorMessage(error)}`),
    });
  };

  const confirm = () => {
    if (confirming === 'end-sessions') {
      endSessions.mutate(person.id, {
        onSuccess: ({ ended }) =>
          toast.success(
            `${person.name} signed out of ${ended === 1 ? '1 session' : `${ended} sessions`}`,
          ),
        onError: (error) =>
          toast.error(`${person.name}'s sessions not ended: ${errorMessage(error)}`),
        onSettled: () => setConfirmOpen(false),
      });
      return;
    }
    const mutation = confirming === 'withdraw' ? revoke : remove;
    const done =
      confirming === 'withdraw'
        ? `Invitation of ${person.email} withdrawn`
        : `${person.name} removed from the account`;
    mutation.mutate(person.id, {
      onSuccess: () => toast.success(done),
      onError: (error) => toast.error(`${person.name} was not removed: ${errorMessage(error)}`),
      onSettled: () => setConfirmOpen(false),
    });
  };

  return (
    <>
      <IconButton
        id={buttonId}
        aria-label={`Actions for ${person.name}`}
        aria-haspopup="menu"
        aria-controls={anchor ? menuId : undefined}
        aria-expanded={anchor ? 'true' : undefined}
        onClick={(event) => setAnchor(event.currentTarget)}
      >
        <MoreVertIcon />
      </IconButton>
      <Menu
        id={menuId}
        anchorEl={anchor}
        open={anchor !== null}
        onClose={() => setAnchor(null)}
        slotProps={{ list: { 'aria-labelledby': buttonId } }}
      >
        {invited && (
          <MenuItem onClick={sendNewLink} disabled={resend.isPending}>
            Send a new invitation link
          </MenuItem>
        )}
        {!invited && !passwordless && (
          <MenuItem onClick={issueResetLink} disabled={issueReset.isPending}>
            Password reset link
          </MenuItem>
        )}
        {!invited && <MenuItem onClick={() => ask('end-sessions')}>End sessions</MenuItem>}
        <MenuItem component={RouterLink} to={checkAccessPath(person.id)}>
          Check access
        </MenuItem>
        {invited ? (
          <MenuItem onClick={() => ask('withdraw')}>Withdraw invitation</MenuItem>
        ) : (
          <MenuItem onClick={() => ask('remove')}>Remove from account</MenuItem>
        )}
      </Menu>

      <ConfirmDialog
        open={confirmOpen}
        title={
          confirming === 'withdraw'
            ? `Withdraw the invitation of ${person.email}?`
            : confirming === 'end-sessions'
              ? `End all sessions of ${person.name}?`
              : isSelf
                ? 'Remove yourself from the account?'
                : `Remove ${person.name}?`
        }
        confirmLabel={
          confirming === 'withdraw'
            ? 'Withdraw'
            : confirming === 'end-sessions'
              ? 'End sessions'
              : 'Remove'
        }
        pending={remove.isPending || revoke.isPending || endSessions.isPending}
        onConfirm={confirm}
        onClose={() => setConfirmOpen(false)}
      >
        {confirming === 'withdraw' ? (
          <>
            The link sent to <strong>{person.email}</strong> stops working, and they are no longer
            listed among the people of {accountName}.
          </>
        ) : confirming === 'end-sessions' ? (
          <>
            Every browser where <strong>{person.name}</strong> is signed in is signed out at its
            next request; they can sign in again. Their personal API tokens keep working.
            {isSelf && ' This includes this session: you will be signed out.'}
          </>
        ) : (
          <>
            <strong>
              {person.name} ({person.email})
            </strong>{' '}
            loses access to {accountName} at once: their sessions and personal API tokens stop
            working and they leave all their teams.
            {isSelf && ' You will be signed out.'} This cannot be undone; they would need a new
            invitation.
          </>
        )}
      </ConfirmDialog>

      <Dialog
        open={newLink !== undefined}
        onClose={(_event, reason) => reason !== 'backdropClick' && setNewLink(undefined)}
        aria-labelledby={linkTitleId}
        fullWidth
        maxWidth="sm"
      >
        <DialogTitle id={linkTitleId}>New invitation link</DialogTitle>
        <DialogContent>
          <Typography sx={{ mb: 2 }}>The previous link no longer works.</Typography>
          {newLink && <InvitationLink invited={newLink} />}
        </DialogContent>
        <DialogActions>
          <Button variant="contained" onClick={() => setNewLink(undefined)}>
            Done
          </Button>
        </DialogActions>
      </Dialog>

      <Dialog
        open={resetLink !== undefined}
        onClose={(_event, reason) => reason !== 'backdropClick' && setResetLink(undefined)}
        aria-labelledby={resetTitleId}
        fullWidth
        maxWidth="sm"
      >
        <DialogTitle id={resetTitleId}>Password reset link</DialogTitle>
        <DialogContent>
          {resetLink && (
            <>
              <Typography sx={{ mb: 2 }}>
                With this link {person.name} ({person.email}) chooses a new password; their sessions
                then end. Any earlier link no longer works.
              </Typography>
              <Typography variant="body2" sx={{ color: 'text.secondary', mb: 1 }}>
                {RESET_MAIL_NOTES[resetLink.mail]} The link works once, until{' '}
                {resetDateFormat.format(new Date(resetLink.expiresAt))}.
              </Typography>
              <CopyField
                label={`Password reset link for ${person.email}`}
                copyLabel={`Copy the password reset link for ${person.email}`}
                value={resetLink.resetUrl}
              />
            </>
          )}
        </DialogContent>
        <DialogActions>
          <Button variant="contained" onClick={() => setResetLink(undefined)}>
            Done
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
