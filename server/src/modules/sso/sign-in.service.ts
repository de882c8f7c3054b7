/**
 * What every SSO protocol shares once the identity provider has vouched for someone (issue 19):
 * which person of the account that is (by email), whether they may come in, creating them on
 * first sign-in when the provider allows it, and team sync. The protocols (oidc.ts, saml.ts,
 * ldap.ts) only turn their provider's answer into an `SsoIdentity`; none of them decides who
 * comes in.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { SsoFailureCode } from '../../../contract/sso';
import type { SsoProviderType } from '../../../contract/sso-providers';
import type { Db } from '../../db/client';
import {
  accounts,
  invitations,
  ssoGroupMappings,
  ssoProviders,
  teamMembers,
  teams,
  users,
} from '../../db/schema';
import type { Deps, Principal } from '../../lib/context';
import { HttpProblem } from '../../lib/problem';
import { recordAudit } from '../audit/audit.service';

/** What an identity provider said about the person signing in. */
export interface SsoIdentity {
  email: string | undefined;
  /** OIDC's `email_verified`; a SAML assertion or a directory entry counts as verified. */
  emailVerified: boolean;
  name: string | undefined;
  /**
   * The person's groups, as the provider names them. Undefined when the provider said nothing
   * about groups (no claim, no attribute): memberships are then left as they are, rather than
   * emptied by a provider that was never asked.
   */
  groups: string[] | undefined;
}

/**
 * Why a sign-in through a provider did not finish. `detail` is for the server log (the
 * provider's own error, with the request id); people only ever see the code's sentence.
 */
export class SsoFailure extends Error {
  constructor(
    readonly code: SsoFailureCode,
    readonly detail?: unknown,
  ) {
    super(`SSO sign-in refused: ${code}`);
    this.name = 'SsoFailure';
  }
}

/** A provider as the protocols need it: its connection details and its secret, opened. */
export interface SignInProvider {
  id: string;
  accountId: string;
  name: string;
  type: SsoProviderType;
  config: Record<string, string | boolean>;
  /** The OIDC client secret or LDAP bind password; undefined when none is set. */
  secret: string | undefined;
  createPeople: boolean;
}

/**
 * The provider `id` of type `type` (any account: sign-in is anonymous), or 404. A provider of
 * another type is not found either, so that a SAML provider cannot be driven as an OIDC one.
 */
export async function loadSignInProvider(
  { db, secrets }: Pick<Deps, 'db' | 'secrets'>,
  id: string,
  type?: SsoProviderType,
): Promise<SignInProvider> {
  const valid = /^[0-9a-f-]{36}$/i.test(id);
  const [row] = valid ? await db.select().from(ssoProviders).where(eq(ssoProviders.id, id)) : [];
  if (!row || (type && row.type !== type)) {
    throw new HttpProblem(404, 'There is no such SSO provider. Go back to the sign-in page.');
  }
  return {
    id: row.id,
    accountId: row.accountId,
    name: row.name,
    type: row.type,
    config: row.config,
    secret: row.secretSealed ? secrets.open(row.secretSealed) : undefined,
    createPeople: row.createPeople,
  };
}

/** `GET /api/auth/sso-providers`: what the sign-in page offers, to anyone. */
export async function listPublicSsoProviders({ db }: Pick<Deps, 'db'>) {
  const items = await db
    .select({ id: ssoProviders.id, name: ssoProviders.name, type: ssoProviders.type })
    .from(ssoProviders)
    .orderBy(asc(sql`lower(${ssoProviders.name})`), asc(ssoProviders.id));
  return { items };
}

export interface AdmittedPerson {
  id: string;
  accountId: string;
  level: Principal['level'];
}

/**
 * Lets the person the identity provider vouched for in, or throws an `SsoFailure`: finds them
 * in the provider's account by email (creating them when the provider allows it), and makes
 * their membership of the teams the provider maps follow their groups. One transaction, so a
 * refusal changes nothing.
 */
export async function admitSsoIdentity(
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  provider: SignInProvider,
  identity: SsoIdentity,
): Promise<AdmittedPerson> {
  const email = identity.email?.trim().toLowerCase();
  if (!email || !email.includes('@')) throw new SsoFailure('email-missing');
  if (!identity.emailVerified) throw new SsoFailure('email-not-verified');
  return db.transaction(async (tx) => {
    const now = clock.now();
    const [found] = await tx
      .select({
        id: users.id,
        accountId: users.accountId,
        level: users.level,
        status: users.status,
        ssoProviderId: users.ssoProviderId,
      })
      .from(users)
      .where(eq(users.email, email))
      .for('update');
    let person: AdmittedPerson;
    if (found && found.accountId === provider.accountId) {
      if (found.ssoProviderId && found.ssoProviderId !== provider.id) {
        throw new SsoFailure('other-provider');
      }
      if (found.status !== 'active') {
        // The provider vouches for the address the invitation was sent to: signing in through
        // it accepts the invitation, as choosing a password would.
        await tx
          .update(users)
          .set({ status: 'active', updatedAt: now })
          .where(eq(users.id, found.id));
        await tx
          .update(invitations)
          .set({ acceptedAt: now })
          .where(eq(invitations.userId, found.id));
      }
      person = { id: found.id, accountId: found.accountId, level: found.level };
    } else if (found) {
      // The address belongs to another account of the deployment.
      throw new SsoFailure('unknown-person');
    } else {
      person = await createPerson(tx, provider, email, identity.name, now);
    }
    if (identity.groups) await syncTeams(tx, provider, person, identity.groups, now);
    return person;
  });
}

