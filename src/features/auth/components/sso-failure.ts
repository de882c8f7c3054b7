import { SSO_FAILURE_CODES, ssoFailureSentence, type SsoFailureCode } from '@contract/sso';

// Loaded only when the sign-in page comes back from a failed SSO sign-in: the contract module
// brings zod, which the sign-in page's first load must not carry (docs/QUALITY.md).

const CODES: readonly string[] = SSO_FAILURE_CODES;

/** The sentence of a failure code found in the address, or undefined for a code it does not know. */
export function failureSentence(code: string, provider: string): string | undefined {
  return CODES.includes(code) ? ssoFailureSentence(code as SsoFailureCode, provider) : undefined;
}
