import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { displayNameSchema } from '@contract/auth';
import { FormTextField } from '@/components/form/form-text-field';
import { toast } from '@/components/toast-store';
import { applyServerErrors } from '@/lib/form-errors';
import { useUpdateMe } from '../api/update-me';

const displayNameFormSchema = z.object({ name: displayNameSchema });
type DisplayNameFormValues = z.input<typeof displayNameFormSchema>;

export function DisplayNameForm({ name }: { name: string }) {
  const update = useUpdateMe();
  const [failure, setFailure] = useState<string>();
  const { control, handleSubmit, setError } = useForm<DisplayNameFormValues>({
    resolver: zodResolver(displayNameFormSchema),
    // Follows the saved name (after saving, or when it changes elsewhere) unless being edited.
    values: { name },
    resetOptions: { keepDirtyValues: true },
  });

  const onSubmit = handleSubmit((values) => {
    setFailure(undefined);
    update.mutate(values, {
      onSuccess: () => toast.success('Name saved'),
      onError: (error) => setFailure(applyServerErrors(error, setError, ['name'])),
    });
  });

  return (
    <Stack component="form" noValidate onSubmit={onSubmit} spacing={2} sx={{ maxWidth: 480 }}>
      {failure && <Alert severity="error">{failure}</Alert>}
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: 'flex-start' }}>
        <FormTextField
          control={control}
          name="name"
          label="Display name"
          autoComplete="name"
          fullWidth
          required
        />
        <Button
          type="submit"
          variant="outlined"
          loading={update.isPending}
          sx={{ flexShrink: 0, mt: { sm: 1 } }}
        >
          Save name
        </Button>
      </Stack>
    </Stack>
  );
}
