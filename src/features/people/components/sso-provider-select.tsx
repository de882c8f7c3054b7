import { useState } from 'react';
import type { User } from '@contract/users';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { toast } from '@/components/toast-store';
import { errorMessage } from '@/lib/api/api-error';
import { useUpdateUser } from '../api/update-user';
import { ChoiceMenu } from './choice-menu';

const NONE = 'none';

type SsoProviderSelectProps = {
  person: User;
  providers: { id: string; name: string }[];
};

/**
 * The SSO provider a person signs in with. Any change asks first, naming the person and both
 * providers: the provider chosen vouches for who they are, with all of their access. Browsing the
 * providers with the keyboard saves nothing (`ChoiceMenu`); a confirmed change has Undo.
 */
export function SsoProviderSelect({ person, providers }: SsoProviderSelectProps) {
  const update = useUpdateUser();
  const [chosen, setChosen] = useState<string | null>(null);
  const [askOpen, setAskOpen] = useState(false);

  // A provider deleted meanwhile still shows until the list catches up.
  const all =
    person.ssoProvider && !providers.some((p) => p.id === person.ssoProvider!.id)
      ? [...providers, person.ssoProvider]
      : providers;
  const nameOf = (id: string | null) => all.find((provider) => provider.id === id)?.name;
  const currentName = nameOf(person.ssoProvider?.id ?? null);
  const chosenName = nameOf(chosen);

  const save = (ssoProviderId: string | null, undoable: boolean) => {
    const previous = person.ssoProvider?.id ?? null;
    const name = nameOf(ssoProviderId);
    update.mutate(
      { id: person.id, change: { ssoProviderId } },
      {
        onSuccess: () =>
          toast.success(
            name ? `${person.name} signs in with ${name}` : `${person.name} has no SSO provider`,
            // Undo puts back what was there a moment ago, without asking again.
            undoable ? { label: 'Undo', onClick: () => save(previous, false) } : undefined,
          ),
        onError: (error) =>
          toast.error(`${person.name}'s SSO provider was not changed: ${errorMessage(error)}`),
        onSettled: () => setAskOpen(false),
      },
    );
  };

  return (
    <>
      <ChoiceMenu
        label={`SSO provider of ${person.name}`}
        value={person.ssoProvider?.id ?? NONE}
        choices={[
          { value: NONE, label: 'None' },
          ...all.map((provider) => ({ value: provider.id, label: provider.name })),
        ]}
        disabled={update.isPending}
        onChoose={(value) => {
          setChosen(value === NONE ? null : value);
          setAskOpen(true);
        }}
      />
      <ConfirmDialog
        open={askOpen}
        title={
          chosenName
            ? `Have ${person.name} sign in with ${chosenName}?`
            : `Remove ${person.name}'s SSO provider?`
        }
        confirmLabel={chosenName ? 'Change SSO provider' : 'Remove SSO provider'}
        pending={update.isPending}
        onClose={() => setAskOpen(false)}
        onConfirm={() => save(chosen, true)}
      >
        <strong>
          {person.name} ({person.email})
        </strong>{' '}
        {chosenName ? (
          <>
            will sign in with {chosenName}
            {currentName ? ` instead of ${currentName}` : ''}: whoever {chosenName} vouches for as{' '}
            {person.email} signs in as {person.name}, with all of their access.
          </>
        ) : (
          <>will no longer sign in with {currentName ?? 'an SSO provider'}.</>
        )}
      </ConfirmDialog>
    </>
  );
}
