import { and, asc, count, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import {
  SSO_DEFAULTS,
  type CreateSsoProviderRequest,
  type GroupMapping,
  type SsoProvider,
  type SsoProviderList,
  type SsoProviderType,
  type UpdateSsoProviderRequest,
} from '../../../contract/sso-providers';
import type { Db } from '../../db/client';
import { ssoGroupMappings, ssoProviders, teams, users } from '../../db/schema';
import type { Deps, Principal } from '../../lib/context';
import type { SecretBox } from '../../lib/secret-box';
import { HttpProblem, invalidField } from '../../lib/problem';
import { recordAudit, secretMarker, type Snapshot } from '../audit/audit.service';

/** The field of each type that holds its write-only secret, if it has one. */
const SECRET_FIELD: Record<SsoProviderType, 'clientSecret' | 'bindPassword' | undefined> = {
  oidc: 'clientSecret',
  saml: undefined,
  ldap: 'bindPassword',
};

type Input = CreateSsoProviderRequest | UpdateSsoProviderRequest;
type Config = Record<string, string | boolean>;

/**
 * Splits a request into what may be shown again (config), the write-only secret, and what has
 * columns and rows of its own (create-people, the group mappings).
 */
function split(input: Input): {
  config: Config;
  secret: string | undefined;
  createPeople: boolean;
  groupMappings: GroupMapping[];
} {
  const { type, name: _name, createPeople, groupMappings, ...fields } = input;
  const secretField = SECRET_FIELD[type];
  const config: Config = {};
  let secret: string | undefined;
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (key === secretField) secret = value as string;
    else config[key] = value as string | boolean;
  }
  return {
    config,
    secret,
    createPeople: createPeople ?? false,
    groupMappings: dedupe(groupMappings ?? []),
  };
}

