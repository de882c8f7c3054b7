import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { PASSWORD_MIN_LENGTH } from '@contract/constants';
import { changePasswordRequestSchema } from '@contract/me';
import { FormTextField } from '@/components/form/form-text-field';
import { applyServerErrors } from '@/lib/form-errors';
import { useChangePassword } from '../api/change-password';

type ChangePasswordValues = z.input<typeof changePasswordRequestSchema>;

/** The person changes their own password; their other sessions end (the server's doing). */
export function ChangePasswordForm() {
  const headingId = useId();
  const change = useChangePassword();
  const [failure, setFailure] = useState<string>();
  const [changed, setChanged] = useState(false);
  const { control, handleSubmit, setError, reset } = useForm<ChangePasswordValues>({
    resolver: zodResolver(changePasswordRequestSchema),
    mode: 'onTouched',
    defaultValues: { currentPassword: '', newPassword: '' },
  });

  const onSubmit = handleSubmit((values) => {
    setFailure(undefined);
    setChanged(false);
    change.mutate(values, {
      onSuccess: () => {
        // Passwords do not linger in the form once they have done their work.
        reset();
        setChanged(true);
      },
      onError: (error) =>
        setFailure(applyServerErrors(error, setError, ['currentPassword', 'newPassword'])),
    });
  });

  return (
    <Stack
      component="form"
      aria-labelledby={headingId}
      noValidate
      onSubmit={onSubmit}
      spacing={2}
      sx={{ maxWidth: 480 }}
    >
      <Typography id={headingId} variant="h6" component="h2">
        Change password
      </Typography>
      {failure && <Alert severity="error">{failure}</Alert>}
      {changed && (
        <Alert severity="success" role="status">
          Your password has been changed. Your other sessions have been signed out.
        </Alert>
      )}
      <FormTextField
        control={control}
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
      />
      <FormTextField
        control={control}
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        helperText={`At least ${PASSWORD_MIN_LENGTH} characters; a passphrase of a few words is easiest to remember.`}
        required
      />
      <Button
        type="submit"
        variant="outlined"
        loading={change.isPending}
        sx={{ alignSelf: 'flex-start' }}
      >
        Change password
      </Button>
    </Stack>
  );
}
