import type { Control, Path } from 'react-hook-form';
import { SSO_DEFAULTS, type SsoProvider, type SsoProviderType } from '@contract/sso-providers';
import { FormSwitch } from '@/components/form/form-switch';
import { codeInput, FormTextField } from '@/components/form/form-text-field';
import { WriteOnlyField } from '@/components/form/write-only-field';

/** One row of the group-mapping editor: the IdP's group and the team (with its name, to show it). */
export type GroupMappingValues = { group: string; teamId: string; teamName: string };

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
  groupsClaim: string;
  ssoUrl: string;
  entityId: string;
  certificate: string;
  emailAttribute: string;
  groupsAttribute: string;
  url: string;
  bindDn: string;
  bindPassword: string;
  searchBase: string;
  userFilter: string;
  groupSearchBase: string;
  startTls: boolean;
  caCertificate: string;
  createPeople: boolean;
  groupMappings: GroupMappingValues[];
};

export type ConnectionField = Exclude<
  keyof SsoProviderFormValues,
  'type' | 'name' | 'createPeople' | 'groupMappings'
>;
export type SecretField = 'clientSecret' | 'bindPassword';

type FieldSpec = {
  name: ConnectionField;
  label: string;
  helperText?: string;
  /** Write-only: a password field, never filled from the API. */
  secret?: boolean;
  /** A switch (a boolean field). */
  toggle?: boolean;
  /** May be left empty (the server's default then applies). */
  optional?: boolean;
  multiline?: boolean;
  monospace?: boolean;
};

const PEM_HELP = 'In PEM form, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.';

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
    {
      name: 'groupsClaim',
      label: 'Groups claim',
      helperText: `The ID token claim that lists the person’s groups; “${SSO_DEFAULTS.groupsClaim}” when left empty.`,
      optional: true,
      monospace: true,
    },
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
      helperText: PEM_HELP,
      multiline: true,
      monospace: true,
    },
    {
      name: 'emailAttribute',
      label: 'Email attribute',
      helperText: 'The attribute that holds the email address; the NameID when left empty.',
      optional: true,
      monospace: true,
    },
    {
      name: 'groupsAttribute',
      label: 'Groups attribute',
      helperText: `The attribute that lists the person’s groups; “${SSO_DEFAULTS.groupsAttribute}” when left empty.`,
      optional: true,
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
    {
      name: 'userFilter',
      label: 'User filter',
      helperText: `How a person is found by what they type, {username} standing for it; ${SSO_DEFAULTS.userFilter} when left empty.`,
      optional: true,
      monospace: true,
    },
    {
      name: 'groupSearchBase',
      label: 'Group search base',
      helperText:
        'Where groups are found (entries whose member or uniqueMember is the person); leave empty to map no groups.',
      optional: true,
    },
    {
      name: 'startTls',
      label: 'Use StartTLS',
      helperText: 'Upgrade an ldap:// connection to TLS before binding.',
      toggle: true,
    },
    {
      name: 'caCertificate',
      label: 'CA certificate',
      helperText: `The authority that signed the server’s certificate, for ldaps:// or StartTLS; the system’s authorities when left empty. ${PEM_HELP}`,
      optional: true,
      multiline: true,
      monospace: true,
    },
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
  groupsClaim: '',
  ssoUrl: '',
  entityId: '',
  certificate: '',
  emailAttribute: '',
  groupsAttribute: '',
  url: '',
  bindDn: '',
  bindPassword: '',
  searchBase: '',
  userFilter: '',
  groupSearchBase: '',
  startTls: false,
  caCertificate: '',
  createPeople: false,
  groupMappings: [],
};

/** The form's starting values: empty, or the provider's details without its secret. */
export function formValuesOf(provider?: SsoProvider): SsoProviderFormValues {
  if (!provider) return EMPTY;
  const common = {
    ...EMPTY,
    type: provider.type,
    name: provider.name,
    createPeople: provider.createPeople,
    groupMappings: provider.groupMappings.map(({ group, teamId, teamName }) => ({
      group,
      teamId,
      teamName,
    })),
  };
  switch (provider.type) {
    case 'oidc':
      return {
        ...common,
        issuerUrl: provider.issuerUrl,
        clientId: provider.clientId,
        groupsClaim: provider.groupsClaim,
      };
    case 'saml':
      return {
        ...common,
        ssoUrl: provider.ssoUrl,
        entityId: provider.entityId,
        certificate: provider.certificate,
        emailAttribute: provider.emailAttribute,
        groupsAttribute: provider.groupsAttribute,
      };
    case 'ldap':
      return {
        ...common,
        url: provider.url,
        bindDn: provider.bindDn,
        searchBase: provider.searchBase,
        userFilter: provider.userFilter,
        groupSearchBase: provider.groupSearchBase,
        startTls: provider.startTls,
        caCertificate: provider.caCertificate,
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
 * The request body for the form's values: the name, who may come in, the group mappings and
 * the chosen type's fields. An empty secret is left out when the one already set can be kept,
 * so it stays; otherwise it is sent empty, for the contract schema to ask for it.
 */
export function requestBodyOf(
  values: SsoProviderFormValues,
  provider: SsoProvider | undefined,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    type: values.type,
    name: values.name,
    createPeople: values.createPeople,
    groupMappings: values.groupMappings.map(({ group, teamId }) => ({ group, teamId })),
  };
  for (const { name } of TYPE_FIELDS[values.type]) body[name] = values[name];
  const secretField = SECRET_FIELD[values.type];
  if (secretField && body[secretField] === '' && canKeepSecret(provider, values.type)) {
    delete body[secretField];
  }
  return body;
}

/**
 * The form field a 422 from the server names, for the chosen type (a mapping's `teamId` is the
 * row's team picker), or undefined when it names none here.
 */
export function fieldNameOf(type: SsoProviderType) {
  const names = new Set<string>([
    'type',
    'name',
    'createPeople',
    'groupMappings',
    ...TYPE_FIELDS[type].map((field) => field.name),
  ]);
  return (path: string): Path<SsoProviderFormValues> | undefined =>
    names.has(path) || /^groupMappings\.\d+\.(group|teamId)$/.test(path)
      ? (path as Path<SsoProviderFormValues>)
      : undefined;
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
    ) : field.toggle ? (
      <FormSwitch
        key={field.name}
        control={control}
        name={field.name}
        label={field.label}
        helperText={field.helperText}
        disabled={disabled}
      />
    ) : (
      <FormTextField
        key={field.name}
        control={control}
        name={field.name}
        label={field.label}
        helperText={field.helperText}
        required={!field.optional}
        disabled={disabled}
        fullWidth
        multiline={field.multiline}
        minRows={field.multiline ? 5 : undefined}
        slotProps={
          field.monospace
            ? codeInput
            : { htmlInput: { spellCheck: false, autoCapitalize: 'none', autoComplete: 'off' } }
        }
      />
    ),
  );
}
