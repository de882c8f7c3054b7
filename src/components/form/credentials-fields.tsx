import Typography from '@mui/material/Typography';
import type { Control, FieldValues, Path } from 'react-hook-form';
import type { FieldRefusal } from '@/lib/form-resolver';
import { FormSwitch } from './form-switch';
import { exactInput, FormTextField } from './form-text-field';
import { WriteOnlyField } from './write-only-field';

/** The form values the fieldset binds: a username and a secret, and whether to remove both. */
type CredentialsValues<TSecret extends string> = {
  credentials: { username: string } & Record<TSecret, string>;
  removeCredentials: boolean;
};

type CredentialsFieldsProps<T extends FieldValues, TOutput, TSecret extends string> = {
  control: Control<T, unknown, TOutput>;
  /** The key of the secret under `credentials`, as `token` or `password`. */
  secret: TSecret;
  secretLabel: string;
  /** Whether the secret is set, and what typing one does. */
  secretHelp: string;
  usernameHelp?: string;
  /** Whether stored credentials exist: then they can be removed. */
  credentialsSet: boolean;
  /** What removing the stored credentials leaves. */
  removeHelp: string;
  /** `removeCredentials` as it is now: the username and secret wait while it is on. */
  removing: boolean;
  disabled: boolean;
};

/**
 * The credentials of a connection to another service (a username and a write-only secret), with
 * a switch to remove stored ones. The secret is never filled in, only typed to set or replace it.
 */
export function CredentialsFields<
  T extends FieldValues & CredentialsValues<TSecret>,
  TOutput,
  TSecret extends string,
>({
  control,
  secret,
  secretLabel,
  secretHelp,
  usernameHelp,
  credentialsSet,
  removeHelp,
  removing,
  disabled,
}: CredentialsFieldsProps<T, TOutput, TSecret>) {
  // The names exist in T by its constraint; TypeScript cannot see through Path<T> for a generic T.
  const field = (name: string) => name as Path<T>;
  return (
    <>
      <Typography variant="subtitle2" component="h3">
        Credentials
      </Typography>
      <FormTextField
        control={control}
        name={field('credentials.username')}
        label="Username"
        helperText={usernameHelp}
        fullWidth
        disabled={disabled || removing}
        slotProps={exactInput}
      />
      <WriteOnlyField
        control={control}
        name={field(`credentials.${secret}`)}
        label={secretLabel}
        helperText={secretHelp}
        disabled={disabled || removing}
      />
      {credentialsSet && (
        <FormSwitch
          control={control}
          name={field('removeCredentials')}
          label="Remove the stored credentials"
          helperText={removeHelp}
          disabled={disabled}
        />
      )}
    </>
  );
}

/**
 * The resolver's refusal (see `requestBodyResolver`) when the address of a connection with
 * stored credentials changes and no new secret is typed: the server would refuse it, so that
 * the credentials never go to a new host unasked.
 *
 * @example
 * requestBodyResolver(schema, bodyOf, (values) =>
 *   credentialsToRetype(values, registry, 'password', domainChanged, DOMAIN_CHANGED));
 */
export function credentialsToRetype<
  T extends FieldValues & CredentialsValues<TSecret>,
  TStored extends { credentialsSet: boolean },
  TSecret extends string,
>(
  values: T,
  stored: TStored | undefined,
  secret: TSecret,
  moved: (values: T, stored: TStored) => boolean,
  message: string,
): FieldRefusal<T> | undefined {
  if (!stored?.credentialsSet || values.removeCredentials) return undefined;
  if (values.credentials[secret] !== '' || !moved(values, stored)) return undefined;
  return {
    name: `credentials.${secret}` as FieldRefusal<T>['name'],
    type: 'address-changed',
    message,
  };
}
