import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import type { ResetPasswordRequest, resetPasswordRequestSchema } from '@contract/auth';
import { PASSWORD_MIN_LENGTH } from '@contract/constants';
import { LiteFormAlert, LiteSubmitButton } from '@/components/lite/lite-form-parts';
import { LiteTextField } from '@/components/lite/lite-text-field';
import { applyServerErrors } from '@/lib/form-errors';
import { lazyResolver } from '@/lib/lazy-resolver';
import { useResetPassword } from '../api/reset-password';

const resolver = lazyResolver(() =>
  import('./auth-resolvers').then((m) => m.resetPasswordResolver),
);

/** The person chooses a new password with a reset link; afterwards they sign in with it. */
export function ResetPasswordForm({ token, onReset }: { token: string; onReset: () => void }) {
  const reset = useResetPassword();
  const [failure, setFailure] = useState<string>();
  const { control, handleSubmit, setError } = useForm<
    ResetPasswordRequest,
    unknown,
    z.output<typeof resetPasswordRequestSchema>
  >({ resolver, mode: 'onTouched', defaultValues: { password: '' } });

  useEffect(() => resolver.preload(), []);

  const onSubmit = handleSubmit((body) => {
    setFailure(undefined);
    reset.mutate(
      { token, body },
      {
        onSuccess: onReset,
        onError: (error) => setFailure(applyServerErrors(error, setError, ['password'])),
      },
    );
  });

  return (
    <form className="pm-form" noValidate onSubmit={onSubmit}>
      {failure && <LiteFormAlert>{failure}</LiteFormAlert>}
      <LiteTextField
        control={control}
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        helperText={`At least ${PASSWORD_MIN_LENGTH} characters; a passphrase of a few words is easiest to remember.`}
        required
      />
      <LiteSubmitButton pending={reset.isPending}>Set password</LiteSubmitButton>
    </form>
  );
}
