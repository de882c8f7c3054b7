/**
 * Signing in through an LDAP directory (issue 19), with ldapts: the bind account finds the
 * person's entry by what they typed (the provider's user filter, the input escaped), Perimeter
 * binds as that entry with the person's password, and reads their email, name and groups. The
 * directory only vouches for someone; sign-in.service decides who comes in.
 *
 * Passwords (the person's and the bind account's) are never logged: only ldapts' own errors,
 * which do not carry them, reach the log as an SsoFailure's detail.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import net, { isIP, type LookupFunction } from 'node:net';
import tls from 'node:tls';
import {
  Client,
  EqualityFilter,
  Filter,
  FilterParser,
  InvalidCredentialsError,
  OrFilter,
  ResultCodeError,
  type Entry,
} from 'ldapts';
import { SSO_DEFAULTS, type SsoTestResult } from '../../../contract/sso-providers';
import type { Deps } from '../../lib/context';
import { classifyAddress, PrivateAddressError } from '../../lib/outbound';
import { SsoFailure, type SignInProvider, type SsoIdentity } from './sign-in.service';

/**
 * A sign-in refused once the person's entry was found (a wrong password): the entry's email
 * lets the failed sign-in be recorded in the person's account.
 */
export class LdapSignInFailure extends SsoFailure {
  constructor(
    code: SsoFailure['code'],
    readonly email: string | undefined,
    detail?: unknown,
  ) {
    super(code, detail);
  }
}

/** Connecting, and each operation (bind, search), give up after this long. */
export const LDAP_TIMEOUT_MS = 5_000;

interface LdapConfig {
  url: string;
  bindDn: string;
  searchBase: string;
  userFilter: string;
  groupSearchBase: string;
  startTls: boolean;
  caCertificate: string;
}

const text = (value: string | boolean | undefined) => (typeof value === 'string' ? value : '');

function configOf(provider: SignInProvider): LdapConfig {
  const c = provider.config;
  return {
    url: text(c.url),
    bindDn: text(c.bindDn),
    searchBase: text(c.searchBase),
    userFilter: text(c.userFilter) || SSO_DEFAULTS.userFilter,
    groupSearchBase: text(c.groupSearchBase),
    startTls: c.startTls === true,
    caCertificate: text(c.caCertificate),
  };
}

