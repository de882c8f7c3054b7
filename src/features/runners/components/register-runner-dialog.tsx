import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { createRunnerRequestSchema, type CreatedRunner } from '@contract/runners';
import { CopyField } from '@/components/copy-field';
import { FormDialog } from '@/components/form/form-dialog';
import { FormTextField } from '@/components/form/form-text-field';
import { basePath } from '@/config/base-path';
import { applyServerErrors } from '@/lib/form-errors';
import { useCreateRunner } from '../api/create-runner';
import { exactTime } from '@/components/when';
import { FormDialogActions } from '@/components/form/form-dialog-actions';

type RegisterRunnerFormValues = z.input<typeof createRunnerRequestSchema>;

/**
 * The command an operator runs inside their network to start the reference runner. The token
 * goes in the environment, out of the process list; the state file keeps the runner's
 * credential, so a restart needs no new token.
 */
export function runnerCommand(origin: string, token: string): string {
  return `PERIMETER_REGISTRATION_TOKEN=${token} npm run runner -- --url ${origin} --state-file ~/.perimeter-runner.json`;
}

type RegisterRunnerDialogProps = {
  open: boolean;
  onClose: () => void;
  /** The console's own address (its origin and base path), which the runner connects out to. */
  origin?: string;
};

/**
 * Registers a runner: its name, then its one-time registration token (shown only here), when
 * the token expires, and the command that starts the reference runner with it.
 */
export function RegisterRunnerDialog({
  open,
  onClose,
  origin = `${window.location.origin}${basePath}`,
}: RegisterRunnerDialogProps) {
  const create = useCreateRunner();
  const [created, setCreated] = useState<CreatedRunner>();
  const close = () => {
    // Forget the token as soon as the dialog closes: it is shown once.
    setCreated(undefined);
    create.reset();
    onClose();
  };
  return (
    // Only Done, Cancel or Escape close it: a stray click beside it must not lose the token.
    <FormDialog open={open} pending={create.isPending} onClose={close} maxWidth="md">
      {(titleId) => (
        <>
          <DialogTitle id={titleId}>
            {created ? `Start runner ${created.name}` : 'Register a runner'}
          </DialogTitle>
          {created ? (
            <RegisteredRunner created={created} origin={origin} onDone={close} />
          ) : (
            // Not while it fades out after Done: the token, just forgotten, is not followed by
            // an empty form.
            open && <RegisterRunnerForm create={create} onCreated={setCreated} onCancel={close} />
          )}
        </>
      )}
    </FormDialog>
  );
}

type RegisterRunnerFormProps = {
  create: ReturnType<typeof useCreateRunner>;
  onCreated: (created: CreatedRunner) => void;
  onCancel: () => void;
};

function RegisterRunnerForm({ create, onCreated, onCancel }: RegisterRunnerFormProps) {
  const [failure, setFailure] = useState<string>();
  const { control, handleSubmit, setError } = useForm<RegisterRunnerFormValues>({
    resolver: zodResolver(createRunnerRequestSchema),
    defaultValues: { name: '' },
  });
  const onSubmit = handleSubmit((values) => {
    setFailure(undefined);
    create.mutate(values, {
      onSuccess: onCreated,
      onError: (error) => setFailure(applyServerErrors(error, setError, ['name'])),
    });
  });
  return (
    <form noValidate onSubmit={onSubmit}>
      <DialogContent sx={{ pt: 0 }}>
        <Stack spacing={2}>
          <DialogContentText>
            A runner runs your pipelines inside your own network and only ever connects out to
            Perimeter. Registering gives you a one-time token that the runner trades for its own
            credential when it first starts.
          </DialogContentText>
          {failure && <Alert severity="error">{failure}</Alert>}
          <FormTextField
            control={control}
            name="name"
            label="Runner name"
            helperText="Name it after where it runs, such as dc-eu-1."
            autoComplete="off"
            spellCheck={false}
            autoFocus
            fullWidth
            required
            sx={{ mt: 1 }}
          />
        </Stack>
      </DialogContent>
      <FormDialogActions
        pending={create.isPending}
        submitLabel="Register runner"
        onCancel={onCancel}
      />
    </form>
  );
}

type RegisteredRunnerProps = { created: CreatedRunner; origin: string; onDone: () => void };

function RegisteredRunner({ created, origin, onDone }: RegisteredRunnerProps) {
  return (
    <>
      <DialogContent sx={{ pt: 0 }}>
        <Stack spacing={2}>
          <Alert severity="warning">
            This is the only time Perimeter shows this registration token. It works once, until{' '}
            <strong>{exactTime(created.registrationExpiresAt)}</strong>. If it is lost or expires,
            revoke the runner and register another.
          </Alert>
          <CopyField label="Registration token" value={created.registrationToken} />
          <Typography variant="body2">
            On a machine inside your network that can reach this console, start the reference runner
            from a checkout of Perimeter with:
          </Typography>
          <CopyField
            label="Command"
            value={runnerCommand(origin, created.registrationToken)}
            copyLabel="Copy the command"
          />
          <Typography variant="body2" sx={{ color: 'text.secondary' }}>
            The runner registers, then polls for jobs. It shows as online here within a few seconds
            of its first poll.
          </Typography>
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onDone} variant="contained">
          Done
        </Button>
      </DialogActions>
    </>
  );
}
