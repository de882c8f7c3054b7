import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import type { RequestPasswordReset, requestPasswordResetSchema } from '@contract/auth';
import { LiteFormAlert, LiteSubmitButton } from '@/components/lite/lite-form-parts';
import { LiteTextField } from '@/components/lite/lite-text-field';
import { applyServerErrors } from '@/lib/form-errors';
import { lazyResolver } from '@/lib/lazy-resolver';
import { useRequestPasswordReset } from '../api/request-password-reset';

const resolver = lazyResolver(() =>
  import('./auth-resolvers').then((m) => m.requestPasswordResetResolver),
);

/** Asks for a reset link by mail; `onSent` gets the server's sentence to show. */
export function ForgotPasswordForm({ onSent }: { onSent: (detail: string) => void }) {
  const request = useRequestPasswordReset();
  const [failure, setFailure] = useState<string>();
  const { control, handleSubmit, setError } = useForm<
    RequestPasswordReset,
    unknown,
    z.output<typeof requestPasswordResetSchema>
  >({ resolver, mode: 'onTouched', defaultValues: { email: '' } });

  useEffect(() => resolver.preload(), []);

  const onSubmit = handleSubmit((body) => {
    setFailure(undefined);
    request.mutate(body, {
      onSuccess: ({ detail }) => onSent(detail),
      onError: (error) => setFailure(applyServerErrors(error, setError, ['email'])),
    });
  });

  return (
    <form className="pm-form" noValidate onSubmit={onSubmit}>
      {failure && <LiteFormAlert>{failure}</LiteFormAlert>}
      <LiteTextField
        control={control}
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
      />
      <LiteSubmitButton pending={request.isPending}>Send me a link</LiteSubmitButton>
    </form>
  );
}
