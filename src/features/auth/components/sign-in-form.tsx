import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import type { LoginRequest, loginRequestSchema } from '@contract/auth';
import { LiteFormAlert, LiteSubmitButton } from '@/components/lite/lite-form-parts';
import { LiteTextField } from '@/components/lite/lite-text-field';
import { ApiError } from '@/lib/api/api-error';
import { applyServerErrors } from '@/lib/form-errors';
import { lazyResolver } from '@/lib/lazy-resolver';
import { useLogin } from '../api/login';

const resolver = lazyResolver(() => import('./auth-resolvers').then((m) => m.loginResolver));

/** "in 40 seconds", "in 3 minutes", "in 2 hours": rounded up, so no one retries too early. */
function inHowLong(seconds: number): string {
  const plural = (count: number, unit: string) => `in ${count} ${unit}${count === 1 ? '' : 's'}`;
  if (seconds < 60) return plural(Math.max(1, seconds), 'second');
  if (seconds < 3600) return plural(Math.ceil(seconds / 60), 'minute');
  return plural(Math.ceil(seconds / 3600), 'hour');
}

/** What to say when a sign-in (password or directory) is refused. */
export function signInFailure(error: ApiError): string {
  // The wait comes from Retry-After, which every client can rely on, not from the wording.
  if (error.status === 429 && error.retryAfterSeconds !== undefined) {
    return `Too many failed sign-in attempts. Try again ${inHowLong(error.retryAfterSeconds)}.`;
  }
  return error.problem.detail ?? error.problem.title;
}

type SignInFormProps = {
  /** An address to start with, e.g. the one an invitation was just accepted for. */
  email?: string;
  onSignedIn: () => void;
};

export function SignInForm({ email = '', onSignedIn }: SignInFormProps) {
  const signIn = useLogin();
  const [failure, setFailure] = useState<string>();
  const { control, handleSubmit, setError } = useForm<
    LoginRequest,
    unknown,
    z.output<typeof loginRequestSchema>
  >({ resolver, defaultValues: { email, password: '' } });

  useEffect(() => resolver.preload(), []);

  const onSubmit = handleSubmit((values) => {
    setFailure(undefined);
    signIn.mutate(values, {
      onSuccess: onSignedIn,
      onError: (error) => {
        setFailure(
          error instanceof ApiError && (error.status === 401 || error.status === 429)
            ? signInFailure(error)
            : applyServerErrors(error, setError, ['email', 'password']),
        );
      },
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
        autoComplete="username"
        required
      />
      <LiteTextField
        control={control}
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
      />
      <LiteSubmitButton pending={signIn.isPending}>Sign in</LiteSubmitButton>
    </form>
  );
}
