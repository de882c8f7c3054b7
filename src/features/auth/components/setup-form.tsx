import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link } from 'react-router';
import type { z } from 'zod';
import type { SetupRequest, setupRequestSchema } from '@contract/auth';
import { LiteFormAlert, LiteSubmitButton } from '@/components/lite/lite-form-parts';
import { LiteTextField } from '@/components/lite/lite-text-field';
import { paths } from '@/config/paths';
import { isApiError } from '@/lib/api/api-error';
import { PASSWORD_MIN_LENGTH } from '@contract/constants';
import { applyServerErrors } from '@/lib/form-errors';
import { lazyResolver } from '@/lib/lazy-resolver';
import { useCreateFirstAdministrator } from '../api/create-first-administrator';

const resolver = lazyResolver(() => import('./auth-resolvers').then((m) => m.setupResolver));

type SetupFormProps = {
  onCreated: () => void;
  /** The server asks for its setup token (GET /api/auth/setup's `setupTokenRequired`). */
  setupTokenRequired?: boolean;
};

export function SetupForm({ onCreated, setupTokenRequired = false }: SetupFormProps) {
  const setup = useCreateFirstAdministrator();
  const [failure, setFailure] = useState<string>();
  const { control, handleSubmit, setError } = useForm<
    SetupRequest,
    unknown,
    z.output<typeof setupRequestSchema>
  >({
    resolver,
    // Judge a field once the person has left it, then again on every keystroke.
    mode: 'onTouched',
    defaultValues: { name: '', email: '', password: '', setupToken: '' },
  });

  useEffect(() => resolver.preload(), []);

  const onSubmit = handleSubmit((values) => {
    setFailure(undefined);
    const { setupToken, ...rest } = values;
    setup.mutate(setupTokenRequired ? { ...rest, setupToken } : rest, {
      onSuccess: onCreated,
      onError: (error) => {
        // The token is the one field a 403 can be about: say so beside it.
        if (isApiError(error, 403) && error.problem.code === 'setup-token') {
          setError('setupToken', { type: 'server', message: error.message }, { shouldFocus: true });
          return;
        }
        setFailure(applyServerErrors(error, setError, ['name', 'email', 'password', 'setupToken']));
      },
    });
  });

  return (
    <form className="pm-form" noValidate onSubmit={onSubmit}>
      {failure && (
        <LiteFormAlert>
          {failure} {/* Someone finished the setup meanwhile: what is left to do is to sign in. */}
          {isApiError(setup.error, 409) && (
            <Link to={paths.signIn} className="pm-link">
              Go to sign-in
            </Link>
          )}
        </LiteFormAlert>
      )}
      <LiteTextField control={control} name="name" label="Name" autoComplete="name" required />
      <LiteTextField
        control={control}
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
      />
      <LiteTextField
        control={control}
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        helperText={`At least ${PASSWORD_MIN_LENGTH} characters; a passphrase of a few words is easiest to remember.`}
        required
      />
      {setupTokenRequired && (
        <LiteTextField
          control={control}
          name="setupToken"
          label="Setup token"
          type="password"
          autoComplete="off"
          helperText="The server printed it in its log when it started (a line beginning “Setup token”), unless it was set in PERIMETER_SETUP_TOKEN."
          required
        />
      )}
      <LiteSubmitButton pending={setup.isPending}>Create administrator</LiteSubmitButton>
    </form>
  );
}
