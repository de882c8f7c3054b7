import AddIcon from '@mui/icons-material/Add';
import DeleteOutlinedIcon from '@mui/icons-material/DeleteOutlined';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId } from 'react';
import { useController, useFieldArray, useWatch, type Control } from 'react-hook-form';
import { exactInput, FormTextField } from '@/components/form/form-text-field';
import { TeamPicker } from '@/entities/teams/components/team-picker';
import type { SsoProviderFormValues } from './sso-provider-fields';

type Props<TOutput> = {
  control: Control<SsoProviderFormValues, unknown, TOutput>;
  /** What the provider calls its groups: a claim, an attribute, a directory group. */
  groupsAre: string;
  disabled?: boolean;
};

/**
 * Team sync: rows of an identity-provider group and the team its members belong to. Each row is
 * a group of its own for screen readers ("Mapping 2"), so its fields and its remove button say
 * which row they belong to. Only the account's own teams can be chosen: the built-in ones follow
 * the access level.
 */
export function SsoGroupMappings<TOutput>({ control, groupsAre, disabled }: Props<TOutput>) {
  const headingId = useId();
  const helpId = useId();
  const { fields, append, remove } = useFieldArray({ control, name: 'groupMappings' });
  return (
    <Stack component="fieldset" spacing={1.5} sx={{ border: 0, p: 0, m: 0, minWidth: 0 }}>
      <Typography id={headingId} component="legend" variant="subtitle1" sx={{ p: 0 }}>
        Group mappings
      </Typography>
      <Typography id={helpId} variant="body2" sx={{ color: 'text.secondary' }}>
        At each sign-in through this provider, a person’s membership of every mapped team follows
        their groups ({groupsAre}): added when they are in the group, removed when they are not.
        Mapped teams cannot be edited by hand.
      </Typography>
      {fields.map((field, index) => (
        <MappingRow
          key={field.id}
          control={control}
          index={index}
          disabled={disabled}
          onRemove={() => remove(index)}
        />
      ))}
      <Button
        startIcon={<AddIcon />}
        onClick={() => append({ group: '', teamId: '', teamName: '' })}
        disabled={disabled}
        aria-describedby={helpId}
        sx={{ alignSelf: 'flex-start' }}
      >
        Add group mapping
      </Button>
    </Stack>
  );
}

type MappingRowProps<TOutput> = {
  control: Control<SsoProviderFormValues, unknown, TOutput>;
  index: number;
  disabled?: boolean;
  onRemove: () => void;
};

function MappingRow<TOutput>({ control, index, disabled, onRemove }: MappingRowProps<TOutput>) {
  const rowName = `Mapping ${index + 1}`;
  const team = useController({ control, name: `groupMappings.${index}.teamId` });
  const teamName = useController({ control, name: `groupMappings.${index}.teamName` });
  const group = useWatch({ control, name: `groupMappings.${index}.group` });
  return (
    <Stack
      role="group"
      aria-label={rowName}
      direction={{ xs: 'column', sm: 'row' }}
      spacing={1}
      sx={{ alignItems: { sm: 'flex-start' } }}
    >
      <FormTextField
        control={control}
        name={`groupMappings.${index}.group`}
        label="Group"
        size="small"
        required
        disabled={disabled}
        sx={{ flex: 1 }}
        slotProps={exactInput}
      />
      <TeamPicker
        label="Team"
        size="small"
        withoutBuiltIn
        value={team.field.value ? { id: team.field.value, name: teamName.field.value } : null}
        onChange={(choice) => {
          team.field.onChange(choice?.id ?? '');
          teamName.field.onChange(choice?.name ?? '');
        }}
        error={team.fieldState.error?.message}
      />
      <IconButton
        aria-label={group ? `Remove the mapping of ${group}` : `Remove ${rowName.toLowerCase()}`}
        onClick={onRemove}
        disabled={disabled}
        sx={{ alignSelf: { xs: 'flex-end', sm: 'flex-start' }, mt: { sm: 0.5 } }}
      >
        <DeleteOutlinedIcon />
      </IconButton>
    </Stack>
  );
}
