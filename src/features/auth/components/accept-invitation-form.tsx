import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import type { AcceptInvitationRequest, acceptInvitationRequestSchema } from '@contract/auth';
import { PASSWORD_MIN_LENGTH } from '@contract/constants';
import { LiteFormAlert, LiteSubmitButton } from '@/components/lite/lite-form-parts';
import { LiteTextField } from '@/components/lite/lite-text-field';
import { applyServerErrors } from '@/lib/form-errors';
import { lazyResolver } from '@/lib/lazy-resolver';
import { useAcceptInvitation } from '../api/accept-invitation';

const resolver = lazyResolver(() =>
  import('./auth-resolvers').then((m) => m.acceptInvitationResolver),
);

type AcceptInvitationFormProps = {
  token: string;
  /** The name the administrator gave; the person may change it. */
  name: string;
  onAccepted: () => void;
};

/** The invited person chooses a password (and their name); afterwards they sign in. */
export function AcceptInvitationForm({ token, name, onAccepted }: AcceptInvitationFormProps) {
  const accept = useAcceptInvitation();
  const [failure, setFailure] = useState<string>();
  const { control, handleSubmit, setError } = useForm<
    AcceptInvitationRequest,
    unknown,
    z.output<typeof acceptInvitationRequestSchema>
  >({ resolver, mode: 'onTouched', defaultValues: { name, password: '' } });

  useEffect(() => resolver.preload(), []);

  const onSubmit = handleSubmit((body) => {
    setFailure(undefined);
    accept.mutate(
      { token, body },
      {
        onSuccess: onAccepted,
        onError: (error) => setFailure(applyServerErrors(error, setError, ['name', 'password'])),
      },
    );
  });

  return (
    <form className="pm-form" noValidate onSubmit={onSubmit}>
      {failure && <LiteFormAlert>{failure}</LiteFormAlert>}
      <LiteTextField
        control={control}
        name="name"
        label="Your name"
        autoComplete="name"
        helperText="How the people of the account will see you."
        required
      />
      <LiteTextField
        control={control}
        name="password"
        label="Choose a password"
        type="password"
        autoComplete="new-password"
        helperText={`At least ${PASSWORD_MIN_LENGTH} characters; a passphrase of a few words is easiest to remember.`}
        required
      />
      <LiteSubmitButton pending={accept.isPending}>Join</LiteSubmitButton>
    </form>
  );
}
