/**
 * A local OpenID provider to try OIDC sign-in with (README, "Try OIDC sign-in locally"): the one
 * the tests use (oidc-provider, server/src/testing/idp/oidc-idp.ts) on http://127.0.0.1:9400,
 * with one client that accepts the redirect URI of any provider of the console at CONSOLE_URL,
 * and one account per email given, verified, in the groups given after a colon:
 *
 *   npx tsx scripts/try-oidc.ts ada.admin@example.com:platform,security grace@example.com
 *
 * Environment: OIDC_PORT (9400), CONSOLE_URL (http://localhost:8080), OIDC_CLIENT_SECRET.
 * The console must run with SSO_ALLOW_HTTP_ISSUERS=true to take an http:// issuer.
 */
import { startOidcIdp } from '../server/src/testing/idp/oidc-idp';

const consoleUrl = (process.env.CONSOLE_URL ?? 'http://localhost:8080').replace(/\/$/, '');
const accounts = process.argv.slice(2).map((arg) => {
  const [email, groups] = arg.split(':');
  return {
    email: email!,
    email_verified: true,
    name: email!.split('@')[0],
    ...(groups ? { groups: groups.split(',') } : {}),
  };
});
if (accounts.length === 0) {
  console.error('Name at least one account: npx tsx scripts/try-oidc.ts you@example.com[:group,…]');
  process.exit(2);
}

const idp = await startOidcIdp({
  port: Number(process.env.OIDC_PORT ?? 9400),
  clientId: 'perimeter',
  clientSecret: process.env.OIDC_CLIENT_SECRET ?? 'perimeter-local-secret',
  redirectUriPrefix: `${consoleUrl}/api/auth/sso/`,
  accounts,
});
console.log(`OpenID provider ready. In Perimeter, Account settings → SSO providers → Add, OpenID Connect:
  Issuer URL     ${idp.issuer}
  Client ID      ${idp.clientId}
  Client secret  ${idp.clientSecret}
Accounts (sign in at the provider's page by email): ${accounts.map((a) => a.email).join(', ')}
Press Ctrl+C to stop.`);
const stop = () => void idp.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
