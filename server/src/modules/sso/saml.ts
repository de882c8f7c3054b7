/**
 * SAML 2.0 sign-in, SP-initiated (@node-saml/node-saml; nothing of the protocol is written here).
 * `start` sends the browser to the IdP's single sign-on URL with an AuthnRequest (HTTP-Redirect
 * binding) whose ID the pending sign-in keeps; `finish` takes the response the IdP posts to the
 * assertion consumer service (HTTP-POST binding) and trusts it only when the assertion is signed
 * by the provider's certificate, was issued by the provider's entity ID, for this service
 * provider (audience, recipient), in its time window, and in response to this browser's request
 * (InResponseTo). A response is used once: the pending sign-in it answers is deleted as it is
 * read (browser-flow.ts), and no other sign-in has its request ID.
 */
import { randomBytes } from 'node:crypto';
import {
  generateServiceProviderMetadata,
  SAML,
  SamlStatusError,
  ValidateInResponseTo,
  type CacheProvider,
  type Profile,
  type SamlConfig,
} from '@node-saml/node-saml';
import { SSO_DEFAULTS } from '../../../contract/sso-providers';
import type { Deps } from '../../lib/context';
import type { BrowserProtocol, PendingSignIn, ServiceAddresses } from './browser-flow';
import { SsoFailure, type SignInProvider, type SsoIdentity } from './sign-in.service';

/** How far the IdP's clock may be from ours when its time window is checked. */
export const SAML_CLOCK_SKEW_MS = 60_000;

const text = (value: string | boolean | undefined) => (typeof value === 'string' ? value : '');

/**
 * A pending sign-in's request ID as node-saml's request cache: it knows that one ID and no
 * other, so `validateInResponseTo: always` refuses a response to any other request (another
 * browser's, an older one of this browser, or none: IdP-initiated).
 */
function onlyRequest(requestId: string | null): CacheProvider {
  const issuedAt = new Date().toISOString();
  return {
    saveAsync: () => Promise.resolve(null),
    getAsync: (key) => Promise.resolve(requestId && key === requestId ? issuedAt : null),
    removeAsync: () => Promise.resolve(null),
  };
}

/** node-saml's settings for this provider, as this service provider. */
export function samlConfig(
  provider: Pick<SignInProvider, 'config'>,
  addresses: Pick<ServiceAddresses, 'acsUrl' | 'spEntityId'>,
  extra: Partial<SamlConfig> = {},
): SamlConfig {
  return {
    entryPoint: text(provider.config.ssoUrl),
    issuer: addresses.spEntityId,
    callbackUrl: addresses.acsUrl,
    audience: addresses.spEntityId,
    idpCert: text(provider.config.certificate),
    idpIssuer: text(provider.config.entityId),
    // Signed assertions are required; a signature over the whole response is then not (many
    // providers sign only the assertion), but one that is there must be valid.
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: false,
    acceptedClockSkewMs: SAML_CLOCK_SKEW_MS,
    validateInResponseTo: ValidateInResponseTo.always,
    // Let the provider choose how the person authenticates (a password, a key, MFA): asking for
    // exactly "password over TLS" makes some providers refuse stronger ways.
    disableRequestedAuthnContext: true,
    ...extra,
  };
}

/**
 * Perimeter's SP metadata for one provider: its entity ID, its assertion consumer service
 * (HTTP-POST) and that it wants assertions signed. It states no key: Perimeter neither signs its
 * requests nor takes encrypted assertions.
 */
export function samlServiceProviderMetadata(
  addresses: Pick<ServiceAddresses, 'acsUrl' | 'spEntityId'>,
): string {
  return generateServiceProviderMetadata({
    issuer: addresses.spEntityId,
    callbackUrl: addresses.acsUrl,
    wantAssertionsSigned: true,
  });
}

