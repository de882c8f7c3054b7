import {
  GIT_PROVIDER_KIND_LABELS,
  type GitCredentials,
  type GitProviderKind,
  type RegistryCredentials,
} from '../../../contract/integrations';
import { outboundGet, type OutboundOptions, type OutboundResult } from '../../lib/outbound';

/**
 * The real checks behind "Test connection": one or two requests through lib/outbound.ts (guarded
 * against server-side request forgery, 5 s, no redirects followed), turned into one sentence a
 * person can act on.
 */
export interface CheckOutcome {
  ok: boolean;
  detail: string;
}

export type CheckOptions = OutboundOptions & {
  /** Registries are tested over https; tests of a local registry stand-in use http. */
  registryScheme?: 'https' | 'http';
};

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

function jsonOf(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The sentence for an answer that is not a success, or undefined for a 2xx. */
function unsuccessful(result: Extract<OutboundResult, { kind: 'answer' }>, what: string) {
  const { status } = result;
  if (status >= 200 && status < 300) return undefined;
  if (status === 401 || status === 403) return `The credentials were refused (${status}).`;
  if (status >= 300 && status < 400) {
    // The address is the remote server's choice, and the result is shown to everyone: keep it short.
    const location = result.location ? ` to ${result.location.slice(0, 200)}` : '';
    return `${what} answered with a redirect (${status}${location}); check the address.`;
  }
  if (status === 404) return `${what} answered 404: check the address.`;
  return `${what} answered ${status}.`;
}

/** GitHub's and GitHub Enterprise's REST API root for a provider's base URL. */
export function githubApiBase(kind: 'github' | 'github-enterprise', baseUrl: string): string {
  const url = new URL(baseUrl);
  if (kind === 'github' && (url.hostname === 'github.com' || url.hostname === 'www.github.com')) {
    return 'https://api.github.com';
  }
  if (kind === 'github') return baseUrl;
  return baseUrl.endsWith('/api/v3') ? baseUrl : `${baseUrl}/api/v3`;
}

interface Probe {
  url: string;
  headers: Record<string, string>;
  /** Who the answer says we are, from its JSON. */
  who: (json: Record<string, unknown>) => string | undefined;
}

function gitProbe(kind: GitProviderKind, baseUrl: string, credentials: GitCredentials): Probe {
  const name = (key: string) => (json: Record<string, unknown>) =>
    typeof json[key] === 'string' ? (json[key] as string) : undefined;
  switch (kind) {
    case 'github':
    case 'github-enterprise':
      return {
        url: `${githubApiBase(kind, baseUrl)}/user`,
        headers: { authorization: `token ${credentials.token}` },
        who: name('login'),
      };
    case 'gitlab':
      return {
        url: `${baseUrl}/api/v4/user`,
        headers: { 'private-token': credentials.token },
        who: name('username'),
      };
    case 'bitbucket-server':
      return credentials.username
        ? {
            url: `${baseUrl}/rest/api/1.0/users/${encodeURIComponent(credentials.username)}`,
            headers: { authorization: basic(credentials.username, credentials.token) },
            who: name('name'),
          }
        : {
            url: `${baseUrl}/rest/api/1.0/application-properties`,
            headers: { authorization: `Bearer ${credentials.token}` },
            who: (json) =>
              typeof json.version === 'string' ? `a token (Bitbucket ${json.version})` : undefined,
          };
  }
}

/**
 * Tests a git provider: with credentials, the provider's "who am I" endpoint (GitHub `/user`,
 * GitLab `/api/v4/user`, Bitbucket Server the user or the application properties); without, that
 * the address answers at all.
 */
export async function checkGitProvider(
  provider: { kind: GitProviderKind; baseUrl: string },
  credentials: GitCredentials | null,
  options: CheckOptions,
): Promise<CheckOutcome> {
  const label = GIT_PROVIDER_KIND_LABELS[provider.kind];
  if (!credentials) {
    const result = await outboundGet(new URL(provider.baseUrl), {}, options);
    if (result.kind === 'failed') return { ok: false, detail: result.detail };
    return result.status < 500
      ? {
          ok: true,
          detail: `${label} answered (${result.status}); no credentials are set, so none were checked.`,
        }
      : { ok: false, detail: `${label} answered ${result.status}.` };
  }
  const probe = gitProbe(provider.kind, provider.baseUrl, credentials);
  const result = await outboundGet(new URL(probe.url), probe.headers, options);
  if (result.kind === 'failed') return { ok: false, detail: result.detail };
  const problem = unsuccessful(result, label);
  if (problem) return { ok: false, detail: problem };
  const json = jsonOf(result.body);
  const who = json && probe.who(json);
  if (!who) {
    return {
      ok: false,
      detail: `The server answered, but not as ${label} does: check the address and the kind.`,
    };
  }
  return { ok: true, detail: `Connected as ${who}.` };
}

/** `Bearer realm="…",service="…",scope="…"` of a registry's 401, as a token URL. */
function tokenUrl(wwwAuthenticate: string | undefined): URL | undefined {
  if (!wwwAuthenticate || !/^Bearer\s/i.test(wwwAuthenticate)) return undefined;
  const params = Object.fromEntries(
    [...wwwAuthenticate.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!.toLowerCase(), m[2]!]),
  );
  if (!params.realm) return undefined;
  try {
    const url = new URL(params.realm);
    if (params.service) url.searchParams.set('service', params.service);
    return url;
  } catch {
    return undefined;
  }
}

