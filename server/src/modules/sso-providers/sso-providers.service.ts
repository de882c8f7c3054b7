import { and, asc, count, eq, isNotNull, sql, type SQL } from 'drizzle-orm';
import type {
  CreateSsoProviderRequest,
  SsoProvider,
  SsoProviderList,
  SsoProviderType,
  UpdateSsoProviderRequest,
} from '../../../contract/sso-providers';
import type { Db } from '../../db/client';
import { ssoProviders, users } from '../../db/schema';
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

/** Splits a request into what may be shown again (config) and the write-only secret. */
function split(input: Input): { config: Record<string, string>; secret: string | undefined } {
  const { type, name: _name, ...fields } = input;
  const secretField = SECRET_FIELD[type];
  const config: Record<string, string> = {};
  let secret: string | undefined;
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (key === secretField) secret = value as string;
    else config[key] = value as string;
  }
  return { config, secret };
}

type Row = typeof ssoProviders.$inferSelect & { peopleCount: number };

function toSsoProvider(row: Row): SsoProvider {
  const common = {
    id: row.id,
    name: row.name,
    peopleCount: row.peopleCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
  const c = row.config;
  switch (row.type) {
    case 'oidc':
      return {
        type: 'oidc',
        ...common,
        issuerUrl: c.issuerUrl ?? '',
        clientId: c.clientId ?? '',
        clientSecretSet: row.secretSealed !== null,
      };
    case 'saml':
      return {
        type: 'saml',
        ...common,
        ssoUrl: c.ssoUrl ?? '',
        entityId: c.entityId ?? '',
        certificate: c.certificate ?? '',
      };
    case 'ldap':
      return {
        type: 'ldap',
        ...common,
        url: c.url ?? '',
        bindDn: c.bindDn ?? '',
        searchBase: c.searchBase ?? '',
        bindPasswordSet: row.secretSealed !== null,
      };
  }
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
): Promise<SsoProviderList> {
  const rows = await selectProviders(db, eq(ssoProviders.accountId, accountId)).orderBy(
    asc(sql`lower(${ssoProviders.name})`),
  );
  const items = rows.map((row) => toSsoProvider({ ...row.provider, peopleCount: row.peopleCount }));
  return { items, total: items.length };
}

export async function getSsoProvider(
  { db }: Deps,
  accountId: string,
  id: string,
): Promise<SsoProvider> {
  const [row] = await selectProviders(
    db,
    and(eq(ssoProviders.id, id), eq(ssoProviders.accountId, accountId)),
  );
  if (!row) throw new HttpProblem(404, 'There is no such SSO provider.');
  return toSsoProvider({ ...row.provider, peopleCount: row.peopleCount });
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
  row: { name: string; type: SsoProviderType; config: Record<string, string> },
  secret: { isSet: boolean; replaced?: boolean },
): Snapshot {
  const secretField = SECRET_FIELD[row.type];
  return {
    name: row.name,
    type: row.type,
    ...row.config,
    ...(secretField ? { [secretField]: secretMarker(secret.isSet, secret.replaced) } : {}),
  };
}

/** `POST /api/sso-providers`. */
export async function createSsoProvider(
  deps: Deps,
  principal: Principal,
  input: CreateSsoProviderRequest,
): Promise<SsoProvider> {
  const { accountId } = principal;
  const id = await deps.db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ value: count() })
      .from(ssoProviders)
      .where(eq(ssoProviders.accountId, accountId));
    if ((existing?.value ?? 0) >= MAX_PROVIDERS) {
      throw new HttpProblem(409, `An account has at most ${MAX_PROVIDERS} SSO providers.`);
    }
    await assertNameFree(tx, accountId, input.name);
    const { config, secret } = split(input);
    const now = deps.clock.now();
    const [row] = await tx
      .insert(ssoProviders)
      .values({
        accountId,
        name: input.name,
        type: input.type,
        config,
        secretSealed: secret === undefined ? null : deps.secrets.seal(secret),
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: ssoProviders.id });
    await recordAudit(tx, principal, {
      at: now,
      action: 'sso-provider.created',
      target: { type: 'sso-provider', id: row!.id, name: input.name },
      before: null,
      after: providerSnapshot(
        { name: input.name, type: input.type, config },
        { isSet: secret !== undefined },
      ),
    });
    return row!.id;
  });
  return getSsoProvider(deps, accountId, id);
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
): Promise<SsoProvider> {
  const { accountId } = principal;
  await deps.db.transaction(async (tx) => {
    const [current] = await tx
      .select({
        name: ssoProviders.name,
        type: ssoProviders.type,
        config: ssoProviders.config,
        secretSet: sql<boolean>`${ssoProviders.secretSealed} is not null`,
      })
      .from(ssoProviders)
      .where(and(eq(ssoProviders.id, id), eq(ssoProviders.accountId, accountId)))
      .for('update');
    if (!current) throw new HttpProblem(404, 'There is no such SSO provider.');
    await assertNameFree(tx, accountId, input.name, id);
    const { config, secret } = split(input);
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
        // A new secret replaces the old; none kept when the new type has none.
        ...(secret !== undefined
          ? { secretSealed: deps.secrets.seal(secret), plaintextSecret: null }
          : !secretField
            ? { secretSealed: null, plaintextSecret: null }
            : {}),
        updatedAt: now,
      })
      .where(eq(ssoProviders.id, id));
    await recordAudit(tx, principal, {
      at: now,
      action: 'sso-provider.updated',
      target: { type: 'sso-provider', id, name: input.name },
      before: providerSnapshot(current, { isSet: current.secretSet }),
      after: providerSnapshot(
        { name: input.name, type: input.type, config },
        { isSet: secret !== undefined || current.secretSet, replaced: secret !== undefined },
      ),
    });
  });
  return getSsoProvider(deps, accountId, id);
}

/** `DELETE /api/sso-providers/:id`: the people assigned to it are assigned to none. */
export async function deleteSsoProvider(
  { db, clock }: Deps,
  principal: Principal,
  id: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [deleted] = await tx
      .delete(ssoProviders)
      .where(and(eq(ssoProviders.id, id), eq(ssoProviders.accountId, principal.accountId)))
      .returning();
    if (!deleted) throw new HttpProblem(404, 'There is no such SSO provider.');
    await recordAudit(tx, principal, {
      at: clock.now(),
      action: 'sso-provider.deleted',
      target: { type: 'sso-provider', id, name: deleted.name },
      before: providerSnapshot(deleted, { isSet: deleted.secretSealed !== null }),
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
