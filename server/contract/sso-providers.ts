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

/** An optional name (an attribute, a claim): left out or empty means the default. */
const optionalName = (what: string, max = 200) =>
  z.string().trim().max(max, `The ${what} has at most ${max} characters.`).optional();

const pemCertificate = (what: string) =>
  z
    .string({ error: `Paste the ${what}.` })
    .trim()
    .max(20_000, `The ${what} has at most 20000 characters.`)
    .refine(
      (value) => PEM.test(value),
      'Paste the certificate in PEM form, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.',
    );

/**
 * One IdP group whose members belong to a Perimeter team. At each sign-in through the provider,
 * a person's membership of every mapped team follows their groups (added and removed).
 */
export const groupMappingSchema = z.strictObject({
  group: z
    .string({ error: 'Enter the group as the identity provider names it.' })
    .trim()
    .min(1, 'Enter the group as the identity provider names it.')
    .max(500, 'A group name has at most 500 characters.'),
  teamId: z.uuid({ error: 'Choose a team.' }),
});
export type GroupMapping = z.infer<typeof groupMappingSchema>;

/** What every type has beside its connection details: who may come in, and team sync. */
const signInFields = {
  /**
   * Whether an SSO identity whose email matches no person creates one (within the invitation
   * domains, P-1.8), as a user assigned to this provider. Off: unknown people are refused.
   */
  createPeople: z.boolean().default(false),
  groupMappings: z
    .array(groupMappingSchema)
    .max(200, 'A provider maps at most 200 groups.')
    .default([]),
};

// The connection details of each kind of provider. An issuer or single sign-on URL is https;
// the server also takes http for a loopback address when SSO_ALLOW_HTTP_ISSUERS=true (tests and
// trying it locally), and refuses it otherwise with its reason.
const oidcFields = {
  issuerUrl: urlWith(['https', 'http'], 'issuer URL'),
  clientId: required('client ID', 300),
  /** The ID token claim that lists the person's groups; `groups` when left out. */
  groupsClaim: optionalName('groups claim'),
};
const samlFields = {
  ssoUrl: urlWith(['https', 'http'], 'single sign-on URL'),
  entityId: required('entity ID', 1000),
  certificate: pemCertificate('signing certificate'),
  /** The attribute that holds the email; the NameID when left out. */
  emailAttribute: optionalName('email attribute'),
  /** The attribute that lists the person's groups; `groups` when left out. */
  groupsAttribute: optionalName('groups attribute'),
};
const ldapFields = {
  url: urlWith(['ldap', 'ldaps'], 'server URL'),
  bindDn: required('bind DN', 1000),
  searchBase: required('search base', 1000),
  /**
   * How a person is found by what they type; `{username}` stands for it (escaped). When left
   * out: `(|(uid={username})(mail={username}))`.
   */
  userFilter: optionalName('user filter', 1000),
  /** Where groups are searched (entries whose `member` or `uniqueMember` is the person). */
  groupSearchBase: optionalName('group search base', 1000),
  /** Upgrade an ldap:// connection with StartTLS. */
  startTls: z.boolean().default(false),
  /** The CA that signed the server's certificate (ldaps:// or StartTLS); the system's when empty. */
  caCertificate: z.union([z.literal(''), pemCertificate('CA certificate')]).optional(),
};

/** The body of `POST /api/sso-providers`: the fields of the chosen type, its secret included. */
export const createSsoProviderRequestSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('oidc'),
    name: providerName,
    ...oidcFields,
    ...signInFields,
    clientSecret: secret('client secret'),
  }),
  z.strictObject({ type: z.literal('saml'), name: providerName, ...samlFields, ...signInFields }),
  z.strictObject({
    type: z.literal('ldap'),
    name: providerName,
    ...ldapFields,
    ...signInFields,
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
    ...signInFields,
    clientSecret: secret('client secret').optional(),
  }),
  z.strictObject({ type: z.literal('saml'), name: providerName, ...samlFields, ...signInFields }),
  z.strictObject({
    type: z.literal('ldap'),
    name: providerName,
    ...ldapFields,
    ...signInFields,
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
  createPeople: z.boolean(),
  /** With the team's name as it is now. */
  groupMappings: z.array(z.object({ group: z.string(), teamId: z.string(), teamName: z.string() })),
};

/** An SSO provider as the API shows it: connection details, and whether its secret is set. */
export const ssoProviderSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('oidc'),
    ...providerCommon,
    issuerUrl: z.string(),
    clientId: z.string(),
    groupsClaim: z.string(),
    clientSecretSet: z.boolean(),
    /** The redirect URI to register at the identity provider. */
    redirectUri: z.string(),
  }),
  z.object({
    type: z.literal('saml'),
    ...providerCommon,
    ssoUrl: z.string(),
    entityId: z.string(),
    certificate: z.string(),
    emailAttribute: z.string(),
    groupsAttribute: z.string(),
    /** Perimeter's service-provider metadata, for the identity provider. */
    metadataUrl: z.string(),
    /** Perimeter's entity ID and assertion consumer service URL, as the metadata states them. */
    spEntityId: z.string(),
    acsUrl: z.string(),
  }),
  z.object({
    type: z.literal('ldap'),
    ...providerCommon,
    url: z.string(),
    bindDn: z.string(),
    searchBase: z.string(),
    userFilter: z.string(),
    groupSearchBase: z.string(),
    startTls: z.boolean(),
    caCertificate: z.string(),
    bindPasswordSet: z.boolean(),
  }),
]);
export type SsoProvider = z.infer<typeof ssoProviderSchema>;

export const ssoProviderListSchema = z.object({
  items: z.array(ssoProviderSchema),
  total: z.number().int(),
});
export type SsoProviderList = z.infer<typeof ssoProviderListSchema>;

/** Defaults of the optional names, as the server applies them and the form shows them. */
export const SSO_DEFAULTS = {
  groupsClaim: 'groups',
  groupsAttribute: 'groups',
  userFilter: '(|(uid={username})(mail={username}))',
} as const;

/**
 * `POST /api/sso-providers/:id/test`: checks the saved provider. OIDC: discovery at the issuer.
 * LDAP: bind with the bind account and, when `username` is given, find that person and their
 * email and groups. SAML has nothing to call before a sign-in.
 */
export const ssoTestRequestSchema = z.strictObject({
  username: z.string().trim().max(300, 'A user name has at most 300 characters.').optional(),
});
export type SsoTestRequest = z.input<typeof ssoTestRequestSchema>;

export const ssoTestResultSchema = z.object({
  ok: z.boolean(),
  /** A sentence a person can act on. */
  detail: z.string(),
  /** What was found of the named person (LDAP), when `ok`. */
  person: z
    .object({ dn: z.string(), email: z.string(), name: z.string(), groups: z.array(z.string()) })
    .optional(),
});
export type SsoTestResult = z.infer<typeof ssoTestResultSchema>;

/** `POST /api/sso-providers/:id/sync` (LDAP): every person of the provider, against the directory. */
export const ssoSyncResultSchema = z.object({
  /** People looked up. */
  checked: z.number().int(),
  /** Memberships added and removed, across the mapped teams. */
  added: z.number().int(),
  removed: z.number().int(),
  /** People the directory no longer knows (their memberships are left as they are). */
  notFound: z.array(z.string()),
});
export type SsoSyncResult = z.infer<typeof ssoSyncResultSchema>;
