import type { Control } from 'react-hook-form';
import type { SsoProvider, SsoProviderType } from '@contract/sso-providers';
import { FormTextField } from '@/components/form/form-text-field';
import { WriteOnlyField } from '@/components/form/write-only-field';

/**
 * The SSO provider form's values: every type's fields at once, so that switching the type
 * back and forth keeps what was typed. Only the chosen type's fields are sent.
 */
export type SsoProviderFormValues = {
  type: SsoProviderType;
  name: string;
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  ssoUrl: string;
  entityId: string;
  certificate: string;
  url: string;
  bindDn: string;
  bindPassword: string;
  searchBase: string;
};

export type ConnectionField = Exclude<keyof SsoProviderFormValues, 'type' | 'name'>;
export type SecretField = 'clientSecret' | 'bindPassword';

type FieldSpec = {
  name: ConnectionField;
  label: string;
  helperText?: string;
  /** Write-only: a password field, never filled from the API. */
  secret?: boolean;
  multiline?: boolean;
  monospace?: boolean;
};

/** The connection fields of each type, in the order the form shows them. */
export const TYPE_FIELDS: Record<SsoProviderType, FieldSpec[]> = {
  oidc: [
    {
      name: 'issuerUrl',
      label: 'Issuer URL',
      helperText: 'https://… the address that publishes /.well-known/openid-configuration.',
      monospace: true,
    },
    { name: 'clientId', label: 'Client ID', monospace: true },
    { name: 'clientSecret', label: 'Client secret', secret: true },
  ],
  saml: [
    {
      name: 'ssoUrl',
      label: 'Single sign-on URL',
      helperText: 'https://… where the identity provider receives sign-in requests.',
      monospace: true,
    },
    { name: 'entityId', label: 'Entity ID', helperText: 'The identity provider’s issuer.' },
    {
      name: 'certificate',
      label: 'Signing certificate',
      helperText: 'In PEM form, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.',
      multiline: true,
      monospace: true,
    },
  ],
  ldap: [
    {
      name: 'url',
      label: 'Server URL',
      helperText: 'ldaps://… or ldap://…',
      monospace: true,
    },
    { name: 'bindDn', label: 'Bind DN', helperText: 'The account Perimeter looks people up as.' },
    { name: 'bindPassword', label: 'Bind password', secret: true },
    { name: 'searchBase', label: 'Search base', helperText: 'Where people are found.' },
  ],
};

/** The field of each type that holds its write-only secret, if it has one. */
export const SECRET_FIELD: Record<SsoProviderType, SecretField | undefined> = {
  oidc: 'clientSecret',
  saml: undefined,
  ldap: 'bindPassword',
};

const EMPTY: SsoProviderFormValues = {
  type: 'oidc',
  name: '',
  issuerUrl: '',
  clientId: '',
  clientSecret: '',
  ssoUrl: '',
  entityId: '',
  certificate: '',
  url: '',
  bindDn: '',
  bindPassword: '',
  searchBase: '',
};

/** The form's starting values: empty, or the provider's details without its secret. */
export function formValuesOf(provider?: SsoProvider): SsoProviderFormValues {
  if (!provider) return EMPTY;
  const { type, name } = provider;
  switch (provider.type) {
    case 'oidc':
      return { ...EMPTY, type, name, issuerUrl: provider.issuerUrl, clientId: provider.clientId };
    case 'saml':
      return {
        ...EMPTY,
        type,
        name,
        ssoUrl: provider.ssoUrl,
        entityId: provider.entityId,
        certificate: provider.certificate,
      };
    case 'ldap':
      return {
        ...EMPTY,
        type,
        name,
        url: provider.url,
        bindDn: provider.bindDn,
        searchBase: provider.searchBase,
      };
  }
}

/** Whether `provider` has a secret set that an edit of type `type` may keep by leaving it out. */
export function canKeepSecret(provider: SsoProvider | undefined, type: SsoProviderType): boolean {
  if (!provider || provider.type !== type) return false;
  if (provider.type === 'oidc') return provider.clientSecretSet;
  if (provider.type === 'ldap') return provider.bindPasswordSet;
  return false;
}

/**
 * The request body for the form's values: the name and the chosen type's fields. An empty
 * secret is left out when the one already set can be kept, so it stays; otherwise it is sent
 * empty, for the contract schema to ask for it.
 */
export function requestBodyOf(
  values: SsoProviderFormValues,
  provider: SsoProvider | undefined,
): Record<string, string> {
  const body: Record<string, string> = { type: values.type, name: values.name };
  for (const { name } of TYPE_FIELDS[values.type]) body[name] = values[name];
  const secretField = SECRET_FIELD[values.type];
  if (secretField && body[secretField] === '' && canKeepSecret(provider, values.type)) {
    delete body[secretField];
  }
  return body;
}

/** The fields a 422 from the server may name, for the chosen type. */
export function fieldNamesOf(type: SsoProviderType): (keyof SsoProviderFormValues)[] {
  return ['type', 'name', ...TYPE_FIELDS[type].map((field) => field.name)];
}

type SsoProviderConnectionFieldsProps<TOutput> = {
  control: Control<SsoProviderFormValues, unknown, TOutput>;
  type: SsoProviderType;
  /** The provider being edited; undefined when adding one. */
  provider?: SsoProvider;
  disabled?: boolean;
};

function secretHelp(label: string, provider: SsoProvider | undefined, type: SsoProviderType) {
  if (!provider) return 'Stored for signing in later; Perimeter never shows it again.';
  if (canKeepSecret(provider, type)) return 'Set — leave empty to keep it.';
  if (provider.type !== type) return `Required: the type changed, so enter its ${label}.`;
  return `Not set: enter the ${label}.`;
}

/**
 * The connection fields of one type of provider. A secret is a password field that starts
 * empty: the API never answers it, only whether it is set.
 */
export function SsoProviderConnectionFields<TOutput>({
  control,
  type,
  provider,
  disabled,
}: SsoProviderConnectionFieldsProps<TOutput>) {
  return TYPE_FIELDS[type].map((field) =>
    field.secret ? (
      <WriteOnlyField
        key={field.name}
        control={control}
        name={field.name}
        label={field.label}
        helperText={secretHelp(field.label.toLowerCase(), provider, type)}
        required={!canKeepSecret(provider, type)}
        disabled={disabled}
      />
    ) : (
      <FormTextField
        key={field.name}
        control={control}
        name={field.name}
        label={field.label}
        helperText={field.helperText}
        required
        disabled={disabled}
        fullWidth
        multiline={field.multiline}
        minRows={field.multiline ? 5 : undefined}
        slotProps={{
          htmlInput: {
            spellCheck: false,
            autoCapitalize: 'none',
            autoComplete: 'off',
            sx: field.monospace ? { fontFamily: 'monospace' } : undefined,
          },
        }}
      />
    ),
  );
}
