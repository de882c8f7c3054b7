/**
 * A real OpenID provider for the tests (npm `oidc-provider`, a certified implementation), on a
 * free 127.0.0.1 port over plain http (the server under test must run with
 * SSO_ALLOW_HTTP_ISSUERS=true). One confidential client; accounts by email, each with the
 * claims a test wants (email, email_verified, name, groups). Its sign-in page is a real form
 * (label, input, buttons) that a browser journey fills, or that `signInAt` drives with fetch;
 * "Cancel" answers the client `error=access_denied`. Consent never asks: every sign-in is
 * granted the scopes Perimeter asks for (`loadExistingGrant`).
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Adapter, type AdapterPayload, type Configuration } from 'oidc-provider';

export interface IdpAccount {
  email: string;
  /** Left out: the claim is not sent at all. */
  email_verified?: boolean;
  name?: string;
  /** Left out: the groups claim is not sent. */
  groups?: string[] | string;
}

export interface OidcIdpOptions {
  clientId?: string;
  clientSecret?: string;
  /** Redirect URIs accepted from the start; more with `allowRedirectUri`. */
  redirectUris?: string[];
  /** Also accepts every redirect URI that starts with this (scripts/try-oidc.ts: any provider). */
  redirectUriPrefix?: string;
  /**
   * Releases email, name and groups through userinfo only, not in the ID token (as the
   * specification has it for scope-requested claims; some providers do so).
   */
  claimsInUserinfoOnly?: boolean;
  /** A fixed port (0, the default: a free one). */
  port?: number;
  /** The claim that lists the groups (`groups` by default). */
  groupsClaim?: string;
  accounts?: IdpAccount[];
}

export interface OidcIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Adds or replaces an account (by email). */
  setAccount(account: IdpAccount): void;
  /** Lets the client use `uri` (a test learns Perimeter's redirect URI once the provider exists). */
  allowRedirectUri(uri: string): void;
  /**
   * While on, the token endpoint's ID tokens are altered in transit: a claim changed, the
   * signature kept, as an attacker between Perimeter and the provider would.
   */
  tamperIdTokens(on: boolean): void;
  close(): Promise<void>;
}

/**
 * The provider's state (sessions, codes, grants) in memory, this instance's own: oidc-provider's
 * built-in one is shared by every instance in the process, and warns at each start.
 */