/** Why a step failed, before it is turned into a failure code or a test sentence. */
class LdapStepError extends Error {
  constructor(
    readonly step: 'connect' | 'service-bind' | 'filter' | 'search' | 'user-bind' | 'groups',
    override readonly cause: unknown,
  ) {
    super(`LDAP ${step} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'LdapStepError';
  }
}

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The provider has no bind password: a setting to fix, not a directory that is down. */
const NO_BIND_PASSWORD = new Error('no bind password is set');

const errnoOf = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

/** A connection that did not happen or broke (the network, a deadline), not a refusal. */
function isUnreachable(error: unknown): boolean {
  if (error === NO_BIND_PASSWORD) return false;
  if (error instanceof ResultCodeError || error instanceof PrivateAddressError) return false;
  const code = errnoOf(error);
  if (typeof code === 'string' && TLS_CODES.has(code)) return false;
  return error instanceof Error;
}

/** The failure code a sign-in shows for an error of a step. */
function failureOf(error: LdapStepError): SsoFailure {
  if (error.step === 'user-bind' && error.cause instanceof InvalidCredentialsError) {
    return new SsoFailure('invalid-credentials', error);
  }
  // A user filter that does not parse is a setting to fix, not a directory that is down.
  if (error.step !== 'filter' && isUnreachable(error.cause)) {
    return new SsoFailure('unavailable', error);
  }
  return new SsoFailure('provider-error', error);
}

/** A `lookup` that refuses names resolving to a non-public address (the test's SSRF rule). */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const refused = addresses.find((entry) => classifyAddress(entry.address) !== 'public');
    if (refused) {
      return callback(
        new PrivateAddressError(hostname, refused.address, classifyAddress(refused.address)),
        '',
        0,
      );
    }
    if (addresses.length === 0) return callback(new Error('no address'), '', 0);
    if (options.all) return (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

interface ConnectOptions {
  /** Refuse loopback, private and other non-public addresses (a test, unless the deployment allows it). */
  guardPrivate?: boolean;
}

/**
 * Connects to the provider's directory (LDAPS, or StartTLS when asked, with its CA when given)
 * and binds with the bind account, runs `work`, and always unbinds.
 */
async function withDirectory<T>(
  provider: SignInProvider,
  options: ConnectOptions,
  work: (client: Client, config: LdapConfig) => Promise<T>,
): Promise<T> {
  const config = configOf(provider);
  let url: URL;
  try {
    url = new URL(config.url);
  } catch (error) {
    throw new LdapStepError('connect', error);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const secure = url.protocol === 'ldaps:';
  const tlsOptions: tls.ConnectionOptions = {
    ...(config.caCertificate ? { ca: config.caCertificate } : {}),
    ...(isIP(host) ? {} : { servername: host }),
  };
  const guard: Partial<
    Pick<ConstructorParameters<typeof Client>[0], 'createConnection' | 'createSecureConnection'>
  > = {};
  if (options.guardPrivate) {
    if (isIP(host)) {
      const kind = classifyAddress(host);
      if (kind !== 'public') {
        throw new LdapStepError('connect', new PrivateAddressError(host, host, kind));
      }
    } else {
      guard.createConnection = ((port: number, to: string) =>
        net.connect({ port, host: to, lookup: guardedLookup })) as typeof net.connect;
      guard.createSecureConnection = ((
        port: number | tls.ConnectionOptions,
        to?: string,
        more?: tls.ConnectionOptions,
      ) =>
        typeof port === 'number'
          ? tls.connect({ ...more, port, host: to, lookup: guardedLookup })
          : tls.connect(port)) as typeof tls.connect;
    }
  }
  const client = new Client({
    url: `${url.protocol}//${url.host}`,
    timeout: LDAP_TIMEOUT_MS,
    connectTimeout: LDAP_TIMEOUT_MS,
    // Only for ldaps://: ldapts speaks TLS from the start whenever it is given TLS options,
    // which would break StartTLS (it upgrades a plain connection).
    ...(secure ? { tlsOptions } : {}),
    ...guard,
  });
  try {
    if (config.startTls && !secure) {
      try {
        await client.startTLS({ ...tlsOptions, host });
      } catch (error) {
        throw new LdapStepError('connect', error);
      }
    }
    if (!provider.secret) {
      throw new LdapStepError('service-bind', NO_BIND_PASSWORD);
    }
    try {
      await client.bind(config.bindDn, provider.secret);
    } catch (error) {
      throw new LdapStepError('service-bind', error);
    }
    return await work(client, config);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

/** The user filter with `{username}` replaced by the escaped input (never the raw text). */
function userFilterFor(config: LdapConfig, username: string): Filter {
  const filter = config.userFilter.split('{username}').join(Filter.escape(username));
  try {
    return FilterParser.parseString(filter);
  } catch (error) {
    throw new LdapStepError('filter', error);
  }
}

function values(entry: Entry, attribute: string): string[] {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
  const value = key ? entry[key] : undefined;
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v)));
}

const first = (entry: Entry, ...attributes: string[]) =>
  attributes.map((a) => values(entry, a)[0]).find((v) => v !== undefined && v !== '');

const PERSON_ATTRIBUTES = ['mail', 'cn', 'displayName', 'uid'];

async function search(
  client: Client,
  base: string,
  filter: Filter | string,
  step: 'search' | 'groups',
) {
  try {
    const { searchEntries } = await client.search(base, {
      scope: 'sub',
      filter,
      attributes: step === 'groups' ? ['cn'] : PERSON_ATTRIBUTES,
      // Two are enough to tell "exactly one" from "more"; groups may be many.
      sizeLimit: step === 'groups' ? 1000 : 2,
      timeLimit: Math.ceil(LDAP_TIMEOUT_MS / 1000),
    });
    return searchEntries;
  } catch (error) {
    throw new LdapStepError(step, error);
  }
}

/** The names (cn) of the groups the entry belongs to, or undefined without a group search base. */
async function groupsOf(
  client: Client,
  config: LdapConfig,
  entry: Entry,
): Promise<string[] | undefined> {
  if (!config.groupSearchBase) return undefined;
  const uid = first(entry, 'uid');
  const filter = new OrFilter({
    filters: [
      new EqualityFilter({ attribute: 'member', value: entry.dn }),
      new EqualityFilter({ attribute: 'uniqueMember', value: entry.dn }),
      ...(uid ? [new EqualityFilter({ attribute: 'memberUid', value: uid })] : []),
    ],
  });
  const groups = await search(client, config.groupSearchBase, filter, 'groups');
  return [...new Set(groups.flatMap((group) => values(group, 'cn')))].sort();
}