/** http:// reaches only a loopback IdP, and only with SSO_ALLOW_HTTP_ISSUERS=true. */
function assertUsableSsoUrl(deps: Pick<Deps, 'env'>, provider: SignInProvider): void {
  let url: URL;
  try {
    url = new URL(text(provider.config.ssoUrl));
  } catch (error) {
    throw new SsoFailure('unavailable', error);
  }
  if (url.protocol === 'https:') return;
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol === 'http:' && loopback && deps.env.SSO_ALLOW_HTTP_ISSUERS) return;
  throw new SsoFailure(
    'unavailable',
    `single sign-on URL not allowed: ${url.protocol}//${url.host}`,
  );
}

export const samlProtocol: BrowserProtocol = {
  async start(deps, provider, addresses, state) {
    assertUsableSsoUrl(deps, provider);
    let requestId: string | undefined;
    let redirectTo: string;
    try {
      const saml = new SAML(
        samlConfig(provider, addresses, {
          generateUniqueId: () => (requestId = `_${randomBytes(20).toString('hex')}`),
          cacheProvider: onlyRequest(null),
        }),
      );
      redirectTo = await saml.getAuthorizeUrlAsync(state, undefined, {});
    } catch (error) {
      throw new SsoFailure('unavailable', error);
    }
    if (!requestId) throw new SsoFailure('unavailable', 'no AuthnRequest ID was generated');
    return { redirectTo, requestId };
  },

  async finish(_deps, provider, addresses, pending, answer) {
    const samlResponse = answer.form?.SAMLResponse;
    if (!samlResponse) throw new SsoFailure('invalid-response', 'no SAMLResponse in the form');
    // RelayState is optional for the IdP to send back, but when it does it must be this one.
    const relayState = answer.form?.RelayState;
    if (relayState !== undefined && relayState !== pending.state) {
      throw new SsoFailure('invalid-response', 'RelayState does not match the pending sign-in');
    }
    if (!pending.requestId) {
      throw new SsoFailure('invalid-response', 'the pending sign-in has no request ID');
    }
    let profile: Profile | null;
    try {
      const saml = new SAML(
        samlConfig(provider, addresses, { cacheProvider: onlyRequest(pending.requestId) }),
      );
      ({ profile } = await saml.validatePostResponseAsync({ SAMLResponse: samlResponse }));
    } catch (error) {
      throw failureOf(error);
    }
    // A signed NoPassive status: the provider would have had to ask the person.
    if (!profile) throw new SsoFailure('cancelled', 'the provider answered NoPassive');
    checkSignedAssertion(profile, provider, addresses, pending);
    return identityOf(profile, provider);
  },
};

const CANCELLED_STATUSES = new Set(['AuthnFailed', 'RequestDenied', 'NoPassive']);

/** The code of a response node-saml refused, with its error for the log. */
function failureOf(error: unknown): SsoFailure {
  if (error instanceof SamlStatusError) {
    const statuses = [
      ...error.xmlStatus.matchAll(/Value="urn:oasis:names:tc:SAML:2\.0:status:(\w+)"/g),
    ].map((match) => match[1]!);
    const cancelled = statuses.some((status) => CANCELLED_STATUSES.has(status));
    return new SsoFailure(cancelled ? 'cancelled' : 'provider-error', error);
  }
  // An unsigned NoPassive: nobody is signed in either way.
  if (error instanceof Error && error.message === 'Invalid signature: NoPassive') {
    return new SsoFailure('cancelled', error);
  }
  // Signature, audience, time window, InResponseTo, malformed XML: not to be trusted.
  return new SsoFailure('invalid-response', error);
}

type XmlJs = { $?: Record<string, string>; _?: string; [child: string]: unknown };

function children(node: unknown, name: string): XmlJs[] {
  if (!node || typeof node !== 'object') return [];
  const value = (node as Record<string, unknown>)[name];
  return Array.isArray(value) ? (value as XmlJs[]) : [];
}