function memoryAdapter() {
  const store = new Map<string, { payload: AdapterPayload; until: number }>();
  const live = (key: string) => {
    const entry = store.get(key);
    if (entry && entry.until < Date.now()) store.delete(key);
    return store.get(key)?.payload;
  };
  return (name: string): Adapter => {
    const key = (id: string) => `${name}:${id}`;
    return {
      async upsert(id, payload, expiresIn) {
        const until = expiresIn ? Date.now() + expiresIn * 1000 : Infinity;
        store.set(key(id), { payload, until });
        if (payload.uid) store.set(`${name}:uid:${payload.uid}`, { payload, until });
        if (payload.userCode) store.set(`${name}:code:${payload.userCode}`, { payload, until });
      },
      find: async (id) => live(key(id)),
      findByUid: async (uid) => live(`${name}:uid:${uid}`),
      findByUserCode: async (code) => live(`${name}:code:${code}`),
      async consume(id) {
        const payload = live(key(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        const payload = store.get(key(id))?.payload;
        for (const [k, entry] of store) if (entry.payload === payload) store.delete(k);
      },
      async revokeByGrantId(grantId) {
        for (const [k, entry] of store) if (entry.payload.grantId === grantId) store.delete(k);
      },
    };
  };
}

/** Starts the provider; `close()` it after the tests. */
export async function startOidcIdp(options: OidcIdpOptions = {}): Promise<OidcIdp> {
  const clientId = options.clientId ?? 'perimeter-test';
  const clientSecret = options.clientSecret ?? `secret-${randomUUID()}`;
  const groupsClaim = options.groupsClaim ?? 'groups';
  const accounts = new Map<string, IdpAccount>();
  for (const account of options.accounts ?? []) accounts.set(account.email.toLowerCase(), account);
  const redirectUris = new Set(options.redirectUris ?? []);
  let tamper = false;

  // The issuer names the port, so the provider is made once the server listens.
  const serving: { handler?: (req: IncomingMessage, res: ServerResponse) => void } = {};
  const server: Server = createServer((req, res) => {
    if (serving.handler) serving.handler(req, res);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey = {
    ...privateKey.export({ format: 'jwk' }),
    kid: 'test-idp',
    use: 'sig',
    alg: 'RS256',
  };

  const configuration: Configuration = {
    adapter: memoryAdapter(),
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        // Replaced by the set above (redirectUriAllowed below); a client needs one to be valid.
        redirect_uris: ['http://127.0.0.1/unused'],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [signingKey as never] },
    cookies: { keys: [randomUUID()] },
    pkce: { required: () => true },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      Grant: 3600,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
    },
    // Email and name in the ID token itself, as Okta and Entra ID put them (unless asked not to).
    conformIdTokenClaims: options.claimsInUserinfoOnly ?? false,
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', groupsClaim],
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        async claims() {
          return {
            sub,
            email: account.email,
            ...(account.email_verified === undefined
              ? {}
              : { email_verified: account.email_verified }),
            ...(account.name === undefined ? {} : { name: account.name }),
            ...(account.groups === undefined ? {} : { [groupsClaim]: account.groups }),
          };
        },
      };
    },
    // Consent never asks: a first-party client is granted what it asks for.
    async loadExistingGrant(ctx) {
      const accountId = ctx.oidc.session?.accountId;
      if (!accountId || !ctx.oidc.client) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  };
  const provider = new Provider(issuer, configuration);
  const allowed = provider.Client.prototype.redirectUriAllowed;
  provider.Client.prototype.redirectUriAllowed = function (uri: string) {
    if (options.redirectUriPrefix && uri.startsWith(options.redirectUriPrefix)) return true;
    return redirectUris.has(uri) || allowed.call(this, uri);
  };
  const callback = provider.callback();

  serving.handler = (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const interaction = /^\/interaction\/([\w-]+)(?:\/(login|cancel))?$/.exec(url.pathname);
    if (interaction) {
      interact(req, res, interaction[2]).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
      });
      return;
    }
    if (tamper && url.pathname === '/token') alterIdToken(res);
    callback(req, res);
  };

  async function interact(req: IncomingMessage, res: ServerResponse, action?: string) {
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'POST' && action === 'cancel') {
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'End-User aborted interaction' },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    if (req.method === 'POST' && action === 'login') {
      const form = new URLSearchParams(await readBody(req));
      const email = (form.get('email') ?? '').trim().toLowerCase();
      if (!accounts.has(email)) {
        page(res, details.uid, 'There is no account with that email address here.');
        return;
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: email } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    page(res, details.uid);
  }

  return {
    issuer,
    clientId,
    clientSecret,
    setAccount(account) {
      accounts.set(account.email.toLowerCase(), account);
    },
    allowRedirectUri(uri) {
      redirectUris.add(uri);
    },
    tamperIdTokens(on) {
      tamper = on;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function page(res: ServerResponse, uid: string, error?: string) {
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Test identity provider</title></head>
<body>
<main>
<h1>Test identity provider</h1>
${error ? `<p role="alert">${error}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
<label for="email">Email address</label>
<input id="email" name="email" type="email" autocomplete="username" required>
<button type="submit">Sign in</button>
</form>
<form method="post" action="/interaction/${uid}/cancel">
<button type="submit">Cancel</button>
</form>
</main>
</body>
</html>`;
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Changes the ID token's `email` in the token response, keeping its signature. */
function alterIdToken(res: ServerResponse) {
  const end = res.end.bind(res) as (chunk?: unknown, ...rest: unknown[]) => ServerResponse;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) {
      try {
        const body = JSON.parse(chunk.toString()) as { id_token?: string };
        if (body.id_token) {
          const [header, payload, signature] = body.id_token.split('.');
          const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<
            string,
            unknown
          >;
          claims.email = 'intruder@example.com';
          body.id_token = [
            header,
            Buffer.from(JSON.stringify(claims)).toString('base64url'),
            signature,
          ].join('.');
          const altered = JSON.stringify(body);
          if (!res.headersSent) res.setHeader('content-length', Buffer.byteLength(altered));
          return end(altered, ...rest);
        }
      } catch {
        // Not JSON: pass it on as it is.
      }
    }
    return end(chunk, ...rest);
  }) as typeof res.end;
}

/** A cookie jar for one browser at the identity provider (every cookie to every path). */
class Jar {
  readonly cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
  keep(response: Response) {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair, ...attributes] = cookie.split(';');
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index).trim();
      const value = pair!.slice(index + 1);
      const expired = attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/**
 * Drives the provider's pages as a browser would, with fetch, from the authorization URL
 * Perimeter redirected to: signs in as `email` (or presses Cancel), and answers the address the
 * provider sends the browser back to (Perimeter's redirect URI with `code` or `error`).
 */
export async function signInAt(
  authorizationUrl: string,
  choice: { email: string } | { cancel: true },
): Promise<URL> {
  const jar = new Jar();
  const origin = new URL(authorizationUrl).origin;
  let url = new URL(authorizationUrl);
  let init: RequestInit = {};
  for (let hop = 0; hop < 10; hop += 1) {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: jar.header() },
    });
    jar.keep(response);
    const location = response.headers.get('location');
    if (location) {
      const next = new URL(location, url);
      if (next.origin !== origin) return next;
      url = next;
      init = {};
      continue;
    }
    const html = await response.text();
    if (response.status !== 200)
      throw new Error(`the provider answered ${response.status}: ${html}`);
    if (init.method === 'POST') throw new Error(`the provider refused the form: ${html}`);
    const forms = [...html.matchAll(/<form method="post" action="([^"]+)">/g)].map((m) => m[1]!);
    const action = forms.find((f) => f.endsWith('cancel' in choice ? '/cancel' : '/login'));
    if (!action) throw new Error(`no form on the provider's page: ${html}`);
    url = new URL(action, url);
    init = {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'cancel' in choice ? '' : new URLSearchParams({ email: choice.email }).toString(),
    };
  }
  throw new Error('the provider redirected too many times');
}
