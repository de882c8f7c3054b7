import { useState } from 'react';
import type { AccessLevel } from '@contract/me';
import type { User } from '@contract/users';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { toast } from '@/components/toast-store';
import { errorMessage } from '@/lib/api/api-error';
import { useUpdateUser } from '../api/update-user';
import { ChoiceMenu } from './choice-menu';
import { LEVEL_NAMES } from './person-labels';

type AccessLevelSelectProps = {
  person: User;
  /** The signed-in administrator: stepping down needs a confirmation, and cannot be undone here. */
  isSelf: boolean;
  onChangedSelf: () => void;
};

const LEVEL_CHOICES = (Object.keys(LEVEL_NAMES) as AccessLevel[]).map((level) => ({
  value: level,
  label: LEVEL_NAMES[level],
}));

const sentence = (person: User, level: AccessLevel) =>
  level === 'administrator'
    ? `${person.name} is now an administrator`
    : `${person.name} is now a user, without the administration screens`;

/**
 * A person's access level. Making someone an administrator gives them every privilege, so it asks
 * first, naming them and what they gain; taking it away (from someone else) saves as soon as it is
 * chosen, with Undo on the confirmation. Giving up one's own administrator access asks first and
 * has no Undo. Browsing the levels with the keyboard saves nothing (`ChoiceMenu`). The server
 * keeps the last active administrator (P-1.3); its refusal is shown as it is.
 */
export function AccessLevelSelect({ person, isSelf, onChangedSelf }: AccessLevelSelectProps) {
  const update = useUpdateUser();
  const [asking, setAsking] = useState<'promote' | 'step-down'>();
  const [askOpen, setAskOpen] = useState(false);

  const save = (level: AccessLevel, undoable: boolean) => {
    const previous = person.level;
    update.mutate(
      { id: person.id, change: { level } },
      {
        onSuccess: () => {
          if (isSelf && level === 'user') {
            onChangedSelf();
            toast.success('You are now a user: the administration screens are closed to you.');
            return;
          }
          // Undo puts back exactly what was there a moment ago, from a confirmation that names
          // the person: it does not ask again, even when it gives administrator access back.
          toast.success(
            sentence(person, level),
            undoable ? { label: 'Undo', onClick: () => save(previous, false) } : undefined,
          );
        },
        onError: (error) =>
          toast.error(`${person.name}'s access level was not changed: ${errorMessage(error)}`),
        onSettled: () => setAskOpen(false),
      },
    );
  };

  const ask = (what: 'promote' | 'step-down') => {
    setAsking(what);
    setAskOpen(true);
  };

  return (
    <>
      <ChoiceMenu
        label={`Access level of ${person.name}`}
        value={person.level}
        choices={LEVEL_CHOICES}
        disabled={update.isPending}
        onChoose={(chosen) => {
          const level = chosen as AccessLevel;
          if (level === 'administrator') ask('promote');
          else if (isSelf) ask('step-down');
          else save(level, true);
        }}
      />
      <ConfirmDialog
        open={askOpen}
        title={
          asking === 'step-down'
            ? 'Give up your administrator access?'
            : `Make ${person.name} an administrator?`
        }
        confirmLabel={asking === 'step-down' ? 'Become a user' : 'Make administrator'}
        pending={update.isPending}
        onClose={() => setAskOpen(false)}
        onConfirm={() =>
          asking === 'step-down' ? save('user', false) : save('administrator', true)
        }
      >
        {asking === 'step-down' ? (
          <>
            You will no longer see or use the administration screens, and you cannot undo this
            yourself: another administrator would have to make you an administrator again.
          </>
        ) : (
          <>
            <strong>
              {person.name} ({person.email})
            </strong>{' '}
            will hold every privilege on every cluster and pipeline, whatever the access rules say,
            and can change people, teams, access rules and settings, including who else is an
            administrator.
          </>
        )}
      </ConfirmDialog>
    </>
  );
}
