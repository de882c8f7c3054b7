/**
 * A real LDAP directory for the tests: Debian's OpenLDAP `slapd`, started on a free loopback
 * port with a configuration of the tests' own (an mdb database in a temporary directory, the
 * core, cosine, inetorgperson and nis schemas), loaded with people and groups through ldapts as
 * the root DN, and stopped afterwards. It answers in well under a second.
 *
 * slapd is a system package, not an npm one: `.ci/run` installs it when it is missing. Without it
 * the tests fail with the sentence below (never skip: a directory test that cannot run must not
 * look like one that passed).
 *
 * With `tls: true`, the harness makes a CA and a certificate for 127.0.0.1 with `openssl` and
 * slapd answers StartTLS on its ldap:// port and ldaps:// on a second port.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Attribute, Change, Client } from 'ldapts';

export const SLAPD_MISSING =
  'slapd (Debian’s OpenLDAP server) is not installed, and the LDAP tests need it. Install it with: ' +
  "echo 'slapd slapd/no_configuration boolean true' | debconf-set-selections && " +
  'DEBIAN_FRONTEND=noninteractive apt-get install -y slapd ldap-utils (as root; .ci/run does this in CI).';

const SLAPD_PATHS = ['/usr/sbin/slapd', '/usr/local/libexec/slapd', '/usr/libexec/slapd'];
const SCHEMA_DIR = '/etc/ldap/schema';
const MODULE_DIR = '/usr/lib/ldap';

/** The directory's suffix, and the accounts the tests use. */
export const LDAP_SUFFIX = 'dc=perimeter,dc=test';
export const LDAP_ROOT_DN = `cn=admin,${LDAP_SUFFIX}`;
export const LDAP_ROOT_PASSWORD = 'root-secret-of-the-test-directory';
export const LDAP_PEOPLE = `ou=people,${LDAP_SUFFIX}`;
export const LDAP_GROUPS = `ou=groups,${LDAP_SUFFIX}`;
/** The bind account Perimeter searches with (a person of its own, not the root DN). */
export const LDAP_BIND_DN = `cn=perimeter,ou=services,${LDAP_SUFFIX}`;
export const LDAP_BIND_PASSWORD = 'bind-password-of-perimeter-5e1c';

export interface LdapPerson {
  uid: string;
  /** The common name (`cn`); the display name is the same. */
  name: string;
  mail?: string;
  password: string;
}

export interface LdapGroup {
  cn: string;
  /** uids of its members (groupOfNames `member` DNs). */
  members: string[];
  /** `posixGroup` with `memberUid` instead of groupOfNames. */
  posix?: boolean;
}

export interface Slapd {
  /** `ldap://127.0.0.1:<port>` */
  url: string;
  /** `ldaps://127.0.0.1:<port>`, with `tls: true`. */
  ldapsUrl?: string;
  /** The CA that signed the server's certificate (PEM), with `tls: true`. */
  caCertificate?: string;
  /** Adds people and groups (as the root DN). */
  load(people: LdapPerson[], groups?: LdapGroup[]): Promise<void>;
  /** Adds or removes a person from a groupOfNames. */
  setMember(group: string, uid: string, member: boolean): Promise<void>;
  personDn(uid: string): string;
  stop(): Promise<void>;
}

/** slapd's path, or an error that says how to install it. */
export function findSlapd(paths = SLAPD_PATHS): string {
  const found = paths.find((path) => existsSync(path));
  if (!found || !existsSync(join(SCHEMA_DIR, 'nis.schema'))) throw new Error(SLAPD_MISSING);
  return found;
}

