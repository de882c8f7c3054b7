import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { z } from 'zod';
import { API_TOKEN_MAX_DAYS } from '@contract/constants';
import { createApiTokenRequestSchema, type CreatedApiToken } from '@contract/me';
import { FormCheckbox } from '@/components/form/form-checkbox';
import { FormTextField } from '@/components/form/form-text-field';
import { applyServerErrors } from '@/lib/form-errors';
import { useCreateApiToken } from '../api/create-api-token';

const SCOPE_OPTIONS = [
  { value: 'read', label: 'Read only' },
  { value: 'read-write', label: 'Read and write' },
] as const;

// Every token expires, within a year (the server refuses more).
const EXPIRY_OPTIONS = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: 'date', label: 'On a date…' },
] as const;

const DAY_MS = 24 * 60 * 60 * 1000;

/** `YYYY-MM-DD` of the day `days` from today, in the person's time zone (a date input's value). */
function dayFromToday(days: number): string {
  const date = new Date(Date.now() + days * DAY_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The start of that day in the person's time zone: the token stops working as the day begins. */
const startOf = (day: string) => new Date(`${day}T00:00:00`);

const createTokenFormSchema = z
  .object({
    name: createApiTokenRequestSchema.shape.name,
    scope: z.enum(SCOPE_OPTIONS.map((option) => option.value)),
    expires: z.enum(EXPIRY_OPTIONS.map((option) => option.value)),
    expiresOn: z.string(),
    administrator: z.boolean(),
  })
  .superRefine((values, ctx) => {
    if (values.expires !== 'date') return;
    const day = startOf(values.expiresOn);
    if (!values.expiresOn || Number.isNaN(day.getTime())) {
      ctx.addIssue({ code: 'custom', path: ['expiresOn'], message: 'Choose the day it expires.' });
    } else if (values.expiresOn < dayFromToday(1)) {
      ctx.addIssue({ code: 'custom', path: ['expiresOn'], message: 'Choose a day after today.' });
    } else if (values.expiresOn > dayFromToday(API_TOKEN_MAX_DAYS)) {
      ctx.addIssue({
        code: 'custom',
        path: ['expiresOn'],
        message: `A token lives at most ${API_TOKEN_MAX_DAYS} days: choose a day within a year.`,
      });
    }
  });
type CreateTokenFormValues = z.input<typeof createTokenFormSchema>;

const emptyForm: CreateTokenFormValues = {
  name: '',
  scope: 'read',
  expires: '90',
  expiresOn: '',
  administrator: false,
};

type CreateApiTokenFormProps = {
  /** Only an administrator may give a token administrative rights: the choice shows for them. */
  mayGrantAdministration: boolean;
  onCreated: (created: CreatedApiToken) => void;
};

/** Creates a personal API token: its name, what it may do, and when it expires. */
export function CreateApiTokenForm({ mayGrantAdministration, onCreated }: CreateApiTokenFormProps) {
  const create = useCreateApiToken();
  const [failure, setFailure] = useState<string>();
  const { control, handleSubmit, setError, reset } = useForm<CreateTokenFormValues>({
    resolver: zodResolver(createTokenFormSchema),
    defaultValues: emptyForm,
  });
  const expires = useWatch({ control, name: 'expires' });

  const onSubmit = handleSubmit(({ name, scope, expires, expiresOn, administrator }) => {
    setFailure(undefined);
    const expiry =
      expires === 'date'
        ? { expiresAt: startOf(expiresOn).toISOString() }
        : { expiresInDays: Number(expires) };
    create.mutate(
      { name, scope, administrator: mayGrantAdministration && administrator, ...expiry },
      {
        onSuccess: (created) => {
          reset(emptyForm);
          onCreated(created);
        },
        onError: (error) =>
          setFailure(
            applyServerErrors(error, setError, (path) =>
              path === 'name' || path === 'scope'
                ? path
                : path === 'expiresAt'
                  ? 'expiresOn'
                  : path === 'expiresInDays'
                    ? 'expires'
                    : undefined,
            ),
          ),
      },
    );
  });

  return (
    <Stack component="form" noValidate onSubmit={onSubmit} spacing={2} aria-label="New token">
      {failure && <Alert severity="error">{failure}</Alert>}
      <FormTextField
        control={control}
        name="name"
        label="Token name"
        helperText="Name it after the script or tool that will use it."
        fullWidth
        required
      />
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: 'flex-start' }}>
        <FormTextField
          control={control}
          name="scope"
          label="Access"
          helperText="Read only: the token may look (GET), never change anything."
          select
          slotProps={{ select: { native: true } }}
          sx={{ minWidth: 200, flex: 1 }}
        >
          {SCOPE_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </FormTextField>
        <FormTextField
          control={control}
          name="expires"
          label="Expires"
          helperText="Every token expires, within a year."
          select
          required
          slotProps={{ select: { native: true } }}
          sx={{ minWidth: 160, flex: 1 }}
        >
          {EXPIRY_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </FormTextField>
        {expires === 'date' && (
          <FormTextField
            control={control}
            name="expiresOn"
            label="Expires on"
            type="date"
            required
            slotProps={{
              inputLabel: { shrink: true },
              htmlInput: { min: dayFromToday(1), max: dayFromToday(API_TOKEN_MAX_DAYS) },
            }}
            sx={{ minWidth: 160, flex: 1 }}
          />
        )}
      </Stack>
      {mayGrantAdministration && (
        <FormCheckbox
          control={control}
          name="administrator"
          label="Administrative rights"
          helperText="Lets the token do what only administrators can (people, teams, rules, settings). Without them it acts as a person with user level, even though you are an administrator. It loses them if you stop being one."
        />
      )}
      <div>
        <Button type="submit" variant="contained" loading={create.isPending}>
          Create token
        </Button>
      </div>
    </Stack>
  );
}
