import { z } from 'zod';
import { ssoProviderTypeSchema } from './sso-providers';

/**
 * Signing in through an SSO provider (P-1.1, issue 19). The sign-in page lists the providers
 * (`GET /api/auth/sso-providers`, anonymous: id, name and type only); OIDC and SAML go through
 * the browser (`GET /api/auth/sso/:providerId/start?returnTo=…` → the identity provider →
 * `/api/auth/sso/:providerId/callback`, GET for OIDC, POST for SAML), LDAP through the form
 * (`POST /api/auth/ldap/:providerId/login`).
 */
export const publicSsoProviderSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: ssoProviderTypeSchema,
});
export type PublicSsoProvider = z.infer<typeof publicSsoProviderSchema>;

export const publicSsoProviderListSchema = z.object({ items: z.array(publicSsoProviderSchema) });
export type PublicSsoProviderList = z.infer<typeof publicSsoProviderListSchema>;

export const ssoStartQuerySchema = z.object({
  /** The console page to come back to: a path of this console, never another host. */
  returnTo: z.string().max(2000).optional(),
});

export const ldapLoginRequestSchema = z.strictObject({
  username: z
    .string({ error: 'Enter your user name.' })
    .trim()
    .min(1, 'Enter your user name.')
    .max(300, 'A user name has at most 300 characters.'),
  password: z
    .string({ error: 'Enter your password.' })
    .min(1, 'Enter your password.')
    .max(256, 'Use at most 256 characters.'),
});
export type LdapLoginRequest = z.input<typeof ldapLoginRequestSchema>;

/**
 * Why an SSO sign-in did not finish. A browser flow comes back to the sign-in page with
 * `?sso=<code>&provider=<id>`, and the page shows the sentence (with the provider's name); the
 * LDAP form gets the same sentence in its problem. Codes, not sentences, travel in the address,
 * so that nobody can put words of their own on the sign-in page.
 */
export const SSO_FAILURE_CODES = [
  'cancelled',
  'provider-error',
  'invalid-response',
  'expired',
  'email-missing',
  'email-not-verified',
  'unknown-person',
  'outside-domains',
  'not-active',
  'other-provider',
  'invalid-credentials',
  'unavailable',
] as const;
export type SsoFailureCode = (typeof SSO_FAILURE_CODES)[number];
export const ssoFailureCodeSchema = z.enum(SSO_FAILURE_CODES);

/** The sentence of each failure, for the provider named `provider`. */
export function ssoFailureSentence(code: SsoFailureCode, provider: string): string {
  switch (code) {
    case 'cancelled':
      return `${provider} said the sign-in was cancelled. Try again when you are ready.`;
    case 'provider-error':
      return `${provider} could not sign you in. Try again; if it keeps happening, tell your administrator.`;
    case 'invalid-response':
      return `${provider}’s answer could not be trusted, so you were not signed in. Tell your administrator: the server log has the details.`;
    case 'expired':
      return `The sign-in through ${provider} took too long or was started in another browser. Start it again.`;
    case 'email-missing':
      return `${provider} did not say your email address, so Perimeter cannot tell who you are. Ask your administrator to release the email to Perimeter.`;
    case 'email-not-verified':
      return `${provider} has not verified your email address. Verify it there, then sign in again.`;
    case 'unknown-person':
      return `${provider} signed you in, but nobody with your email address is in this Perimeter account. Ask an administrator to invite you.`;
    case 'outside-domains':
      return `${provider} signed you in, but your email address is outside the domains this account invites. Ask an administrator to invite you.`;
    case 'not-active':
      return `Your invitation to Perimeter has not been accepted yet. Accept it from the link you were sent, or ask an administrator for a new one.`;
    case 'other-provider':
      return `Your account is set to sign in through another provider, not ${provider}. Choose that one.`;
    case 'invalid-credentials':
      return `${provider} did not accept that user name and password.`;
    case 'unavailable':
      return `${provider} cannot be reached right now. Try again in a few minutes; if it keeps happening, tell your administrator.`;
  }
}

/** Password sign-in of a person assigned to a provider (administrators keep their password). */
export function passwordRefusedSentence(provider: string): string {
  return `Your account is set to sign in through ${provider}. Use “Sign in with ${provider}” instead of a password.`;
}