function identityOf(entry: Entry, groups: string[] | undefined): SsoIdentity {
  return {
    email: first(entry, 'mail'),
    // The directory is the company's record of its people: its mail counts as verified.
    emailVerified: true,
    name: first(entry, 'displayName', 'cn'),
    groups,
  };
}

type Found = { kind: 'one'; entry: Entry } | { kind: 'none' } | { kind: 'many'; count: number };

async function findOne(client: Client, base: string, filter: Filter): Promise<Found> {
  const entries = await search(client, base, filter, 'search');
  if (entries.length === 0) return { kind: 'none' };
  if (entries.length > 1) return { kind: 'many', count: entries.length };
  return { kind: 'one', entry: entries[0]! };
}

/**
 * Signs `username` in with `password` at the provider's directory, or throws an SsoFailure:
 * `invalid-credentials` for an unknown user or a wrong password, `unavailable` when the
 * directory cannot be reached in time, `provider-error` for anything else (the bind account
 * refused, more than one entry found, a filter that does not parse).
 */
export async function ldapSignIn(
  _deps: Pick<Deps, 'logger'>,
  provider: SignInProvider,
  username: string,
  password: string,
): Promise<SsoIdentity> {
  // An empty password would be an unauthenticated bind, which directories accept for anyone.
  if (password.length === 0 || username.trim().length === 0) {
    throw new SsoFailure('invalid-credentials', 'empty user name or password');
  }
  try {
    return await withDirectory(provider, {}, async (client, config) => {
      const found = await findOne(client, config.searchBase, userFilterFor(config, username));
      if (found.kind === 'none') {
        throw new SsoFailure('invalid-credentials', 'no entry matches the user name');
      }
      if (found.kind === 'many') {
        throw new SsoFailure(
          'provider-error',
          `${found.count} entries match the user name: the user filter must find exactly one`,
        );
      }
      try {
        await client.bind(found.entry.dn, password);
      } catch (error) {
        const failure = failureOf(new LdapStepError('user-bind', error));
        throw new LdapSignInFailure(failure.code, first(found.entry, 'mail'), failure.detail);
      }
      // Back to the bind account, which may read the groups the person may not.
      try {
        await client.bind(config.bindDn, provider.secret!);
      } catch (error) {
        throw new LdapStepError('service-bind', error);
      }
      return identityOf(found.entry, await groupsOf(client, config, found.entry));
    });
  } catch (error) {
    if (error instanceof SsoFailure) throw error;
    if (error instanceof LdapStepError) throw failureOf(error);
    throw new SsoFailure('provider-error', error);
  }
}

/** What the directory says of each email (one connection for all): their groups, or null when no single entry has it. */
export async function findLdapPeople(
  provider: SignInProvider,
  emails: string[],
): Promise<Map<string, { dn: string; groups: string[] | undefined } | null>> {
  try {
    return await withDirectory(provider, {}, async (client, config) => {
      const found = new Map<string, { dn: string; groups: string[] | undefined } | null>();
      for (const email of emails) {
        const result = await findOne(
          client,
          config.searchBase,
          new EqualityFilter({ attribute: 'mail', value: email }),
        );
        found.set(
          email,
          result.kind === 'one'
            ? { dn: result.entry.dn, groups: await groupsOf(client, config, result.entry) }
            : null,
        );
      }
      return found;
    });
  } catch (error) {
    if (error instanceof LdapStepError) throw failureOf(error);
    throw new SsoFailure('provider-error', error);
  }
}

