import TextField from '@mui/material/TextField';
import type { User } from '@contract/users';
import { toast } from '@/components/toast-store';
import { errorMessage } from '@/lib/api/api-error';
import { useUpdateUser } from '../api/update-user';

const NONE = '';

type SsoProviderSelectProps = {
  person: User;
  providers: { id: string; name: string }[];
};

/** The SSO provider a person signs in with, saved as soon as it is chosen, with Undo. */
export function SsoProviderSelect({ person, providers }: SsoProviderSelectProps) {
  const update = useUpdateUser();

  const save = (ssoProviderId: string | null, undoable: boolean) => {
    const previous = person.ssoProvider?.id ?? null;
    const name = providers.find((provider) => provider.id === ssoProviderId)?.name;
    update.mutate(
      { id: person.id, change: { ssoProviderId } },
      {
        onSuccess: () =>
          toast.success(
            name ? `${person.name} signs in with ${name}` : `${person.name} has no SSO provider`,
            undoable ? { label: 'Undo', onClick: () => save(previous, false) } : undefined,
          ),
        onError: (error) =>
          toast.error(`${person.name}'s SSO provider was not changed: ${errorMessage(error)}`),
      },
    );
  };

  return (
    <TextField
      select
      size="small"
      value={person.ssoProvider?.id ?? NONE}
      disabled={update.isPending}
      onChange={(event) => save(event.target.value === NONE ? null : event.target.value, true)}
      slotProps={{
        select: { native: true },
        htmlInput: { 'aria-label': `SSO provider of ${person.name}` },
      }}
      sx={{ minWidth: 150 }}
    >
      <option value={NONE}>None</option>
      {/* A provider deleted meanwhile still shows until the list catches up. */}
      {person.ssoProvider && !providers.some((p) => p.id === person.ssoProvider!.id) && (
        <option value={person.ssoProvider.id}>{person.ssoProvider.name}</option>
      )}
      {providers.map((provider) => (
        <option key={provider.id} value={provider.id}>
          {provider.name}
        </option>
      ))}
    </TextField>
  );
}
