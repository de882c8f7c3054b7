import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { applyServerErrors } from '@/lib/form-errors';
import { ResourceStaleAlert, useStaleness } from '../resource-stale-alert';
import { toast } from '../toast-store';
import { FormTextField } from './form-text-field';

type RenameFormProps = {
  /** The field's label: "Team name". */
  label: string;
  /** The format, shown under the field until the name breaks it. */
  hint: string;
  /** The contract's schema of the name: the form checks as the person types. */
  nameSchema: z.ZodType<string, string>;
  /** The saved name; the form follows it unless the person is editing. */
  current: string;
  isSaving: boolean;
  /** Saves a changed name and resolves with the name saved; a 422 lands on the field. */
  save: (name: string) => Promise<string>;
  /** The confirmation: `(name) => \`Team renamed to ${name}\``. */
  savedMessage: (name: string) => string;
  /**
   * For a versioned resource: loads it again after a 412 (someone else saved first), offered
   * with the name typed kept. `what` names it in the warning: "cluster prod-eu".
   */
  stale?: { what: string; reload: () => Promise<unknown> };
};

/**
 * A one-field rename form: checked as typed and again on the server, with Rename enabled once
 * the name changes.
 *
 * @example
 * <RenameForm label="Team name" hint={TEAM_NAME_HINT} nameSchema={teamNameSchema}
 *   current={team.name} isSaving={update.isPending} savedMessage={(name) => `Team renamed to ${name}`}
 *   save={async (name) => (await update.mutateAsync({ id: team.id, change: { name } })).name} />
 */
export function RenameForm({
  label,
  hint,
  nameSchema,
  current,
  isSaving,
  save,
  savedMessage,
  stale,
}: RenameFormProps) {
  const staleness = useStaleness(stale?.reload ?? (() => Promise.resolve()));
  const schema = useMemo(() => z.object({ name: nameSchema }), [nameSchema]);
  const [failure, setFailure] = useState<string>();
  const {
    control,
    handleSubmit,
    setError,
    reset,
    formState: { isDirty },
  } = useForm<{ name: string }>({
    resolver: zodResolver(schema),
    // Follows the saved name (after saving, or a rename elsewhere) unless it is being edited.
    values: { name: current },
    resetOptions: { keepDirtyValues: true },
    mode: 'onChange',
  });

  const onSubmit = handleSubmit(async ({ name }) => {
    setFailure(undefined);
    staleness.clear();
    if (name === current) return;
    try {
      const saved = await save(name);
      reset({ name: saved });
      toast.success(savedMessage(saved));
    } catch (error) {
      if (!(stale && staleness.noteStale(error))) {
        setFailure(applyServerErrors(error, setError, ['name']));
      }
    }
  });

  return (
    <Stack component="form" noValidate onSubmit={onSubmit} spacing={2} sx={{ maxWidth: 560 }}>
      {stale && staleness.stale && (
        <ResourceStaleAlert
          what={stale.what}
          onReload={staleness.onReload}
          reloading={staleness.reloading}
        />
      )}
      {failure && <Alert severity="error">{failure}</Alert>}
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: 'flex-start' }}>
        <FormTextField
          control={control}
          name="name"
          label={label}
          helperText={hint}
          autoComplete="off"
          spellCheck={false}
          fullWidth
          required
        />
        <Button
          type="submit"
          variant="outlined"
          loading={isSaving}
          // Nothing to save until the name changes; the field itself stays reachable.
          disabled={!isDirty || staleness.stale}
          sx={{ flexShrink: 0, mt: { sm: 1 } }}
        >
          Rename
        </Button>
      </Stack>
    </Stack>
  );
}