/**
 * What node-saml leaves to the service provider, checked in the signed assertion: who issued
 * it, and that its bearer confirmation is for this ACS and this request. The response's own
 * Destination, when it states one, must be this ACS too.
 */
function checkSignedAssertion(
  profile: Profile,
  provider: SignInProvider,
  addresses: ServiceAddresses,
  pending: PendingSignIn,
): void {
  const entityId = text(provider.config.entityId);
  if (profile.issuer !== entityId) {
    throw new SsoFailure('invalid-response', {
      message: 'assertion issuer is not the provider’s entity ID',
      expected: entityId,
      received: profile.issuer ?? null,
    });
  }
  const assertion = profile.getAssertion?.().Assertion;
  const confirmations = children(children(assertion, 'Subject')[0], 'SubjectConfirmation');
  const confirmed = confirmations.some((confirmation) =>
    children(confirmation, 'SubjectConfirmationData').some(
      (data) =>
        data.$?.Recipient === addresses.acsUrl && data.$?.InResponseTo === pending.requestId,
    ),
  );
  if (!confirmed) {
    throw new SsoFailure('invalid-response', {
      message: 'no subject confirmation for this ACS URL and request',
      recipient: addresses.acsUrl,
    });
  }
  const responseXml = profile.getSamlResponseXml?.() ?? '';
  const root = /<(?:[\w.-]+:)?Response\b[^>]*>/.exec(responseXml)?.[0] ?? '';
  const destination = /\sDestination\s*=\s*"([^"]*)"/.exec(root)?.[1];
  if (destination !== undefined && destination !== addresses.acsUrl) {
    throw new SsoFailure('invalid-response', {
      message: 'response Destination is not this ACS URL',
      received: destination,
    });
  }
}

/** An attribute's values as strings (node-saml gives one value as a string, several as a list). */
function values(profile: Profile, name: string): string[] | undefined {
  const attributes = (profile.attributes ?? {}) as Record<string, unknown>;
  if (!Object.prototype.hasOwnProperty.call(attributes, name)) return undefined;
  const value = attributes[name];
  const list = Array.isArray(value) ? value : [value];
  return list
    .map((item) => (typeof item === 'string' ? item.trim() : ''))
    .filter((item) => item.length > 0);
}

function first(profile: Profile, names: string[]): string | undefined {
  for (const name of names) {
    const value = values(profile, name)?.[0];
    if (value) return value;
  }
  return undefined;
}

const DISPLAY_NAME = [
  'displayName',
  'urn:oid:2.16.840.1.113730.3.1.241',
  'http://schemas.microsoft.com/identity/claims/displayname',
  'cn',
  'urn:oid:2.5.4.3',
];
const GIVEN_NAME = [
  'givenName',
  'urn:oid:2.5.4.42',
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname',
];
const SURNAME = [
  'sn',
  'urn:oid:2.5.4.4',
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname',
];

/** Who the assertion vouches for: the email, a name, and the groups (when the attribute is there). */
function identityOf(profile: Profile, provider: SignInProvider): SsoIdentity {
  const emailAttribute = text(provider.config.emailAttribute).trim();
  const nameId = typeof profile.nameID === 'string' ? profile.nameID.trim() : '';
  const email = emailAttribute
    ? values(profile, emailAttribute)?.[0]
    : /^[^\s@]+@[^\s@]+$/.test(nameId)
      ? nameId
      : undefined;
  const given = first(profile, GIVEN_NAME);
  const surname = first(profile, SURNAME);
  const name =
    first(profile, DISPLAY_NAME) ?? ([given, surname].filter(Boolean).join(' ') || undefined);
  const groupsAttribute =
    text(provider.config.groupsAttribute).trim() || SSO_DEFAULTS.groupsAttribute;
  return {
    email,
    // The provider signed the assertion that states it.
    emailVerified: true,
    name,
    groups: values(profile, groupsAttribute),
  };
}
