import { useEffect, useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import type { LdapLoginRequest, ldapLoginRequestSchema, PublicSsoProvider } from '@contract/sso';
import { LiteFormAlert, LiteSubmitButton } from '@/components/lite/lite-form-parts';
import { LiteTextField } from '@/components/lite/lite-text-field';
import { basePath } from '@/config/base-path';
import { ApiError } from '@/lib/api/api-error';
import { applyServerErrors } from '@/lib/form-errors';
import { leavePage } from '@/lib/leave-page';
import { lazyResolver } from '@/lib/lazy-resolver';
import { useSignInProviders } from '../api/get-sign-in-providers';
import { useLdapLogin } from '../api/ldap-login';
import { signInFailure } from './sign-in-form';

const resolver = lazyResolver(() => import('./auth-resolvers').then((m) => m.ldapLoginResolver));

/**
 * Where a browser sign-in (OIDC, SAML) starts: the server redirects to the provider, and after
 * the sign-in back to `returnTo`, a path of the console.
 */
export function ssoStartUrl(providerId: string, returnTo: string): string {
  const query = new URLSearchParams({ returnTo });
  return `${basePath}/api/auth/sso/${encodeURIComponent(providerId)}/start?${query}`;
}

type SsoSignInProps = {
  /** The console page to come back to after signing in, as for the password form. */
  returnTo: string;
  /** Called after a directory (LDAP) sign-in, as after a password sign-in. */
  onSignedIn: () => void;
};

/**
 * "Sign in with <provider>" for each SSO provider of the account, below the password form. It
 * loads on its own, so the password form never waits for it; if the list cannot be loaded, the
 * password form is all the page offers. OIDC and SAML leave for the provider (a full-page
 * navigation); LDAP opens a user-name-and-password form of its own.
 */
export function SsoSignIn({ returnTo, onSignedIn }: SsoSignInProps) {
  const providers = useSignInProviders();
  const items = providers.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section className="pm-sso" aria-label="Single sign-on">
      <p className="pm-divider">
        <span>or</span>
      </p>
      <ul className="pm-sso-list">
        {items.map((provider) => (
          <li key={provider.id}>
            {provider.type === 'ldap' ? (
              <LdapSignIn provider={provider} onSignedIn={onSignedIn} />
            ) : (
              <button
                type="button"
                className="pm-button pm-button--outlined"
                onClick={() => leavePage.assign(ssoStartUrl(provider.id, returnTo))}
              >
                Sign in with {provider.name}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

type LdapSignInProps = { provider: PublicSsoProvider; onSignedIn: () => void };

/** The button of a directory provider, which shows its form below it. */
function LdapSignIn({ provider, onSignedIn }: LdapSignInProps) {
  const [open, setOpen] = useState(false);
  const formId = useId();
  return (
    <>
      <button
        type="button"
        className="pm-button pm-button--outlined"
        aria-expanded={open}
        aria-controls={open ? formId : undefined}
        onClick={() => setOpen((was) => !was)}
      >
        Sign in with {provider.name}
      </button>
      {open && <LdapSignInForm id={formId} provider={provider} onSignedIn={onSignedIn} />}
    </>
  );
}

type LdapSignInFormProps = LdapSignInProps & { id: string };

function LdapSignInForm({ id, provider, onSignedIn }: LdapSignInFormProps) {
  const signIn = useLdapLogin();
  const [failure, setFailure] = useState<string>();
  const { control, handleSubmit, setError, setFocus } = useForm<
    LdapLoginRequest,
    unknown,
    z.output<typeof ldapLoginRequestSchema>
  >({ resolver, defaultValues: { username: '', password: '' } });

  useEffect(() => {
    resolver.preload();
    // The person just asked for this form: start where they type.
    setFocus('username');
  }, [setFocus]);

  const onSubmit = handleSubmit((credentials) => {
    setFailure(undefined);
    signIn.mutate(
      { providerId: provider.id, credentials },
      {
        onSuccess: onSignedIn,
        // Refusals carry the sentence to show (the directory's own error stays in the log).
        onError: (error) =>
          setFailure(
            error instanceof ApiError && error.status !== 422
              ? signInFailure(error)
              : applyServerErrors(error, setError, ['username', 'password']),
          ),
      },
    );
  });

  return (
    <form
      id={id}
      className="pm-form pm-sso-form"
      aria-label={`Sign in with ${provider.name}`}
      noValidate
      onSubmit={onSubmit}
    >
      {failure && <LiteFormAlert>{failure}</LiteFormAlert>}
      <LiteTextField
        control={control}
        name="username"
        label="User name"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
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

type SsoFailureAlertProps = { code: string; providerId: string | null };

/**
 * Why the SSO sign-in the person just came back from did not finish (`?sso=<code>&provider=<id>`),
 * in the contract's words with the provider's name; a code it does not know shows nothing, since
 * the address is anyone's to write.
 */
export function SsoFailureAlert({ code, providerId }: SsoFailureAlertProps) {
  const providers = useSignInProviders();
  const [sentenceOf, setSentenceOf] = useState<typeof import('./sso-failure').failureSentence>();

  useEffect(() => {
    let current = true;
    void import('./sso-failure').then(
      (module) => {
        if (current) setSentenceOf(() => module.failureSentence);
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, []);

  if (!sentenceOf || providers.isPending) return null;
  const name =
    providers.data?.items.find((provider) => provider.id === providerId)?.name ??
    'Your identity provider';
  const sentence = sentenceOf(code, name);
  if (!sentence) return null;
  return (
    <div role="alert" className="pm-alert pm-alert--error pm-notice">
      <p>{sentence}</p>
    </div>
  );
}