/** A sentence for an administrator testing the provider, from what went wrong. */
function testSentence(error: LdapStepError, config: LdapConfig): string {
  const cause = error.cause;
  let host = config.url;
  try {
    host = new URL(config.url).host;
  } catch {
    // The URL was checked when saved; keep it as it is.
  }
  if (cause instanceof PrivateAddressError) {
    const what =
      cause.host === cause.address
        ? `${cause.host} is a ${cause.kind} address`
        : `${cause.host} resolves to a ${cause.kind} address (${cause.address})`;
    return `${what}; this deployment does not allow tests of private addresses (ALLOW_PRIVATE_NETWORK_TESTS).`;
  }
  switch (error.step) {
    case 'service-bind':
      if (cause === NO_BIND_PASSWORD) {
        return 'No bind password is set. Enter it and save the provider, then test again.';
      }
      if (cause instanceof InvalidCredentialsError) {
        return `The directory did not accept the bind DN and password. Check ${config.bindDn} and its password.`;
      }
      if (cause instanceof ResultCodeError) {
        return `The directory refused the bind account: ${cause.message.replace(/ Code: 0x[0-9a-f]+$/, '')}`;
      }
      break;
    case 'filter':
      return `The user filter ${config.userFilter} is not a valid LDAP filter. Write it like ${SSO_DEFAULTS.userFilter}.`;
    case 'search':
    case 'groups':
      if (cause instanceof ResultCodeError) {
        const base = error.step === 'search' ? config.searchBase : config.groupSearchBase;
        return `Searching ${base} failed: ${cause.message.replace(/ Code: 0x[0-9a-f]+$/, '')}. Check the base and that the bind account may read it.`;
      }
      break;
    default:
      break;
  }
  const code = errnoOf(cause);
  if (typeof code === 'string' && TLS_CODES.has(code)) {
    return code === 'ERR_TLS_CERT_ALTNAME_INVALID'
      ? `The certificate of ${host} is for another name.`
      : code === 'CERT_HAS_EXPIRED'
        ? `The certificate of ${host} has expired.`
        : `The certificate of ${host} is not signed by the CA certificate given (or, without one, by an authority the platform trusts).`;
  }
  const message = cause instanceof Error ? cause.message : '';
  if (/timeout|timed out/i.test(message)) {
    return `${host} did not answer within ${LDAP_TIMEOUT_MS / 1000} seconds.`;
  }
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${host} could not be found (DNS).`;
    case 'ECONNREFUSED':
      return `${host} refused the connection. Check the server URL and its port.`;
    case 'ECONNRESET':
      return `${host} closed the connection${config.url.startsWith('ldaps:') || config.startTls ? ' (is TLS set up on that port?)' : ''}.`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${host} cannot be reached from the platform.`;
    default:
      return `The connection to ${host} failed. The server log has the details.`;
  }
}

/**
 * `POST /api/sso-providers/:id/test` for an LDAP provider: binds with the bind account and, when
 * `username` is given, finds that person as a sign-in would (without their password) and says
 * what Perimeter would read of them. Never throws for the directory's sake: a failure is a
 * sentence; the directory's own error goes to the log.
 */
export async function testLdapProvider(
  deps: Pick<Deps, 'env' | 'logger'>,
  provider: SignInProvider,
  username?: string,
): Promise<SsoTestResult> {
  const config = configOf(provider);
  const guardPrivate = !deps.env.ALLOW_PRIVATE_NETWORK_TESTS;
  try {
    return await withDirectory(provider, { guardPrivate }, async (client) => {
      if (!username) {
        return {
          ok: true,
          detail: `Perimeter signed in to the directory as ${config.bindDn}. Give a user name to check that a person can be found.`,
        };
      }
      const found = await findOne(client, config.searchBase, userFilterFor(config, username));
      if (found.kind === 'none') {
        return {
          ok: false,
          detail: `The bind account signed in, but nothing in ${config.searchBase} matches ${username} with the user filter ${config.userFilter}.`,
        };
      }
      if (found.kind === 'many') {
        return {
          ok: false,
          detail: `More than one entry in ${config.searchBase} matches ${username}: the user filter must find exactly one person.`,
        };
      }
      const identity = identityOf(found.entry, await groupsOf(client, config, found.entry));
      const person = {
        dn: found.entry.dn,
        email: identity.email ?? '',
        name: identity.name ?? '',
        groups: identity.groups ?? [],
      };
      if (!identity.email) {
        return {
          ok: false,
          detail: `Found ${found.entry.dn}, but it has no mail attribute: Perimeter finds people by email, so they could not sign in.`,
          person,
        };
      }
      const groups = config.groupSearchBase
        ? person.groups.length
          ? `in ${person.groups.length === 1 ? 'the group' : 'the groups'} ${person.groups.join(', ')}`
          : 'in no group'
        : 'groups are not read (no group search base)';
      return {
        ok: true,
        detail: `Found ${found.entry.dn} (${person.email}), ${groups}.`,
        person,
      };
    });
  } catch (error) {
    if (error instanceof LdapStepError) {
      deps.logger.info(
        { provider: provider.id, step: error.step, error: describe(error.cause) },
        'LDAP provider test failed',
      );
      return { ok: false, detail: testSentence(error, config) };
    }
    throw error;
  }
}

function describe(value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, code: errnoOf(value) };
  }
  return value;
}
