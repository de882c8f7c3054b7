import { z } from 'zod';

export const SSO_PROVIDER_TYPES = ['oidc', 'saml', 'ldap'] as const;
export const ssoProviderTypeSchema = z.enum(SSO_PROVIDER_TYPES, {
  error: 'Choose OIDC, SAML or LDAP.',
});
export type SsoProviderType = z.infer<typeof ssoProviderTypeSchema>;

export const SSO_PROVIDER_TYPE_NAMES: Record<SsoProviderType, string> = {
  oidc: 'OpenID Connect',
  saml: 'SAML 2.0',
  ldap: 'LDAP',
};

const providerName = z
  .string({ error: 'Name the provider.' })
  .trim()
  .min(1, 'Name the provider, for example after your identity service.')
  .max(100, 'A provider name has at most 100 characters.');

const required = (what: string, max = 500) =>
  z
    .string({ error: `Enter the ${what}.` })
    .trim()
    .min(1, `Enter the ${what}.`)
    .max(max, `The ${what} has at most ${max} characters.`);

function urlWith(protocols: string[], what: string) {
  const list = protocols.map((p) => `${p}://`).join(' or ');
  return required(what, 2000).refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol.slice(0, -1));
    } catch {
      return false;
    }
  }, `Enter the ${what} as a ${list} address.`);
}

/** A secret is write-only: sent to set or replace it, never answered. */
const secret = (what: string) =>
  z
    .string({ error: `Enter the ${what}.` })
    .min(1, `Enter the ${what}.`)
    .max(4000, `The ${what} has at most 4000 characters.`);

const PEM = /^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----\s*$/;

// The connection details of each kind of provider. Signing in through them is a later
// feature; today they name the providers people are assigned to.
const oidcFields = {
  issuerUrl: urlWith(['https'], 'issuer URL'),
  clientId: required('client ID', 300),
};
const samlFields = {
  ssoUrl: urlWith(['https'], 'single sign-on URL'),
  entityId: required('entity ID', 1000),
  certificate: required('signing certificate', 20_000).refine(
    (value) => PEM.test(value),
    'Paste the certificate in PEM form, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.',
  ),
};
const ldapFields = {
  url: urlWith(['ldap', 'ldaps'], 'server URL'),
  bindDn: required('bind DN', 1000),
  searchBase: required('search base', 1000),
};

/** The body of `POST /api/sso-providers`: the fields of the chosen type, its secret included. */
export const createSsoProviderRequestSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('oidc'),
    name: providerName,
    ...oidcFields,
    clientSecret: secret('client secret'),
  }),
  z.strictObject({ type: z.literal('saml'), name: providerName, ...samlFields }),
  z.strictObject({
    type: z.literal('ldap'),
    name: providerName,
    ...ldapFields,
    bindPassword: secret('bind password'),
  }),
]);
export type CreateSsoProviderRequest = z.input<typeof createSsoProviderRequestSchema>;

/**
 * The body of `PUT /api/sso-providers/:id`: every field again, but the secret may be left out
 * to keep the one already set (a form cannot show it back).
 */
export const updateSsoProviderRequestSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('oidc'),
    name: providerName,
    ...oidcFields,
    clientSecret: secret('client secret').optional(),
  }),
  z.strictObject({ type: z.literal('saml'), name: providerName, ...samlFields }),
  z.strictObject({
    type: z.literal('ldap'),
    name: providerName,
    ...ldapFields,
    bindPassword: secret('bind password').optional(),
  }),
]);
export type UpdateSsoProviderRequest = z.input<typeof updateSsoProviderRequestSchema>;

const providerCommon = {
  id: z.string(),
  name: z.string(),
  /** How many people of the account are assigned to this provider. */
  peopleCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
};

/** An SSO provider as the API shows it: connection details, and whether its secret is set. */
export const ssoProviderSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('oidc'),
    ...providerCommon,
    issuerUrl: z.string(),
    clientId: z.string(),
    clientSecretSet: z.boolean(),
  }),
  z.object({
    type: z.literal('saml'),
    ...providerCommon,
    ssoUrl: z.string(),
    entityId: z.string(),
    certificate: z.string(),
  }),
  z.object({
    type: z.literal('ldap'),
    ...providerCommon,
    url: z.string(),
    bindDn: z.string(),
    searchBase: z.string(),
    bindPasswordSet: z.boolean(),
  }),
]);
export type SsoProvider = z.infer<typeof ssoProviderSchema>;

export const ssoProviderListSchema = z.object({
  items: z.array(ssoProviderSchema),
  total: z.number().int(),
});
export type SsoProviderList = z.infer<typeof ssoProviderListSchema>;
