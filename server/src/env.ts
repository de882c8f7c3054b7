import proxyaddr from 'proxy-addr';
import { z } from 'zod';
import { planSchema } from '../contract/me';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((value) => value === 'true' || value === '1');

/** A proxy-addr name for a family of ranges, an IP address, or a range in CIDR notation. */
function isProxyAddress(value: string): boolean {
  try {
    proxyaddr.compile(value);
    return true;
  } catch {
    return false;
  }
}

/** TRUST_PROXY: `false` (trust no proxy), a number of hops, or proxy addresses and ranges. */
export type TrustProxy = false | number | string[];

const trustProxySchema = z
  .string()
  .optional()
  .transform((raw, ctx): TrustProxy => {
    const value = raw?.trim() ?? '';
    if (value === '' || value === 'false' || value === '0') return false;
    if (value === 'true') return 1;
    const addresses = value.split(',').map((address) => address.trim());
    const hops = /^\d+$/.test(value) ? Number(value) : undefined;
    if (hops !== undefined && hops <= 10) return hops;
    const wrong =
      hops === undefined ? addresses.filter((address) => !isProxyAddress(address)) : [value];
    if (wrong.length === 0) return addresses;
    ctx.addIssue({
      code: 'custom',
      message: `TRUST_PROXY must be false, a number of proxy hops (1 to 10; true means 1), or a comma-separated list of proxy addresses and ranges (loopback, 10.0.0.0/8); not ${wrong.map((address) => `"${address}"`).join(', ')}`,
    });
    return z.NEVER;
  });

/**
 * The server's whole configuration. This is the only module that reads `process.env`, so the
 * README's configuration table and this schema are the complete list.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  /**
   * Serve Prometheus metrics at `/metrics` on this port (metrics/metrics.ts); off when unset. It is
   * never the public port: metrics are for the cluster's Prometheus, not for the console's users.
   */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** The address the metrics port listens on; HOST when unset. */
  METRICS_HOST: z.string().min(1).optional(),
  /** PGlite data folder, used when DATABASE_URL is not set. */
  DATA_DIR: z.string().min(1).default('./.data'),
  /** `postgres://…`: run on PostgreSQL instead of the embedded database. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The account's plan (P-1.6): a deployment setting. */
  PERIMETER_PLAN: planSchema.default('enterprise'),
  /** Absolute lifetime of a session, whatever its activity. */
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(720).default(12),
  /** Force the Secure attribute on cookies (it is set anyway when the request came over HTTPS). */
  COOKIE_SECURE: booleanFlag,
  /**
   * Which reverse proxies in front of the server to believe about the client (X-Forwarded-For,
   * -Proto, -Host; lib/client-address.ts): none (unset, `false`, `0`), the nearest N hops (`1`,
   * `2`, …; `true` is 1), or those at the listed addresses and ranges
   * (`loopback, 10.0.0.0/8, 2001:db8::1`).
   */
  TRUST_PROXY: trustProxySchema,
  /**
   * The path the console is served under behind a reverse proxy that forwards one path of its
   * host (`/perimeter`): the console, its API, its assets and its links all live under it, and
   * nothing answers outside it. Empty (the default) is the root. The proxy forwards the path
   * whole; it does not strip it.
   */
  BASE_PATH: z
    .string()
    .optional()
    .transform((value) => value?.trim() ?? '')
    .pipe(
      z
        .string()
        .regex(
          /^(\/(?!\.{1,2}(\/|$))[\w.~-]+)*$/,
          'BASE_PATH must be empty (the root) or a path such as /perimeter or /tools/perimeter: it starts with /, has no trailing /, and its segments use only letters, digits, ".", "_", "~" and "-"',
        ),
    ),
  /** Where the built SPA lives. */
  STATIC_DIR: z.string().default('./dist'),
  /**
   * The address people use to reach the console, for links in invitations (`https://ci.example.com`).
   * Without it, links are built from the request that created them. Behind a sub-path it may name
   * the path too (`https://ci.example.com/perimeter`), which must then be BASE_PATH; without one,
   * BASE_PATH is added (lib/public-url.ts).
   */
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'PUBLIC_URL must be an http:// or https:// URL' })
    .transform((value) => value.replace(/\/+$/, ''))
    .optional(),
  /** How long an invitation link stays valid. */
  INVITATION_DAYS: z.coerce.number().int().min(1).max(30).default(7),
  /** `smtp://user:password@host:587` or `smtps://…:465`: mail invitations through this server. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'SMTP_URL must be an smtp:// or smtps:// URL')
    .optional(),
  /** The sender of Perimeter's mail, e.g. `Perimeter <perimeter@example.com>`. */
  SMTP_FROM: z.string().min(3).optional(),
  /**
   * 32 random bytes, base64 (`openssl rand -base64 32`): the key that seals stored credentials
   * (lib/secret-box.ts). Without it the key is kept in DATA_DIR/secrets.key. Servers sharing one
   * PostgreSQL database must all have the same key.
   */
  SECRETS_KEY: z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === 32, {
      message: 'SECRETS_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32)',
    })
    .optional(),
  /**
   * Let "Test connection" reach loopback, private, link-local and other non-public addresses
   * (lib/outbound.ts). Off by default: an administrator must not be able to make the server probe
   * its own network (server-side request forgery). Turn it on where the git servers and
   * registries the platform tests live on a private network it is meant to reach.
   */
  ALLOW_PRIVATE_NETWORK_TESTS: booleanFlag,
  /**
   * How often a runner's waiting long-poll looks at the queue itself, in case the notification of
   * a run queued by another server was lost (its listening connection was down): a fallback.
   */
  QUEUE_RECHECK_MS: z.coerce.number().int().min(100).max(60_000).default(1_500),
  /**
   * The token that creating the first administrator requires (modules/auth/setup-token.ts).
   * Unset, a server reachable by others derives one and prints it in its log.
   */
  PERIMETER_SETUP_TOKEN: z
    .string()
    .trim()
    .min(16, 'PERIMETER_SETUP_TOKEN must have at least 16 characters (openssl rand -hex 16)')
    .max(200, 'PERIMETER_SETUP_TOKEN must have at most 200 characters')
    .optional(),
  /**
   * Take http:// OIDC issuers and SAML sign-on URLs on a loopback address (127.0.0.1, localhost,
   * ::1), for the tests' identity providers and trying SSO on one machine. Never in production:
   * the server warns in its log at start when it is on.
   */
  SSO_ALLOW_HTTP_ISSUERS: booleanFlag,
  /** End-to-end journeys only (playwright.config.ts): see server/src/modules/test-hooks. */
  PERIMETER_TEST_HOOKS: booleanFlag,
});

