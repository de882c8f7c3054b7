import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { teamNameSchema, type Team } from '@contract/teams';
import { FormTextField } from '@/components/form/form-text-field';
import { toast } from '@/components/toast-store';
import { applyServerErrors } from '@/lib/form-errors';
import { useUpdateTeam } from '../api/update-team';
import { TEAM_NAME_HINT } from './create-team-dialog';

const renameTeamFormSchema = z.object({ name: teamNameSchema });
type RenameTeamFormValues = z.input<typeof renameTeamFormSchema>;

/** The name of a team that is not built in, checked as it is typed and again on the server. */
export function RenameTeamForm({ team }: { team: Pick<Team, 'id' | 'name'> }) {
  const update = useUpdateTeam();
  const [failure, setFailure] = useState<string>();
  const {
    control,
    handleSubmit,
    setError,
    reset,
    formState: { isDirty },
  } = useForm<RenameTeamFormValues>({
    resolver: zodResolver(renameTeamFormSchema),
    // Follows the saved name (after saving, or a rename elsewhere) unless it is being edited.
    values: { name: team.name },
    resetOptions: { keepDirtyValues: true },
    mode: 'onChange',
  });

  const onSubmit = handleSubmit(({ name }) => {
    setFailure(undefined);
    if (name === team.name) return;
    update.mutate(
      { id: team.id, change: { name } },
      {
        onSuccess: (renamed) => {
          reset({ name: renamed.name });
          toast.success(`Team renamed to ${renamed.name}`);
        },
        onError: (error) => setFailure(applyServerErrors(error, setError, ['name'])),
      },
    );
  });

  return (
    <Stack component="form" noValidate onSubmit={onSubmit} spacing={2} sx={{ maxWidth: 560 }}>
      {failure && <Alert severity="error">{failure}</Alert>}
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: 'flex-start' }}>
        <FormTextField
          control={control}
          name="name"
          label="Team name"
          helperText={TEAM_NAME_HINT}
          autoComplete="off"
          spellCheck={false}
          fullWidth
          required
        />
        <Button
          type="submit"
          variant="outlined"
          loading={update.isPending}
          // Nothing to save until the name changes; the field itself stays reachable.
          disabled={!isDirty}
          sx={{ flexShrink: 0, mt: { sm: 1 } }}
        >
          Rename
        </Button>
      </Stack>
    </Stack>
  );
}