function dedupe(mappings: GroupMapping[]): GroupMapping[] {
  const seen = new Set<string>();
  return mappings.filter((m) => {
    const key = `${m.group}\u0000${m.teamId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Perimeter's own addresses for a provider: what an administrator registers at the IdP. */
export function ssoEndpoints(consoleUrl: string, providerId: string) {
  const base = `${consoleUrl}/api/auth/sso/${providerId}`;
  return {
    redirectUri: `${base}/callback`,
    acsUrl: `${base}/callback`,
    metadataUrl: `${base}/metadata`,
    spEntityId: `${base}/metadata`,
  };
}

type Row = typeof ssoProviders.$inferSelect & { peopleCount: number };
type MappingRow = { group: string; teamId: string; teamName: string };

const text = (value: string | boolean | undefined) => (typeof value === 'string' ? value : '');

function toSsoProvider(row: Row, mappings: MappingRow[], consoleUrl: string): SsoProvider {
  const common = {
    id: row.id,
    name: row.name,
    peopleCount: row.peopleCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    createPeople: row.createPeople,
    groupMappings: mappings,
  };
  const c = row.config;
  const endpoints = ssoEndpoints(consoleUrl, row.id);
  switch (row.type) {
    case 'oidc':
      return {
        type: 'oidc',
        ...common,
        issuerUrl: text(c.issuerUrl),
        clientId: text(c.clientId),
        groupsClaim: text(c.groupsClaim) || SSO_DEFAULTS.groupsClaim,
        clientSecretSet: row.secretSealed !== null,
        redirectUri: endpoints.redirectUri,
      };
    case 'saml':
      return {
        type: 'saml',
        ...common,
        ssoUrl: text(c.ssoUrl),
        entityId: text(c.entityId),
        certificate: text(c.certificate),
        emailAttribute: text(c.emailAttribute),
        groupsAttribute: text(c.groupsAttribute) || SSO_DEFAULTS.groupsAttribute,
        metadataUrl: endpoints.metadataUrl,
        spEntityId: endpoints.spEntityId,
        acsUrl: endpoints.acsUrl,
      };
    case 'ldap':
      return {
        type: 'ldap',
        ...common,
        url: text(c.url),
        bindDn: text(c.bindDn),
        searchBase: text(c.searchBase),
        userFilter: text(c.userFilter) || SSO_DEFAULTS.userFilter,
        groupSearchBase: text(c.groupSearchBase),
        startTls: c.startTls === true,
        caCertificate: text(c.caCertificate),
        bindPasswordSet: row.secretSealed !== null,
      };
  }
}

/** The group mappings of the given providers, with each team's name as it is now. */
async function mappingsOf(db: Db, providerIds: string[]): Promise<Map<string, MappingRow[]>> {
  const byProvider = new Map<string, MappingRow[]>();
  if (providerIds.length === 0) return byProvider;
  const rows = await db
    .select({
      providerId: ssoGroupMappings.providerId,
      group: ssoGroupMappings.groupName,
      teamId: ssoGroupMappings.teamId,
      teamName: teams.name,
    })
    .from(ssoGroupMappings)
    .innerJoin(teams, eq(teams.id, ssoGroupMappings.teamId))
    .where(inArray(ssoGroupMappings.providerId, providerIds))
    .orderBy(asc(ssoGroupMappings.groupName), asc(teams.name));
  for (const { providerId, ...mapping } of rows) {
    byProvider.set(providerId, [...(byProvider.get(providerId) ?? []), mapping]);
  }
  return byProvider;
}

/**
 * Replaces the provider's group mappings. Every team must be one of the account's own teams
 * (not a built-in one, whose members follow from the people): 422 on the field otherwise.
 */
async function saveMappings(
  tx: Db,
  accountId: string,
  providerId: string,
  mappings: GroupMapping[],
): Promise<void> {
  const teamIds = [...new Set(mappings.map((m) => m.teamId))];
  if (teamIds.length > 0) {
    const found = await tx
      .select({ id: teams.id })
      .from(teams)
      .where(
        and(eq(teams.accountId, accountId), inArray(teams.id, teamIds), isNull(teams.builtIn)),
      );
    const known = new Set(found.map((t) => t.id));
    const index = mappings.findIndex((m) => !known.has(m.teamId));
    if (index >= 0) {
      throw invalidField(
        `groupMappings.${index}.teamId`,
        'Choose one of the account’s own teams: the built-in teams users and admins follow from the people.',
      );
    }
  }
  await tx.delete(ssoGroupMappings).where(eq(ssoGroupMappings.providerId, providerId));
  if (mappings.length > 0) {
    await tx
      .insert(ssoGroupMappings)
      .values(
        mappings.map((m) => ({ accountId, providerId, groupName: m.group, teamId: m.teamId })),
      );
  }
}

/**
 * An http:// issuer or single sign-on URL is taken only for a loopback address, and only when
 * the server was started with SSO_ALLOW_HTTP_ISSUERS=true (tests, trying it locally).
 */
function assertSecureUrl(deps: Pick<Deps, 'env'>, field: string, value: string | undefined): void {
  if (!value) return;
  const url = new URL(value);
  if (url.protocol === 'https:') return;
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (loopback && deps.env.SSO_ALLOW_HTTP_ISSUERS) return;
  throw invalidField(
    field,
    loopback
      ? 'Enter an https:// address. An http:// one on this machine is taken only when the server runs with SSO_ALLOW_HTTP_ISSUERS=true.'
      : 'Enter an https:// address: the identity provider’s answers must not travel in the clear.',
  );
}

function assertInputAllowed(deps: Pick<Deps, 'env'>, input: Input): void {
  if (input.type === 'oidc') assertSecureUrl(deps, 'issuerUrl', input.issuerUrl);
  if (input.type === 'saml') assertSecureUrl(deps, 'ssoUrl', input.ssoUrl);
}

/** Providers with how many people each has (a join, so every column is qualified). */
function selectProviders(db: Db, where: SQL | undefined) {
  return db
    .select({ provider: ssoProviders, peopleCount: count(users.id) })
    .from(ssoProviders)
    .leftJoin(users, eq(users.ssoProviderId, ssoProviders.id))
    .where(where)
    .groupBy(ssoProviders.id);
}

/** `GET /api/sso-providers`: every provider of the account, by name. */
export async function listSsoProviders(
  { db }: Pick<Deps, 'db'>,
  accountId: string,
  consoleUrl: string,
): Promise<SsoProviderList> {
  const rows = await selectProviders(db, eq(ssoProviders.accountId, accountId)).orderBy(
    asc(sql`lower(${ssoProviders.name})`),
  );
  const mappings = await mappingsOf(
    db,
    rows.map((row) => row.provider.id),
  );
  const items = rows.map((row) =>
    toSsoProvider(
      { ...row.provider, peopleCount: row.peopleCount },
      mappings.get(row.provider.id) ?? [],
      consoleUrl,
    ),
  );
  return { items, total: items.length };
}

export async function getSsoProvider(
  { db }: Pick<Deps, 'db'>,
  accountId: string,
  id: string,
  consoleUrl: string,
): Promise<SsoProvider> {
  const [row] = await selectProviders(
    db,
    and(eq(ssoProviders.id, id), eq(ssoProviders.accountId, accountId)),
  );
  if (!row) throw new HttpProblem(404, 'There is no such SSO provider.');
  const mappings = await mappingsOf(db, [id]);
  return toSsoProvider(
    { ...row.provider, peopleCount: row.peopleCount },
    mappings.get(id) ?? [],
    consoleUrl,
  );
}

async function assertNameFree(db: Db, accountId: string, name: string, except?: string) {
  const [clash] = await db
    .select({ id: ssoProviders.id })
    .from(ssoProviders)
    .where(
      and(eq(ssoProviders.accountId, accountId), sql`lower(${ssoProviders.name}) = lower(${name})`),
    );
  if (clash && clash.id !== except) {
    throw invalidField('name', `An SSO provider named ${name} already exists.`);
  }
}

const MAX_PROVIDERS = 50;

/**
 * What the audit log records of a provider: its name, type and connection details, and of its
 * secret only whether one is set (`[redacted]`) or was just replaced (`[redacted: changed]`).
 */
function providerSnapshot(
  row: {
    name: string;
    type: SsoProviderType;
    config: Config;
    createPeople: boolean;
    groupMappings: GroupMapping[];
  },
  secret: { isSet: boolean; replaced?: boolean },
): Snapshot {
  const secretField = SECRET_FIELD[row.type];
  return {
    name: row.name,
    type: row.type,
    ...row.config,
    createPeople: row.createPeople,
    groupMappings: row.groupMappings.map((m) => `${m.group} → ${m.teamId}`).sort(),
    ...(secretField ? { [secretField]: secretMarker(secret.isSet, secret.replaced) } : {}),
  };
}

/** `POST /api/sso-providers`. */
export async function createSsoProvider(
  deps: Deps,
  principal: Principal,
  input: CreateSsoProviderRequest,
  consoleUrl: string,
): Promise<SsoProvider> {
  const { accountId } = principal;
  assertInputAllowed(deps, input);
  const id = await deps.db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ value: count() })
      .from(ssoProviders)
      .where(eq(ssoProviders.accountId, accountId));
    if ((existing?.value ?? 0) >= MAX_PROVIDERS) {
      throw new HttpProblem(409, `An account has at most ${MAX_PROVIDERS} SSO providers.`);
    }
    await assertNameFree(tx, accountId, input.name);
    const { config, secret, createPeople, groupMappings } = split(input);
    const now = deps.clock.now();
    const [row] = await tx
      .insert(ssoProviders)
      .values({
        accountId,
        name: input.name,
        type: input.type,
        config,
        createPeople,
        secretSealed: secret === undefined ? null : deps.secrets.seal(secret),
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: ssoProviders.id });
    await saveMappings(tx, accountId, row!.id, groupMappings);
    await recordAudit(tx, principal, {
      at: now,
      action: 'sso-provider.created',
      target: { type: 'sso-provider', id: row!.id, name: input.name },
      before: null,
      after: providerSnapshot(
        { name: input.name, type: input.type, config, createPeople, groupMappings },
        { isSet: secret !== undefined },
      ),
    });
    return row!.id;
  });
  return getSsoProvider(deps, accountId, id, consoleUrl);
}

/**
 * `PUT /api/sso-providers/:id`: every field again; a secret left out keeps the one set, unless
 * the type changes, when the new type's secret must be given.
 */
export async function updateSsoProvider(
  deps: Deps,
  principal: Principal,
  id: string,
  input: UpdateSsoProviderRequest,
  consoleUrl: string,
): Promise<SsoProvider> {
  const { accountId } = principal;
  assertInputAllowed(deps, input);
  await deps.db.transaction(async (tx) => {
    const [current] = await tx
      .select({
        name: ssoProviders.name,
        type: ssoProviders.type,
        config: ssoProviders.config,
        createPeople: ssoProviders.createPeople,
        secretSet: sql<boolean>`${ssoProviders.secretSealed} is not null`,
      })
      .from(ssoProviders)
      .where(and(eq(ssoProviders.id, id), eq(ssoProviders.accountId, accountId)))
      .for('update');
    if (!current) throw new HttpProblem(404, 'There is no such SSO provider.');
    await assertNameFree(tx, accountId, input.name, id);
    const currentMappings = await tx
      .select({ group: ssoGroupMappings.groupName, teamId: ssoGroupMappings.teamId })
      .from(ssoGroupMappings)
      .where(eq(ssoGroupMappings.providerId, id));
    const { config, secret, createPeople, groupMappings } = split(input);
    const secretField = SECRET_FIELD[input.type];
    const typeChanged = current.type !== input.type;
    if (typeChanged && secretField && secret === undefined) {
      throw invalidField(
        secretField,
        `Enter the ${secretField === 'clientSecret' ? 'client secret' : 'bind password'}: the provider's type changed.`,
      );
    }
    const now = deps.clock.now();
    await tx
      .update(ssoProviders)
      .set({
        name: input.name,
        type: input.type,
        config,
        createPeople,
        // A new secret replaces the old; none kept when the new type has none.
        ...(secret !== undefined
          ? { secretSealed: deps.secrets.seal(secret), plaintextSecret: null }
          : !secretField
            ? { secretSealed: null, plaintextSecret: null }
            : {}),
        updatedAt: now,
      })
      .where(eq(ssoProviders.id, id));
    await saveMappings(tx, accountId, id, groupMappings);
    await recordAudit(tx, principal, {
      at: now,
      action: 'sso-provider.updated',
      target: { type: 'sso-provider', id, name: input.name },
      before: providerSnapshot(
        { ...current, groupMappings: currentMappings },
        { isSet: current.secretSet },
      ),
      after: providerSnapshot(
        { name: input.name, type: input.type, config, createPeople, groupMappings },
        { isSet: secret !== undefined || current.secretSet, replaced: secret !== undefined },
      ),
    });
  });
  return getSsoProvider(deps, accountId, id, consoleUrl);
}

