import type {
  IntegrationReference,
  ParsedCreateRegistryRequest,
  ParsedUpdateRegistryRequest,
  Registry,
  RegistryCredentials,
} from '../../../contract/integrations';
import type { Db } from '../../db/client';
import { registries } from '../../db/schema';
import { checkRegistry } from '../integrations/connection-checks';
import { integrationTableQueries } from '../integrations/integration-table';
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
  ...integrationTableQueries(registries, [registries.name, registries.domain]),
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
