import { and, asc, count, eq, ne, sql } from 'drizzle-orm';
import type {
  IntegrationReference,
  ParsedCreateRegistryRequest,
  ParsedUpdateRegistryRequest,
  Registry,
  RegistryCredentials,
} from '../../../contract/integrations';
import type { Db } from '../../db/client';
import { registries } from '../../db/schema';
import { anyContains, offsetOf } from '../../lib/sql';
import { checkRegistry } from '../integrations/connection-checks';
import type { IntegrationStore } from '../integrations/integrations.service';

type Row = typeof registries.$inferSelect;

function toRegistry(row: Row): Registry {
  return {
    id: row.id,
    name: row.name,
    domain: row.domain,
    credentialsSet: row.credentialsSealed !== null,
    behindFirewall: row.behindFirewall,
    lastTest: row.lastTest,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const inAccount = (accountId: string, id: string) =>
  and(eq(registries.id, id), eq(registries.accountId, accountId));

/**
 * The pipelines that use a registry. Push steps name one as `registry: <name>` in a pipeline's
 * definition, which arrives with the pipelines issue; until then nothing stored refers to a
 * registry, so the list is empty. That issue adds its query here (by the registry's name), and
 * deletion, the references endpoint and the console's question use it unchanged.
 */
export async function registryReferences(
  _db: Db,
  _accountId: string,
  _id: string,
): Promise<IntegrationReference[]> {
  return [];
}

/** Container registries (P-5.2) as the shared integration rules see them. */
export const registryStore: IntegrationStore<Row, Registry, RegistryCredentials> = {
  noun: 'registry',
  target: 'registry',
  actions: {
    created: 'registry.created',
    updated: 'registry.updated',
    deleted: 'registry.deleted',
  },
  addressOf: (row) => row.domain,
  toItem: toRegistry,
  snapshot: (row) => ({ name: row.name, domain: row.domain, behindFirewall: row.behindFirewall }),
  validate: () => undefined,
  async find(db, accountId, id, forUpdate = false) {
    const query = db.select().from(registries).where(inAccount(accountId, id));
    const [row] = forUpdate ? await query.for('update') : await query;
    return row;
  },
  async nameTaken(db, accountId, name, except) {
    const [clash] = await db
      .select({ id: registries.id })
      .from(registries)
      .where(
        and(
          eq(registries.accountId, accountId),
          sql`lower(${registries.name}) = lower(${name})`,
          except ? ne(registries.id, except) : undefined,
        ),
      );
    return clash !== undefined;
  },
  async page(db, accountId, query) {
    const where = and(
      eq(registries.accountId, accountId),
      query.q ? anyContains([registries.name, registries.domain], query.q) : undefined,
    );
    const [rows, [total]] = await Promise.all([
      db
        .select()
        .from(registries)
        .where(where)
        .orderBy(asc(sql`lower(${registries.name})`), asc(registries.id))
        .limit(query.pageSize)
        .offset(offsetOf(query)),
      db.select({ value: count() }).from(registries).where(where),
    ]);
    return { rows, total: total?.value ?? 0 };
  },
  async insert(db, values) {
    const [row] = await db.insert(registries).values(values).returning();
    return row!;
  },
  async update(db, id, values) {
    const [row] = await db.update(registries).set(values).where(eq(registries.id, id)).returning();
    return row!;
  },
  async remove(db, id) {
    await db.delete(registries).where(eq(registries.id, id));
  },
  references: registryReferences,
  forceNote: 'Delete it anyway (force=true) if those pipelines no longer push there.',
  check: (row, credentials, options) => checkRegistry(row, credentials, options),
};

export function registryCreation(input: ParsedCreateRegistryRequest) {
  const { credentials, ...values } = input;
  return { values: { ...values, behindFirewall: values.behindFirewall ?? false }, credentials };
}

export function registryChange(input: ParsedUpdateRegistryRequest) {
  const { credentials, ...values } = input;
  return { values, credentials };
}
