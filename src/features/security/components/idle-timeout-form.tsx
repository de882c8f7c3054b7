import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useController, useForm } from 'react-hook-form';
import { z } from 'zod';
import { IDLE_TIMEOUT_MAX_MINUTES, IDLE_TIMEOUT_MIN_MINUTES } from '@contract/constants';
import { updateSecuritySettingsRequestSchema, type SecuritySettings } from '@contract/settings';
import { toast } from '@/components/toast-store';
import { ApiError, errorMessage } from '@/lib/api/api-error';
import { useUpdateSecuritySettings } from '../api/update-security-settings';
import {
  IDLE_UNIT_NAMES,
  describeMinutes,
  splitMinutes,
  toMinutes,
  type IdleUnit,
} from './idle-timeout-units';

/**
 * The form's values: a number as typed and its unit. Whatever the unit, the minutes it makes
 * are checked with the contract's own schema, so the form refuses exactly what the API would,
 * with the API's words (P-3.1: 15 minutes to 30 days).
 */
const idleTimeoutFormSchema = z
  .object({
    amount: z
      .string()
      .trim()
      .min(1, 'Enter the idle timeout.')
      .regex(/^\d+$/, 'Enter a whole number.'),
    unit: z.enum(IDLE_UNIT_NAMES),
  })
  .superRefine(({ amount, unit }, context) => {
    const parsed = updateSecuritySettingsRequestSchema.safeParse({
      idleTimeoutMinutes: toMinutes(Number(amount), unit),
    });
    if (parsed.success) return;
    for (const issue of parsed.error.issues) {
      context.addIssue({ code: 'custom', path: ['amount'], message: issue.message });
    }
  })
  .transform(({ amount, unit }) => ({ idleTimeoutMinutes: toMinutes(Number(amount), unit) }));

type FormValues = z.input<typeof idleTimeoutFormSchema>;
type FormOutput = z.output<typeof idleTimeoutFormSchema>;

const UNIT_LABELS: Record<IdleUnit, string> = { minutes: 'minutes', hours: 'hours', days: 'days' };

function formValues(minutes: number): FormValues {
  const { amount, unit } = splitMinutes(minutes);
  return { amount: String(amount), unit };
}

const LIMITS = `At least ${describeMinutes(IDLE_TIMEOUT_MIN_MINUTES)}, at most ${describeMinutes(IDLE_TIMEOUT_MAX_MINUTES)}.`;

type IdleTimeoutFormProps = {
  settings: SecuritySettings;
  /** After a save: whatever else shows the timeout refreshes (the idle timer's copy). */
  onSaved?: (settings: SecuritySettings) => void;
};

/**
 * The idle timeout as a number and a unit (minutes, hours, days). What cannot be saved is
 * refused as it is typed, with the reason under the number; the server's 422 lands there too.
 */
export function IdleTimeoutForm({ settings, onSaved }: IdleTimeoutFormProps) {
  const update = useUpdateSecuritySettings();
  const [failure, setFailure] = useState<string>();
  const { control, handleSubmit, setError, trigger, reset } = useForm<
    FormValues,
    unknown,
    FormOutput
  >({
    resolver: zodResolver(idleTimeoutFormSchema),
    mode: 'onChange',
    // Follows the saved value (after saving, or a change elsewhere) unless being edited.
    values: formValues(settings.idleTimeoutMinutes),
    resetOptions: { keepDirtyValues: true },
  });
  const amount = useController({ control, name: 'amount' });
  const unit = useController({ control, name: 'unit' });

  const save = (values: FormOutput) => {
    setFailure(undefined);
    update.mutate(values, {
      onSuccess: (saved) => {
        reset(formValues(saved.idleTimeoutMinutes), { keepDirtyValues: false });
        toast.success(`Idle timeout set to ${describeMinutes(saved.idleTimeoutMinutes)}`);
        onSaved?.(saved);
      },
      onError: (error) => {
        // The API names the field `idleTimeoutMinutes`; here it is the number typed.
        const fieldErrors =
          error instanceof ApiError && error.status === 422 ? error.fieldErrors : [];
        const ours = fieldErrors.filter((item) => item.path === 'idleTimeoutMinutes');
        if (ours.length > 0) {
          setError(
            'amount',
            { type: 'server', message: ours.map((item) => item.message).join(' ') },
            { shouldFocus: true },
          );
        }
        if (ours.length === 0 || ours.length < fieldErrors.length) {
          setFailure(`Not saved: ${errorMessage(error)}`);
        }
      },
    });
  };

  return (
    <Stack component="form" noValidate onSubmit={handleSubmit(save)} spacing={2}>
      {failure && <Alert severity="error">{failure}</Alert>}
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: 'flex-start' }}>
        <TextField
          label="Idle timeout"
          name={amount.field.name}
          value={amount.field.value}
          onChange={amount.field.onChange}
          onBlur={amount.field.onBlur}
          inputRef={amount.field.ref}
          error={amount.fieldState.invalid}
          helperText={amount.fieldState.error?.message ?? LIMITS}
          required
          sx={{ width: { sm: 320 } }}
          slotProps={{ htmlInput: { inputMode: 'numeric', autoComplete: 'off' } }}
        />
        <TextField
          select
          label="Unit"
          name={unit.field.name}
          value={unit.field.value}
          onChange={(event) => {
            unit.field.onChange(event);
            // The same number means another duration: judge it again at once.
            void trigger('amount');
          }}
          onBlur={unit.field.onBlur}
          inputRef={unit.field.ref}
          sx={{ minWidth: 140 }}
          slotProps={{ select: { native: true } }}
        >
          {IDLE_UNIT_NAMES.map((name) => (
            <option key={name} value={name}>
              {UNIT_LABELS[name]}
            </option>
          ))}
        </TextField>
      </Stack>
      <div>
        <Button type="submit" variant="contained" loading={update.isPending}>
          Save
        </Button>
      </div>
    </Stack>
  );
}
