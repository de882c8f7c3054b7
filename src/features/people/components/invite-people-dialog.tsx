import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Divider from '@mui/material/Divider';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { emailSchema } from '@contract/auth';
import { accessLevelSchema, type AccessLevel } from '@contract/me';
import type { InvitedUser } from '@contract/users';
import { FormDialog } from '@/components/form/form-dialog';
import { FormTextField } from '@/components/form/form-text-field';
import { errorMessage } from '@/lib/api/api-error';
import { useInviteUser } from '../api/invite-user';
import { InvitationLink } from './invitation-link';
import { LEVEL_NAMES } from './person-labels';
import { FormDialogActions } from '@/components/form/form-dialog-actions';

const MAX_AT_ONCE = 50;

/** The addresses typed into the box: separated by commas, semicolons, spaces or new lines. */
export function splitEmails(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .filter(Boolean)
        .map((e) => e.toLowerCase()),
    ),
  ];
}

const inviteFormSchema = z.object({
  emails: z.string().superRefine((text, ctx) => {
    const emails = splitEmails(text);
    const invalid = emails.filter((email) => !emailSchema.safeParse(email).success);
    const message =
      emails.length === 0
        ? 'Enter at least one email address.'
        : invalid.length === 1
          ? `${invalid[0]} is not a valid email address.`
          : invalid.length > 1
            ? `These are not valid email addresses: ${invalid.join(', ')}.`
            : emails.length > MAX_AT_ONCE
              ? `Invite at most ${MAX_AT_ONCE} people at once.`
              : undefined;
    if (message) ctx.addIssue({ code: 'custom', message });
  }),
  level: accessLevelSchema,
});
type InviteFormValues = z.input<typeof inviteFormSchema>;

type Outcome = { email: string } & (
  { invited: InvitedUser; failure?: never } | { invited?: never; failure: string }
);

const emptyForm: InviteFormValues = { emails: '', level: 'user' };

type InvitePeopleDialogProps = { open: boolean; onClose: () => void };

/**
 * Invites one or many people at once. Each address is invited on its own, so one refusal
 * (a duplicate, a domain outside the account's list) does not stop the others; the outcome of
 * each is shown, with the links to pass on.
 */
export function InvitePeopleDialog({ open, onClose }: InvitePeopleDialogProps) {
  const invite = useInviteUser();
  const [progress, setProgress] = useState<{ done: number; of: number }>();
  const [outcomes, setOutcomes] = useState<Outcome[]>();
  const { control, handleSubmit, reset } = useForm<InviteFormValues>({
    resolver: zodResolver(inviteFormSchema),
    mode: 'onTouched',
    defaultValues: emptyForm,
  });

  const sending = progress !== undefined && outcomes === undefined;

  const onSubmit = handleSubmit(async ({ emails: text, level }) => {
    const emails = splitEmails(text);
    const results: Outcome[] = [];
    setProgress({ done: 0, of: emails.length });
    // One after another: the answers come back in the order typed, and the server is not
    // flooded by a long list.
    for (const email of emails) {
      try {
        results.push({ email, invited: await invite.mutateAsync({ email, level }) });
      } catch (error) {
        results.push({ email, failure: errorMessage(error) });
      }
      setProgress({ done: results.length, of: emails.length });
    }
    setOutcomes(results);
  });

  const startOver = () => {
    reset(emptyForm);
    setOutcomes(undefined);
    setProgress(undefined);
  };

  const close = () => {
    if (sending) return;
    startOver();
    onClose();
  };

  const invited = outcomes?.filter((o) => o.invited) ?? [];
  const refused = outcomes?.filter((o) => o.failure) ?? [];

  return (
    // The links are shown once: a stray click beside the dialog must not lose them either.
    <FormDialog open={open} pending={sending} onClose={close}>
      {(titleId) => (
        <>
          <DialogTitle id={titleId}>Invite people</DialogTitle>
          {outcomes === undefined ? (
            <form noValidate onSubmit={onSubmit}>
              <DialogContent>
                <Stack spacing={2} sx={{ pt: 1 }}>
                  <Typography variant="body2">
                    Each person gets a one-time link to choose their password. Until they use it
                    they are listed as invited, and you can send a new link or withdraw the
                    invitation.
                  </Typography>
                  <FormTextField
                    control={control}
                    name="emails"
                    label="Email addresses"
                    helperText="One or more, separated by commas, spaces or new lines."
                    multiline
                    minRows={3}
                    fullWidth
                    required
                    autoFocus
                    disabled={sending}
                  />
                  <FormTextField
                    control={control}
                    name="level"
                    label="Access level"
                    select
                    slotProps={{ select: { native: true } }}
                    helperText="Administrators can open every administration screen."
                    disabled={sending}
                  >
                    {(Object.keys(LEVEL_NAMES) as AccessLevel[]).map((level) => (
                      <option key={level} value={level}>
                        {LEVEL_NAMES[level]}
                      </option>
                    ))}
                  </FormTextField>
                  {sending && progress && (
                    <Typography role="status" variant="body2">
                      Inviting {progress.done + 1} of {progress.of}…
                    </Typography>
                  )}
                </Stack>
              </DialogContent>
              <FormDialogActions
                pending={sending}
                submitLabel="Send invitations"
                onCancel={close}
              />
            </form>
          ) : (
            <>
              <DialogContent>
                <Stack spacing={2} divider={<Divider flexItem />}>
                  <Typography role="status">
                    {invited.length === 1
                      ? '1 person invited.'
                      : `${invited.length} people invited.`}
                    {refused.length > 0 &&
                      ` ${refused.length} ${refused.length === 1 ? 'address was' : 'addresses were'} not invited.`}
                  </Typography>
                  {refused.map(({ email, failure }) => (
                    <Alert key={email} severity="error">
                      <strong>{email}</strong>: {failure}
                    </Alert>
                  ))}
                  {invited.map(({ invited: person }) => (
                    <InvitationLink key={person!.id} invited={person!} />
                  ))}
                </Stack>
              </DialogContent>
              <DialogActions>
                <Button onClick={startOver}>Invite more people</Button>
                <Button onClick={close} variant="contained">
                  Done
                </Button>
              </DialogActions>
            </>
          )}
        </>
      )}
    </FormDialog>
  );
}
