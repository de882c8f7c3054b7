/**
 * The test directory as a process of its own, for the Playwright journeys (e2e imports no server
 * code): `tsx server/src/testing/idp/slapd-main.ts '<json>'`, where the JSON is
 * `{ people: LdapPerson[], groups?: LdapGroup[] }`. Starts slapd (slapd.ts), loads them, prints
 * one JSON line with the directory's address and accounts, and stops slapd when its standard
 * input closes or it is sent SIGTERM or SIGINT. Fails (exit 1, the reason on stderr) when slapd
 * is not installed.
 */
import {
  LDAP_BIND_DN,
  LDAP_BIND_PASSWORD,
  LDAP_GROUPS,
  LDAP_PEOPLE,
  startSlapd,
  type LdapGroup,
  type LdapPerson,
} from './slapd';

const spec = JSON.parse(process.argv[2] ?? '{}') as { people?: LdapPerson[]; groups?: LdapGroup[] };

try {
  const slapd = await startSlapd();
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await slapd.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.stdin.on('end', () => void stop());
  process.stdin.on('close', () => void stop());
  process.stdin.resume();
  await slapd.load(spec.people ?? [], spec.groups ?? []);
  process.stdout.write(
    `${JSON.stringify({
      url: slapd.url,
      bindDn: LDAP_BIND_DN,
      bindPassword: LDAP_BIND_PASSWORD,
      peopleBase: LDAP_PEOPLE,
      groupsBase: LDAP_GROUPS,
    })}\n`,
  );
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
