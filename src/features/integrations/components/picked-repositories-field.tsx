import Button from '@mui/material/Button';
import FormHelperText from '@mui/material/FormHelperText';
import IconButton from '@mui/material/IconButton';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import DeleteIcon from '@mui/icons-material/Delete';
import { useId, useState, type KeyboardEvent } from 'react';
import { useFieldArray, useFormState, type Control, type UseFormTrigger } from 'react-hook-form';
import { repositoryNameSchema } from '@contract/pipeline-sources';
import type { RestrictionSettings } from '@contract/restrictions';
import type { RestrictionsFormValues } from './restrictions-form-values';

type PickedRepositoriesFieldProps = {
  control: Control<RestrictionsFormValues, unknown, RestrictionSettings>;
  trigger: UseFormTrigger<RestrictionsFormValues>;
  disabled?: boolean;
};

/** The picked list of repositories: names added one at a time, each removable. */
export function PickedRepositoriesField({
  control,
  trigger,
  disabled,
}: PickedRepositoriesFieldProps) {
  const listId = useId();
  const errorId = useId();
  const { fields, append, remove } = useFieldArray({ control, name: 'repositoryNames' });
  const { errors } = useFormState({ control, name: 'repositoryNames' });
  const listError = errors.repositoryNames?.message ?? errors.repositoryNames?.root?.message;
  const [toAdd, setToAdd] = useState('');
  const [addError, setAddError] = useState<string>();

  const add = () => {
    const parsed = repositoryNameSchema.safeParse(toAdd);
    if (!parsed.success) {
      setAddError(parsed.error.issues[0]?.message);
      return;
    }
    const name = parsed.data;
    if (fields.some((field) => field.name.toLowerCase() === name.toLowerCase())) {
      setAddError(`${name} is already in the list.`);
      return;
    }
    append({ name }, { shouldFocus: false });
    setToAdd('');
    setAddError(undefined);
    void trigger('repositoryNames');
  };

  const onKeyDown = (event: KeyboardEvent) => {
    // Enter adds the name rather than saving the whole form.
    if (event.key !== 'Enter') return;
    event.preventDefault();
    add();
  };

  return (
    <Stack spacing={1}>
      <List dense aria-label="Picked repositories" id={listId} sx={{ py: 0 }}>
        {fields.map((field, index) => (
          <ListItem
            key={field.id}
            secondaryAction={
              <IconButton
                edge="end"
                aria-label={`Remove ${field.name}`}
                onClick={() => {
                  remove(index);
                  void trigger('repositoryNames');
                }}
                disabled={disabled}
              >
                <DeleteIcon />
              </IconButton>
            }
          >
            <ListItemText
              primary={field.name}
              slotProps={{ primary: { sx: { fontFamily: 'monospace' } } }}
            />
          </ListItem>
        ))}
      </List>
      {listError && (
        <FormHelperText id={errorId} error>
          {listError}
        </FormHelperText>
      )}
      <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
        <TextField
          label="Repository to add"
          value={toAdd}
          onChange={(event) => {
            setToAdd(event.target.value);
            setAddError(undefined);
          }}
          onKeyDown={onKeyDown}
          error={addError !== undefined}
          helperText={addError ?? 'As owner/repository; Enter adds it to the list.'}
          disabled={disabled}
          size="small"
          sx={{ flexGrow: 1 }}
          slotProps={{
            htmlInput: {
              spellCheck: false,
              autoCapitalize: 'none',
              autoComplete: 'off',
            },
          }}
        />
        <Button variant="outlined" onClick={add} disabled={disabled} sx={{ flexShrink: 0 }}>
          Add repository
        </Button>
      </Stack>
    </Stack>
  );
}