export type Env = z.infer<typeof envSchema>;

/** A PUBLIC_URL names the server's root or its BASE_PATH, nothing else the proxy could not map. */
function publicUrlPathFits(publicUrl: string | undefined, basePath: string): boolean {
  if (!publicUrl) return true;
  const path = new URL(publicUrl).pathname.replace(/\/+$/, '');
  return path === '' || path === basePath;
}

/** Parses the environment once; an invalid setting stops the server with the reason. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema
    .refine((env) => !env.SMTP_URL || env.SMTP_FROM, {
      path: ['SMTP_FROM'],
      message: 'SMTP_FROM is needed when SMTP_URL is set',
    })
    .refine((env) => publicUrlPathFits(env.PUBLIC_URL, env.BASE_PATH), {
      path: ['PUBLIC_URL'],
      message:
        'PUBLIC_URL may name no path, or the same path as BASE_PATH (the proxy forwards the path unchanged)',
    })
    .refine((env) => !env.METRICS_PORT || env.METRICS_PORT !== env.PORT, {
      path: ['METRICS_PORT'],
      message: 'METRICS_PORT must differ from PORT: metrics are not served on the public port',
    })
    .safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Settings with their defaults, for tests and tools that build an app without a process env. */
export function defaultEnv(overrides: Partial<Env> = {}): Env {
  return { ...envSchema.parse({}), NODE_ENV: 'test', LOG_LEVEL: 'silent', ...overrides };
}

/**
 * The PostgreSQL server the server suite runs against instead of PGlite: set by
 * `npm run test:server:pg` (PERIMETER_TEST_ON_POSTGRES=1) from TEST_DATABASE_URL.
 */
export function testDatabaseUrl(): string | undefined {
  return process.env.PERIMETER_TEST_ON_POSTGRES === '1' ? process.env.TEST_DATABASE_URL : undefined;
}