/** Whether following a registry's token challenge would send its credentials over plain HTTP. */
export function downgradesToClearText(registry: URL, realm: URL): boolean {
  return registry.protocol === 'https:' && realm.protocol !== 'https:';
}

/**
 * Tests a container registry through the Docker Registry HTTP API v2: `GET /v2/` with basic
 * auth. Registries that answer 401 with a Bearer challenge (Docker Hub, GHCR, Harbor…) are asked
 * for a token at the realm they name, with the same credentials, through the same guard.
 */
export async function checkRegistry(
  registry: { domain: string },
  credentials: RegistryCredentials | null,
  options: CheckOptions,
): Promise<CheckOutcome> {
  const url = new URL(`${options.registryScheme ?? 'https'}://${registry.domain}/v2/`);
  const authorization = credentials ? basic(credentials.username, credentials.password) : '';
  const headers: Record<string, string> = authorization ? { authorization } : {};
  const result = await outboundGet(url, headers, options);
  if (result.kind === 'failed') return { ok: false, detail: result.detail };
  if (result.status === 401) {
    const realm = tokenUrl(result.wwwAuthenticate);
    if (!realm) {
      return {
        ok: false,
        detail: credentials
          ? 'The credentials were refused (401).'
          : 'The registry wants credentials (401); none are set.',
      };
    }
    // The credentials go to the token service the registry names: never in clear text.
    if (credentials && downgradesToClearText(url, realm)) {
      return {
        ok: false,
        detail: `The registry sends credentials to ${realm.host} without HTTPS; they were not sent.`,
      };
    }
    if (credentials) realm.searchParams.set('account', credentials.username);
    const token = await outboundGet(realm, headers, options);
    if (token.kind === 'failed') return { ok: false, detail: token.detail };
    const problem = unsuccessful(token, `The registry's token service (${realm.host})`);
    if (problem) return { ok: false, detail: problem };
    return credentials
      ? { ok: true, detail: `Connected as ${credentials.username}.` }
      : {
          ok: true,
          detail: 'The registry answered; no credentials are set, so none were checked.',
        };
  }
  const problem = unsuccessful(result, 'The registry');
  if (problem) return { ok: false, detail: problem };
  if (!/^registry\/2\.0$/i.test(result.apiVersion ?? '') && !jsonOf(result.body)) {
    return { ok: false, detail: 'The server answered, but not as a container registry does.' };
  }
  return credentials
    ? { ok: true, detail: `Connected as ${credentials.username}.` }
    : { ok: true, detail: 'The registry answered; no credentials are set, so none were checked.' };
}
