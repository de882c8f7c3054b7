/**
 * How each git provider proves a webhook delivery came from it. Every comparison is constant
 * time (`timingSafeEqual`), so the answer's timing does not reveal how much of a guess was right.
 *
 * - GitHub and GitHub Enterprise: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body,
 *   keyed with the secret>`.
 * - Bitbucket Server: the same scheme in `X-Hub-Signature`.
 * - GitLab: no signature; `X-Gitlab-Token` carries the secret itself.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { GitProviderKind } from '../../../contract/integrations';

/** `sha256=<hex>`: the HMAC-SHA256 of `body` keyed with `secret`, as GitHub sends it. */
export function hmacSignature(secret: string, body: Uint8Array | string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Whether `header` is the `sha256=<hex>` HMAC of `body` with `secret`. */
export function validHmacSignature(
  secret: string,
  body: Uint8Array | string,
  header: string | undefined,
): boolean {
  if (!header) return false;
  const expected = Buffer.from(hmacSignature(secret, body));
  const given = Buffer.from(header.trim().toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Whether `given` equals `secret`, compared as digests so that lengths leak nothing either. */
export function validToken(secret: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(secret));
}

/** The header each provider authenticates its deliveries with. */
export const SIGNATURE_HEADERS: Record<GitProviderKind, string> = {
  github: 'x-hub-signature-256',
  'github-enterprise': 'x-hub-signature-256',
  gitlab: 'x-gitlab-token',
  'bitbucket-server': 'x-hub-signature',
};

/** Whether a delivery to a trigger of a provider of `kind` carries a valid proof. */
export function deliveryIsAuthentic(
  kind: GitProviderKind,
  secret: string | undefined,
  body: Uint8Array,
  header: (name: string) => string | undefined,
): boolean {
  if (secret === undefined) return false;
  const value = header(SIGNATURE_HEADERS[kind]);
  return kind === 'gitlab' ? validToken(secret, value) : validHmacSignature(secret, body, value);
}
