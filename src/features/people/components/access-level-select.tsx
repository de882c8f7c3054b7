import TextField from '@mui/material/TextField';
import { useState } from 'react';
import type { AccessLevel } from '@contract/me';
import type { User } from '@contract/users';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { toast } from '@/components/toast-store';
import { errorMessage } from '@/lib/api/api-error';
import { useUpdateUser } from '../api/update-user';
import { LEVEL_NAMES } from './person-labels';

type AccessLevelSelectProps = {
  person: User;
  /** The signed-in administrator: stepping down needs a confirmation, and cannot be undone here. */
  isSelf: boolean;
  onChangedSelf: () => void;
};

const sentence = (person: User, level: AccessLevel) =>
  level === 'administrator'
    ? `${person.name} is now an administrator`
    : `${person.name} is now a user, without the administration screens`;

/**
 * A person's access level, saved as soon as it is chosen, with Undo on the confirmation. The
 * server keeps the last active administrator (P-1.3); its refusal is shown as it is.
 */
export function AccessLevelSelect({ person, isSelf, onChangedSelf }: AccessLevelSelectProps) {
  const update = useUpdateUser();
  const [confirmSelf, setConfirmSelf] = useState(false);

  const save = (level: AccessLevel, undoable: boolean) => {
    const previous = person.level;
    update.mutate(
      { id: person.id, change: { level } },
      {
        onSuccess: () => {
          if (isSelf) {
            onChangedSelf();
            toast.success('You are now a user: the administration screens are closed to you.');
            return;
          }
          toast.success(
            sentence(person, level),
            undoable ? { label: 'Undo', onClick: () => save(previous, false) } : undefined,
          );
        },
        onError: (error) =>
          toast.error(`${person.name}'s access level was not changed: ${errorMessage(error)}`),
      },
    );
  };

  return (
    <>
      <TextField
        select
        size="small"
        value={person.level}
        disabled={update.isPending}
        onChange={(event) => {
          const level = event.target.value as AccessLevel;
          if (isSelf && level === 'user') setConfirmSelf(true);
          else save(level, true);
        }}
        slotProps={{
          select: { native: true },
          htmlInput: { 'aria-label': `Access level of ${person.name}` },
        }}
        sx={{ minWidth: 150 }}
      >
        {(Object.keys(LEVEL_NAMES) as AccessLevel[]).map((level) => (
          <option key={level} value={level}>
            {LEVEL_NAMES[level]}
          </option>
        ))}
      </TextField>
      <ConfirmDialog
        open={confirmSelf}
        title="Give up your administrator access?"
        confirmLabel="Become a user"
        pending={update.isPending}
        onClose={() => setConfirmSelf(false)}
        onConfirm={() => {
          setConfirmSelf(false);
          save('user', false);
        }}
      >
        You will no longer see or use the administration screens, and you cannot undo this yourself:
        another administrator would have to make you an administrator again.
      </ConfirmDialog>
    </>
  );
}