/** Creates the person on their first sign-in, when the provider allows it (audited). */
async function createPerson(
  tx: Db,
  provider: SignInProvider,
  email: string,
  name: string | undefined,
  now: Date,
): Promise<AdmittedPerson> {
  if (!provider.createPeople) throw new SsoFailure('unknown-person');
  const [account] = await tx
    .select({ domains: accounts.invitationDomains })
    .from(accounts)
    .where(eq(accounts.id, provider.accountId));
  const domains = account?.domains ?? [];
  const domain = email.slice(email.lastIndexOf('@') + 1);
  if (domains.length > 0 && !domains.includes(domain)) throw new SsoFailure('outside-domains');
  const displayName = name?.trim().slice(0, 100) || email.slice(0, email.indexOf('@'));
  const [row] = await tx
    .insert(users)
    .values({
      accountId: provider.accountId,
      email,
      name: displayName,
      level: 'user',
      status: 'active',
      ssoProviderId: provider.id,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: users.id });
  const person: AdmittedPerson = { id: row!.id, accountId: provider.accountId, level: 'user' };
  await recordAudit(tx, principalOf(person), {
    at: now,
    action: 'user.joined-through-sso',
    target: { type: 'user', id: person.id, name: displayName },
    before: null,
    after: { email, name: displayName, level: 'user', ssoProvider: provider.name },
  });
  return person;
}

/**
 * Team sync: for each team this provider maps, the person is a member exactly when one of
 * their groups maps to it. One audit entry per team that changed; teams the provider does not
 * map are never touched.
 */
async function syncTeams(
  tx: Db,
  provider: SignInProvider,
  person: AdmittedPerson,
  groups: string[],
  now: Date,
  actor: Principal = principalOf(person),
): Promise<{ added: number; removed: number }> {
  const mappings = await tx
    .select({ group: ssoGroupMappings.groupName, teamId: ssoGroupMappings.teamId })
    .from(ssoGroupMappings)
    .where(eq(ssoGroupMappings.providerId, provider.id));
  if (mappings.length === 0) return { added: 0, removed: 0 };
  const has = new Set(groups);
  const mapped = [...new Set(mappings.map((m) => m.teamId))];
  const wanted = new Set(mappings.filter((m) => has.has(m.group)).map((m) => m.teamId));
  const current = new Set(
    (
      await tx
        .select({ teamId: teamMembers.teamId })
        .from(teamMembers)
        .where(and(eq(teamMembers.userId, person.id), inArray(teamMembers.teamId, mapped)))
    ).map((row) => row.teamId),
  );
  const add = mapped.filter((id) => wanted.has(id) && !current.has(id));
  const remove = mapped.filter((id) => !wanted.has(id) && current.has(id));
  if (add.length === 0 && remove.length === 0) return { added: 0, removed: 0 };
  if (add.length > 0) {
    await tx
      .insert(teamMembers)
      .values(add.map((teamId) => ({ accountId: person.accountId, teamId, userId: person.id })))
      .onConflictDoNothing();
  }
  if (remove.length > 0) {
    await tx
      .delete(teamMembers)
      .where(and(eq(teamMembers.userId, person.id), inArray(teamMembers.teamId, remove)));
  }
  const [who] = await tx
    .select({ name: users.name, email: users.email })
    .from(users)
    .where(eq(users.id, person.id));
  const names = new Map(
    (
      await tx
        .select({ id: teams.id, name: teams.name })
        .from(teams)
        .where(inArray(teams.id, [...add, ...remove]))
    ).map((team) => [team.id, team.name]),
  );
  for (const [teamId, member] of [
    ...add.map((id) => [id, true] as const),
    ...remove.map((id) => [id, false] as const),
  ]) {
    await recordAudit(tx, actor, {
      at: now,
      action: 'team.members-synced',
      target: { type: 'team', id: teamId, name: names.get(teamId) ?? teamId },
      before: { person: who?.email, member: !member },
      after: { person: who?.email, member, ssoProvider: provider.name },
    });
  }
  return { added: add.length, removed: remove.length };
}

/**
 * Team sync for a person outside a sign-in (the LDAP provider's on-demand sync): the same rule;
 * the audit entries name `actor`, the administrator who ran it.
 */
export async function syncPersonTeams(
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  provider: SignInProvider,
  person: AdmittedPerson,
  groups: string[],
  actor: Principal,
): Promise<{ added: number; removed: number }> {
  return db.transaction((tx) => syncTeams(tx, provider, person, groups, clock.now(), actor));
}

/** The person as the actor of the audit entries of their own sign-in. */
export function principalOf(person: AdmittedPerson): Principal {
  return { accountId: person.accountId, userId: person.id, level: person.level, via: 'session' };
}
