import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { teamNameSchema, type Team } from '@contract/teams';
import { FormDialog } from '@/components/form/form-dialog';
import { FormTextField } from '@/components/form/form-text-field';
import { applyServerErrors } from '@/lib/form-errors';
import { useCreateTeam } from '../api/create-team';
import { FormDialogActions } from '@/components/form/form-dialog-actions';

const createTeamFormSchema = z.object({ name: teamNameSchema });
type CreateTeamFormValues = z.input<typeof createTeamFormSchema>;

/** The format of a team name, shown under the field until the name breaks it. */
export const TEAM_NAME_HINT = 'Lowercase letters, digits and hyphens, such as team-payments.';

type CreateTeamDialogProps = {
  open: boolean;
  onClose: () => void;
  /** The team exists: the caller tells the person and takes them to it. */
  onCreated: (team: Team) => void;
};

/** Asks for the new team's name, checking it as it is typed and again on the server. */
export function CreateTeamDialog({ open, onClose, onCreated }: CreateTeamDialogProps) {
  const create = useCreateTeam();
  return (
    <FormDialog open={open} pending={create.isPending} onClose={onClose} maxWidth="xs">
      {(titleId) => (
        <>
          <DialogTitle id={titleId}>Create a team</DialogTitle>
          {/* Its own component, so that every opening starts with an empty form. */}
          <CreateTeamForm create={create} onClose={onClose} onCreated={onCreated} />
        </>
      )}
    </FormDialog>
  );
}

type CreateTeamFormProps = Omit<CreateTeamDialogProps, 'open'> & {
  create: ReturnType<typeof useCreateTeam>;
};

function CreateTeamForm({ create, onClose, onCreated }: CreateTeamFormProps) {
  const [failure, setFailure] = useState<string>();
  const { control, handleSubmit, setError } = useForm<CreateTeamFormValues>({
    resolver: zodResolver(createTeamFormSchema),
    defaultValues: { name: '' },
    // As the person types: "no spaces" while there is still a space to take out.
    mode: 'onChange',
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
        <DialogContentText sx={{ mb: 2 }}>
          After creating the team you can add people to it.
        </DialogContentText>
        {failure && (
          <Alert severity="error" sx={{ mb: 2 }}>
            {failure}
          </Alert>
        )}
        <FormTextField
          control={control}
          name="name"
          label="Team name"
          helperText={TEAM_NAME_HINT}
          autoComplete="off"
          spellCheck={false}
          autoFocus
          fullWidth
          required
          // Leaves room for the helper text and the error message under the field.
          sx={{ mt: 1 }}
        />
      </DialogContent>
      <FormDialogActions pending={create.isPending} submitLabel="Create team" onCancel={onClose} />
    </form>
  );
}