/** `DELETE /api/sso-providers/:id`: the people assigned to it are assigned to none. */
export async function deleteSsoProvider(
  { db, clock }: Deps,
  principal: Principal,
  id: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const mappings = await tx
      .select({ group: ssoGroupMappings.groupName, teamId: ssoGroupMappings.teamId })
      .from(ssoGroupMappings)
      .where(
        and(
          eq(ssoGroupMappings.providerId, id),
          eq(ssoGroupMappings.accountId, principal.accountId),
        ),
      );
    const [deleted] = await tx
      .delete(ssoProviders)
      .where(and(eq(ssoProviders.id, id), eq(ssoProviders.accountId, principal.accountId)))
      .returning();
    if (!deleted) throw new HttpProblem(404, 'There is no such SSO provider.');
    await recordAudit(tx, principal, {
      at: clock.now(),
      action: 'sso-provider.deleted',
      target: { type: 'sso-provider', id, name: deleted.name },
      before: providerSnapshot(
        { ...deleted, groupMappings: mappings },
        { isSet: deleted.secretSealed !== null },
      ),
      after: null,
    });
  });
}

/**
 * Seals the secrets kept in plain text before they were sealed (migration
 * `*_sso_secrets_sealed`), and empties the plain-text column. Run at start, before the server
 * listens: SQL cannot seal (the key is the server's). One transaction, with the rows locked, so
 * two servers starting on one PostgreSQL seal each secret once; idempotent, it finds nothing the
 * next time. Answers how many it sealed.
 */
export async function sealPlaintextSsoSecrets(db: Db, secrets: SecretBox): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: ssoProviders.id, plaintextSecret: ssoProviders.plaintextSecret })
      .from(ssoProviders)
      .where(isNotNull(ssoProviders.plaintextSecret))
      .for('update');
    for (const row of rows) {
      await tx
        .update(ssoProviders)
        .set({ secretSealed: secrets.seal(row.plaintextSecret!), plaintextSecret: null })
        .where(eq(ssoProviders.id, row.id));
    }
    return rows.length;
  });
}