/** A free loopback port (the kernel picks it; slapd then binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('port')),
      );
    });
  });
}

function makeCertificates(dir: string): { ca: string; cert: string; key: string } {
  const run = (args: string[]) => {
    const result = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error(`openssl ${args[0]} failed: ${result.stderr || result.error?.message}`);
    }
  };
  run([
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=Perimeter test CA',
    '-keyout', 'ca.key', '-out', 'ca.pem',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]); // prettier-ignore
  run([
    'req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1',
    '-keyout', 'server.key', '-out', 'server.csr',
  ]); // prettier-ignore
  writeFileSync(
    join(dir, 'server.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n',
  );
  run([
    'x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
    '-days', '2', '-out', 'server.pem', '-extfile', 'server.ext',
  ]); // prettier-ignore
  return { ca: join(dir, 'ca.pem'), cert: join(dir, 'server.pem'), key: join(dir, 'server.key') };
}

async function waitForAnswer(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`slapd stopped at start (exit ${child.exitCode}):\n${log()}`);
    }
    const client = new Client({ url, connectTimeout: 1000, timeout: 2000 });
    try {
      await client.bind(LDAP_ROOT_DN, LDAP_ROOT_PASSWORD);
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(`slapd did not answer on ${url} within 20 s: ${String(error)}\n${log()}`, {
          cause: error,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }
}

/** Starts slapd with the base entries (people, groups, services and the bind account). */
export async function startSlapd(options: { tls?: boolean } = {}): Promise<Slapd> {
  const slapd = findSlapd();
  const dir = mkdtempSync(join(tmpdir(), 'perimeter-slapd-'));
  mkdirSync(join(dir, 'data'));
  const tls = options.tls ? makeCertificates(dir) : undefined;
  const config = [
    ...['core', 'cosine', 'inetorgperson', 'nis'].map((s) => `include ${SCHEMA_DIR}/${s}.schema`),
    `pidfile ${join(dir, 'slapd.pid')}`,
    `argsfile ${join(dir, 'slapd.args')}`,
    `modulepath ${MODULE_DIR}`,
    'moduleload back_mdb',
    ...(tls
      ? [
          `TLSCACertificateFile ${tls.ca}`,
          `TLSCertificateFile ${tls.cert}`,
          `TLSCertificateKeyFile ${tls.key}`,
        ]
      : []),
    'database mdb',
    `suffix "${LDAP_SUFFIX}"`,
    `rootdn "${LDAP_ROOT_DN}"`,
    `rootpw ${LDAP_ROOT_PASSWORD}`,
    `directory ${join(dir, 'data')}`,
    'maxsize 16777216',
    // As a directory is usually set up: passwords only for binding, the rest for signed-in
    // accounts, nothing for anonymous ones.
    'access to attrs=userPassword by self write by anonymous auth by * none',
    'access to * by users read by * none',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'slapd.conf'), config);

  const port = await freePort();
  const tlsPort = tls ? await freePort() : undefined;
  const url = `ldap://127.0.0.1:${port}`;
  const urls = [`${url}/`, ...(tlsPort ? [`ldaps://127.0.0.1:${tlsPort}/`] : [])].join(' ');
  const child = spawn(slapd, ['-d', '0', '-h', urls, '-f', join(dir, 'slapd.conf')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // slapd outlives a test process that ends without stopping it (a crash, an uncaught error):
  // it is stopped with the process whatever happens.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForAnswer(url, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }

  const asRoot = async <T>(work: (client: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ url, connectTimeout: 5000, timeout: 5000 });
    try {
      await client.bind(LDAP_ROOT_DN, LDAP_ROOT_PASSWORD);
      return await work(client);
    } finally {
      await client.unbind().catch(() => undefined);
    }
  };
  const personDn = (uid: string) => `uid=${uid},${LDAP_PEOPLE}`;

  await asRoot(async (client) => {
    await client.add(LDAP_SUFFIX, {
      objectClass: ['top', 'dcObject', 'organization'],
      dc: 'perimeter',
      o: 'Perimeter tests',
    });
    for (const ou of ['people', 'groups', 'services']) {
      await client.add(`ou=${ou},${LDAP_SUFFIX}`, { objectClass: 'organizationalUnit', ou });
    }
    await client.add(LDAP_BIND_DN, {
      objectClass: ['person'],
      cn: 'perimeter',
      sn: 'Perimeter',
      userPassword: LDAP_BIND_PASSWORD,
    });
  });

  return {
    url,
    ...(tlsPort && tls
      ? { ldapsUrl: `ldaps://127.0.0.1:${tlsPort}`, caCertificate: readFileSync(tls.ca, 'utf8') }
      : {}),
    personDn,
    async load(people, groups = []) {
      await asRoot(async (client) => {
        for (const person of people) {
          await client.add(personDn(person.uid), {
            objectClass: ['inetOrgPerson'],
            uid: person.uid,
            cn: person.name,
            displayName: person.name,
            sn: person.name.split(' ').pop() || person.name,
            ...(person.mail ? { mail: person.mail } : {}),
            userPassword: person.password,
          });
        }
        for (const group of groups) {
          await client.add(
            `cn=${group.cn},${LDAP_GROUPS}`,
            group.posix
              ? {
                  objectClass: ['posixGroup'],
                  cn: group.cn,
                  gidNumber: String(10_000 + Math.floor(Math.random() * 50_000)),
                  ...(group.members.length ? { memberUid: group.members } : {}),
                }
              : {
                  objectClass: ['groupOfNames'],
                  cn: group.cn,
                  // groupOfNames needs one member at least: the bind account is one of each, so
                  // that removing a person never leaves a group empty.
                  member: [LDAP_BIND_DN, ...group.members.map(personDn)],
                },
          );
        }
      });
    },
    async setMember(group, uid, member) {
      await asRoot((client) =>
        client.modify(
          `cn=${group},${LDAP_GROUPS}`,
          new Change({
            operation: member ? 'add' : 'delete',
            modification: new Attribute({ type: 'member', values: [personDn(uid)] }),
          }),
        ),
      );
    },
    stop,
  };
}
