import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { InvitedUser, MailOutcome } from '@contract/users';
import { CopyField } from '@/components/copy-field';
import { invitationState } from './person-labels';

const MAIL_NOTES: Record<MailOutcome, string> = {
  sent: 'Mailed to them as well.',
  failed: 'Mailing it failed: copy the link and send it to them yourself.',
  'not-configured': 'Perimeter does not send mail here: copy the link and send it to them.',
};

/**
 * One invited person's link, to copy and pass on, with whether it was mailed and how long it
 * works. It is shown only now: the server keeps a hash of it, not the link.
 */
export function InvitationLink({ invited }: { invited: InvitedUser }) {
  return (
    <Stack spacing={0.5}>
      <Typography variant="subtitle2" component="p">
        {invited.name} ({invited.email})
      </Typography>
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        {MAIL_NOTES[invited.mail]} The link works once
        {invited.invitation ? `; ${invitationState(invited.invitation)}` : ''}.
      </Typography>
      <CopyField
        label={`Invitation link for ${invited.email}`}
        copyLabel={`Copy the invitation link for ${invited.email}`}
        value={invited.invitationUrl}
      />
    </Stack>
  );
}
