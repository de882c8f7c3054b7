import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { createApiTokenRequestSchema, type CreatedApiToken } from '@contract/me';
import { FormTextField } from '@/components/form/form-text-field';
import { applyServerErrors } from '@/lib/form-errors';
import { useCreateApiToken } from '../api/create-api-token';

const EXPIRY_OPTIONS = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: 'never', label: 'Never' },
] as const;

const createTokenFormSchema = z.object({
  name: createApiTokenRequestSchema.shape.name,
  expires: z.enum(EXPIRY_OPTIONS.map((option) => option.value)),
});
type CreateTokenFormValues = z.input<typeof createTokenFormSchema>;

const emptyForm: CreateTokenFormValues = { name: '', expires: '90' };

type CreateApiTokenFormProps = { onCreated: (created: CreatedApiToken) => void };

export function CreateApiTokenForm({ onCreated }: CreateApiTokenFormProps) {
  const create = useCreateApiToken();
  const [failure, setFailure] = useState<string>();
  const { control, handleSubmit, setError, reset } = useForm<CreateTokenFormValues>({
    resolver: zodResolver(createTokenFormSchema),
    defaultValues: emptyForm,
  });

  const onSubmit = handleSubmit(({ name, expires }) => {
    setFailure(undefined);
    const expiresInDays = expires === 'never' ? undefined : Number(expires);
    create.mutate(
      { name, expiresInDays },
      {
        onSuccess: (created) => {
          reset(emptyForm);
          onCreated(created);
        },
        onError: (error) => setFailure(applyServerErrors(error, setError, ['name'])),
      },
    );
  });

  return (
    <Stack component="form" noValidate onSubmit={onSubmit} spacing={2}>
      {failure && <Alert severity="error">{failure}</Alert>}
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: 'flex-start' }}>
        <FormTextField
          control={control}
          name="name"
          label="Token name"
          helperText="Name it after the script or tool that will use it."
          fullWidth
          required
        />
        <FormTextField
          control={control}
          name="expires"
          label="Expires"
          select
          slotProps={{ select: { native: true } }}
          sx={{ minWidth: 160, flexShrink: 0 }}
        >
          {EXPIRY_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </FormTextField>
        <Button
          type="submit"
          variant="contained"
          loading={create.isPending}
          sx={{ flexShrink: 0, mt: { sm: 1 } }}
        >
          Create token
        </Button>
      </Stack>
    </Stack>
  );
}
