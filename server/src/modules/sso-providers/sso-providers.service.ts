import { and, asc, count, eq, sql, type SQL } from 'drizzle-orm';
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
import { HttpProblem, invalidField } from '../../lib/problem';

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
        clientSecretSet: row.secret !== null,
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
        bindPasswordSet: row.secret !== null,
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
export async function listSsoProviders({ db }: Deps, accountId: string): Promise<SsoProviderList> {
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
        secret: secret ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: ssoProviders.id });
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
      .select({ type: ssoProviders.type })
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
    await tx
      .update(ssoProviders)
      .set({
        name: input.name,
        type: input.type,
        config,
        // A new secret replaces the old; none kept when the new type has none.
        ...(secret !== undefined ? { secret } : !secretField ? { secret: null } : {}),
        updatedAt: deps.clock.now(),
      })
      .where(eq(ssoProviders.id, id));
  });
  return getSsoProvider(deps, accountId, id);
}

/** `DELETE /api/sso-providers/:id`: the people assigned to it are assigned to none. */
export async function deleteSsoProvider(
  { db }: Deps,
  principal: Principal,
  id: string,
): Promise<void> {
  const deleted = await db
    .delete(ssoProviders)
    .where(and(eq(ssoProviders.id, id), eq(ssoProviders.accountId, principal.accountId)))
    .returning({ id: ssoProviders.id });
  if (deleted.length === 0) throw new HttpProblem(404, 'There is no such SSO provider.');
}
